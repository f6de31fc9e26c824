/** ARN globs for waivers, admin principal lists and the CEL glob() function: '*' any run, '?' one char. */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${body}$`);
    cache.set(pattern, re);
  }
  return re;
}

export function globMatch(value: string, pattern: string): boolean {
  return globToRegExp(pattern).test(value);
}
