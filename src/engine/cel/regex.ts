/**
 * CEL `matches` with RE2 semantics, in linear time: the pure-JS RE2 port `re2js` (MIT), used by
 * both the compiled closures and the interpreter, so a pattern or a subject chosen by whoever
 * writes a rule or controls a resource cannot make matching backtrack. Patterns RE2 does not
 * accept (backreferences, lookaround) are refused: literal ones at load, others when they run.
 */
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 1000;

/** The compiled pattern, or throws Error('invalid RE2 pattern ...') naming why. */
export function re2Pattern(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    throw new Error(`invalid RE2 pattern ${JSON.stringify(pattern)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, re);
  return re;
}

/** CEL `text.matches(pattern)`: whether the pattern matches anywhere in the text (RE2 partial match). */
export function re2Test(pattern: string, text: string): boolean {
  return re2Pattern(pattern).matcher(text).find();
}

/** Why a pattern cannot be used, or undefined when RE2 accepts it. */
export function re2Problem(pattern: string): string | undefined {
  try {
    re2Pattern(pattern);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
