/**
 * Regular expressions from config, rule options and the estate, matched in linear time by an
 * RE2-class engine (re2js: an automaton, no backtracking). A backtracking engine lets whoever
 * writes `([a-z]+)+-team` into a config, or a matching tag value into the estate, stall the audit
 * for as long as they like; RE2 syntax leaves out what needs backtracking (backreferences,
 * lookaround), so such a pattern is refused where it is loaded, with its file and place. The one
 * wrapper for every such pattern (CEL `matches()` included), so all agree on syntax and cost.
 */
import { RE2JS } from 're2js';

export interface LinearRegex {
  readonly source: string;
  /** The whole text matches. */
  matchesWhole(text: string): boolean;
  /** Some part of the text matches. */
  find(text: string): boolean;
}

const cache = new Map<string, LinearRegex>();
const CACHE_LIMIT = 10_000;

/** Why `pattern` cannot be used (RE2 syntax), or undefined when it can. */
export function linearRegexProblem(pattern: string): string | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^error parsing regexp: /, '');
  }
}

/** Compiles (once per pattern) or throws with RE2's reason. */
export function compileLinear(pattern: string): LinearRegex {
  let re = cache.get(pattern);
  if (!re) {
    const compiled = RE2JS.compile(pattern);
    re = {
      source: pattern,
      matchesWhole: (text) => compiled.matches(text),
      find: (text) => compiled.matcher(text).find(),
    };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}
