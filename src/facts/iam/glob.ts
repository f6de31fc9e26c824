/**
 * IAM wildcard matching. Actions: '*' and '?', case-insensitive. Resources and ARNs: '*' and '?',
 * case-sensitive, and policy variables (${aws:username}...) stand for any text because their value
 * is only known at request time; ${*}, ${?} and ${$} are the escaped literal characters.
 */

const cache = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

function globBody(pattern: string, variables: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (variables && ch === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i + 2);
      if (close > 0) {
        const name = pattern.slice(i + 2, close);
        out += name === '*' || name === '?' || name === '$' ? escapeRegExp(name) : '.*';
        i = close;
        continue;
      }
    }
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegExp(ch);
  }
  return out;
}

function compiled(pattern: string, kind: 'action' | 'resource'): RegExp {
  const key = `${kind}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = kind === 'action' ? new RegExp(`^${globBody(pattern, false)}$`, 'is') : new RegExp(`^${globBody(pattern, true)}$`, 's');
    // Policies are finite and repeat their patterns; still, keep the cache from growing without bound.
    if (cache.size > 50_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** Action glob match, case-insensitive ('s3:Get*' matches 's3:GetObject'). */
export function actionGlobMatches(pattern: string, action: string): boolean {
  return compiled(pattern, 'action').test(action);
}

/** Resource/ARN glob match, case-sensitive, policy variables as wildcards. */
export function resourceGlobMatches(pattern: string, value: string): boolean {
  return compiled(pattern, 'resource').test(value);
}

/**
 * A resource pattern that names every resource: '*', 'arn:*', or an ARN whose service, region,
 * account and resource fields are all wildcards (the partition may be named).
 */
export function isAllResources(pattern: string): boolean {
  if (/^\*+$/.test(pattern) || pattern === 'arn:*') return true;
  const fields = pattern.split(':');
  return fields.length === 6 && fields[0] === 'arn' && fields.slice(2).every((f) => /^\*+$/.test(f));
}
