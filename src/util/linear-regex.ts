/**
 * Regular expressions from config, rule options, CEL `matches()` and the estate, matched in
 * linear time by an RE2-class engine (re2js, MIT: an automaton, no backtracking). A backtracking
 * engine lets whoever writes `([a-z]+)+-team` into a config, or a matching tag value into the
 * estate, stall the audit for as long as they like; RE2 syntax leaves out what needs
 * backtracking (backreferences, lookaround), so such a pattern is refused where it is loaded,
 * with its file and place. The one wrapper for every such pattern, so all agree on syntax and
 * cost.
 */
import { RE2JS } from 're2js';

export interface LinearRegex {
  readonly source: string;
  /** The whole text matches. */
  matchesWhole(text: string): boolean;
  /** Some part of the text matches (CEL `matches`, RE2's partial match). */
  find(text: string): boolean;
}

/** A pattern RE2 does not accept; `reason` is RE2's own words. */
export class LinearRegexError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid RE2 pattern ${JSON.stringify(pattern)}: ${reason}`);
  }
}

const cache = new Map<string, LinearRegex>();
const CACHE_LIMIT = 10_000;

/** Compiles (once per pattern, while cached) or throws a LinearRegexError. */
export function compileLinear(pattern: string): LinearRegex {
  let re = cache.get(pattern);
  if (re) return re;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (err) {
    throw new LinearRegexError(pattern, err instanceof Error ? err.message : String(err));
  }
  re = {
    source: pattern,
    matchesWhole: (text) => compiled.matches(text),
    find: (text) => compiled.matcher(text).find(),
  };
  // Patterns come from files and the estate, so the cache is bounded: the oldest goes first.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, re);
  return re;
}

/** Whether the pattern matches anywhere in the text (CEL `text.matches(pattern)`); throws a LinearRegexError for a pattern RE2 refuses. */
export function linearFind(pattern: string, text: string): boolean {
  return compileLinear(pattern).find(text);
}

/** Why `pattern` cannot be used, in RE2's words (config messages), or undefined when it can. */
export function linearRegexProblem(pattern: string): string | undefined {
  return linearRegexError(pattern)?.reason.replace(/^error parsing regexp: /, '');
}

/** The refusal of `pattern` ("invalid RE2 pattern ...: why"), or undefined when RE2 accepts it. */
export function linearRegexError(pattern: string): LinearRegexError | undefined {
  try {
    compileLinear(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof LinearRegexError) return err;
    throw err;
  }
}
