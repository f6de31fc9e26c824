/**
 * EC2 DescribeRegions, for `collect --region all`: the regions enabled for the calling account
 * (its `enabledRegions`, else the regions its estate lists). EC2 speaks its own query dialect:
 * lists as `Name.N`, a flat response with `requestId` and `<item>` lists, and `<Response><Errors>`.
 */
import { ApiError } from '../api-error.ts';
import type { CallContext } from './context.ts';

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const EC2_VERSION = '2016-11-15';

export interface Ec2Region {
  regionName: string;
  regionEndpoint: string;
  optInStatus: string;
}

/** The opt-in regions (everything else is enabled by default in every account). */
const OPT_IN = /^(af-south-1|ap-east-1|ap-south-2|ap-southeast-3|ap-southeast-4|ap-southeast-5|ap-southeast-7|ca-west-1|eu-central-2|eu-south-1|eu-south-2|il-central-1|me-central-1|me-south-1|mx-central-1)$/;

export function describeRegions(params: ReadonlyMap<string, string>, ctx: CallContext): { regionInfo: Ec2Region[] } {
  const names: string[] = [];
  for (const [key, value] of params) {
    if (/^RegionName\.\d+$/.test(key)) names.push(value);
    else if (key === 'AllRegions') {
      if (value !== 'true' && value !== 'false') throw new ApiError('InvalidParameterValue', `Invalid value '${value}' for AllRegions`);
    } else if (key === 'DryRun') {
      if (value === 'true') throw new ApiError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    } else if (!/^Filter\.\d+\.(Name|Value\.\d+)$/.test(key)) {
      throw new ApiError('InvalidParameter', `The parameter ${key} is not recognized`);
    }
  }
  const account = ctx.account.account;
  const enabled = [...new Set(account.enabledRegions ?? account.regions.map((r) => r.region))].sort();
  for (const n of names) if (!enabled.includes(n)) throw new ApiError('InvalidParameterValue', `Invalid region: ${n}`);
  const chosen = names.length > 0 ? enabled.filter((r) => names.includes(r)) : enabled;
  return {
    regionInfo: chosen.map((regionName) => ({
      regionName,
      regionEndpoint: `ec2.${regionName}.amazonaws.com`,
      optInStatus: OPT_IN.test(regionName) ? 'opted-in' : 'opt-in-not-required',
    })),
  };
}
