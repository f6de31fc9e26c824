/** ARN fields and the "does this resource pattern cover that set of resources" questions. */
import { isAllResources, resourceGlobMatches } from './glob.ts';

export interface ArnFields {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon (resource types may contain colons themselves). */
  resource: string;
}

export function parseArn(value: string): ArnFields | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1] ?? '',
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    account: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}

/** The 12-digit account of an ARN or a bare account id, if there is one. */
export function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const account = parseArn(value)?.account;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** Why an ARN-looking string cannot be a valid ARN, or undefined. */
export function arnProblem(value: string): string | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return 'malformed: fewer than six ARN fields';
  if (parts[1] === '') return 'malformed: empty partition field';
  if (parts[2] === '') return 'malformed: empty service field';
  if (!/^[A-Za-z0-9*?-]+$/.test(parts[2] ?? '')) return `malformed: invalid service field "${parts[2] ?? ''}"`;
  return undefined;
}

/**
 * Whether a resource pattern covers every resource of one type: '*', an all-wildcard ARN, or an
 * ARN of the service whose account field matches the account (any account when unknown) and whose
 * resource is '<type>/*' or '<type>*'. Used for "on '*'" questions about IAM resources, where
 * 'arn:aws:iam::*:role/*' is as broad as '*'.
 */
export function coversAllOfType(pattern: string, service: string, type: string, account: string | undefined): boolean {
  if (isAllResources(pattern)) return true;
  const f = parseArn(pattern);
  if (!f) return false;
  if (!resourceGlobMatches(f.service, service)) return false;
  if (!(account ? resourceGlobMatches(f.account, account) : /^\*+$/.test(f.account))) return false;
  return /^\*+$/.test(f.resource) || f.resource === `${type}/*` || f.resource === `${type}*`;
}

/**
 * Whether a resource pattern covers every resource a target pattern names. The target's wildcards
 * are taken literally, so only a wildcard in the same place (or a wider one) covers them. A
 * wildcard target region is covered by any region: a role works in the region it is used in.
 * The resource may also be covered together with its children ('<resource>:*').
 */
export function coversPattern(pattern: string, target: string): boolean {
  if (isAllResources(pattern)) return true;
  const p = parseArn(pattern);
  const t = parseArn(target);
  if (!p || !t) return false;
  if (!resourceGlobMatches(p.partition, t.partition)) return false;
  if (!resourceGlobMatches(p.service, t.service)) return false;
  if (t.region !== '*' && !resourceGlobMatches(p.region, t.region)) return false;
  if (!resourceGlobMatches(p.account, t.account)) return false;
  return resourceGlobMatches(p.resource, t.resource) || resourceGlobMatches(p.resource, `${t.resource}:*`);
}

/** Whether two resource patterns can name a common resource (a cheap over-approximation). */
export function patternsOverlap(a: string, b: string): boolean {
  return coversPattern(a, b) || coversPattern(b, a) || resourceGlobMatches(a, b) || resourceGlobMatches(b, a);
}
