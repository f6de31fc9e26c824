/**
 * `--region all`: the regions enabled for an account, from EC2 DescribeRegions (opt-in regions
 * appear only once enabled, so each account is asked with its own credentials). The EC2 client
 * is loaded only when asked for: it is large, and most runs name their regions.
 */
import type { Scope } from './call.ts';
import { callOnce } from './call.ts';
import { baseConfig, instrument, type ClientSettings } from './clients.ts';

export async function enabledRegions(region: string, settings: ClientSettings, scope: Scope): Promise<string[] | undefined> {
  const { EC2Client, DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const client = instrument(new EC2Client(baseConfig(region, settings, 'ec2')), 'ec2', 'global', settings);
  try {
    const answer = await callOnce(scope, 'ec2', 'DescribeRegions', () => client.send(new DescribeRegionsCommand({ AllRegions: false })));
    if (!answer.ok) return undefined;
    const names = (answer.value.Regions ?? [])
      .filter((r) => r.OptInStatus === undefined || r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName)
      .filter((n): n is string => typeof n === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(n));
    return [...new Set(names)].sort();
  } finally {
    client.destroy();
  }
}
