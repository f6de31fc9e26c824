/**
 * Reading a request the way AWS front ends do: awsJson calls by `X-Amz-Target`, query calls (IAM,
 * STS, EC2) by the form's `Action` and the SigV4 credential scope's service; the region and access key also
 * come from the credential scope.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type ServiceKey = 'proton' | 'tag' | 'servicequotas' | 'organizations' | 'codebuild' | 'iam' | 'sts' | 'ec2' | 'cloudformation';

export interface ParsedCall {
  /** Undefined when the request names no service the emulator knows. */
  service?: ServiceKey;
  protocol: 'json' | 'query';
  operation: string;
  region: string;
  accessKeyId?: string;
  /** awsJson: the parsed body. */
  json?: unknown;
  /** awsJson: the body was not JSON. */
  jsonError?: string;
  /** awsQuery: form parameters other than Action and Version. */
  params?: Map<string, string>;
  version?: string;
}

const JSON_TARGETS: Record<string, ServiceKey> = {
  AwsProton20200720: 'proton',
  ResourceGroupsTaggingAPI_20170126: 'tag',
  ServiceQuotasV20190624: 'servicequotas',
  AWSOrganizationsV20161128: 'organizations',
  CodeBuild_20161006: 'codebuild',
};

export const JSON_CONTENT_TYPE: Record<string, string> = {
  proton: 'application/x-amz-json-1.0',
  tag: 'application/x-amz-json-1.1',
  servicequotas: 'application/x-amz-json-1.1',
  organizations: 'application/x-amz-json-1.1',
  codebuild: 'application/x-amz-json-1.1',
};

export const QUERY_VERSION: Record<'iam' | 'sts' | 'ec2' | 'cloudformation', string> = { iam: '2010-05-08', sts: '2011-06-15', ec2: '2016-11-15', cloudformation: '2010-05-15' };

interface Scope {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

function credentialScope(headers: IncomingHttpHeaders): Scope {
  const auth = headers.authorization;
  const m = typeof auth === 'string' ? /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(auth) : null;
  if (!m) return {};
  return { accessKeyId: m[1], region: m[2], service: m[3] };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseCall(headers: IncomingHttpHeaders, body: string): ParsedCall {
  const scope = credentialScope(headers);
  const region = scope.region ?? 'us-east-1';
  const base = { region, ...(scope.accessKeyId ? { accessKeyId: scope.accessKeyId } : {}) };
  const target = header(headers, 'x-amz-target');
  if (target) {
    const dot = target.indexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const operation = dot < 0 ? '' : target.slice(dot + 1);
    const service = JSON_TARGETS[prefix];
    const call: ParsedCall = { ...base, protocol: 'json', operation: operation || target, ...(service ? { service } : {}) };
    if (body.trim() === '') return { ...call, json: {} };
    try {
      return { ...call, json: JSON.parse(body) as unknown };
    } catch (err) {
      return { ...call, jsonError: err instanceof Error ? err.message : String(err) };
    }
  }
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  const version = form.get('Version') ?? undefined;
  const params = new Map<string, string>();
  for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') params.set(k, v);
  let service: ServiceKey | undefined;
  if (scope.service === 'iam' || scope.service === 'sts' || scope.service === 'ec2' || scope.service === 'cloudformation') service = scope.service;
  else if (!scope.service) {
    service = (Object.keys(QUERY_VERSION) as Array<keyof typeof QUERY_VERSION>).find((k) => QUERY_VERSION[k] === version);
  }
  return { ...base, protocol: 'query', operation: action ?? '', params, ...(version ? { version } : {}), ...(service ? { service } : {}) };
}
