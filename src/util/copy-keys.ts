/**
 * The copy a copy-on-write walk starts when its first value changes: the first `n` keys of an
 * object, whose values came through unchanged, in their order.
 */
export function copyKeys(obj: Record<string, unknown>, keys: readonly string[], n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[keys[i] as string] = obj[keys[i] as string];
  return out;
}
