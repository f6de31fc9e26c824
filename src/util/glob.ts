/** ARN globs for waivers, admin principal lists and the CEL glob() function: '*' any run, '?' one char. */
import { plainGlobMatches } from './wildcard.ts';

/** Linear-time (no regular expression): the patterns come from config and estate files. */
export function globMatch(value: string, pattern: string): boolean {
  return plainGlobMatches(pattern, value);
}
