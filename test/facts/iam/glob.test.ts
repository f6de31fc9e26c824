import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionGlobMatches, plainGlobMatches, resourceGlobMatches, resourceGlobsIntersect } from '../../../src/util/wildcard.ts';

/** Reference semantics by plain recursion over small inputs (exponential, so only for tiny strings). */
function reference(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  const [head, rest] = [pattern[0], pattern.slice(1)];
  if (head === '*') return reference(rest, text) || (text !== '' && reference(pattern, text.slice(1)));
  if (text === '') return false;
  return (head === '?' || head === text[0]) && reference(rest, text.slice(1));
}

/** Brute force: is there a string over the alphabet, up to some length, matched by both? */
function intersectsByEnumeration(a: string, b: string, alphabet: string, maxLen: number): boolean {
  const words = [''];
  for (let len = 1; len <= maxLen; len++) {
    for (const w of words.filter((x) => x.length === len - 1)) for (const c of alphabet) words.push(w + c);
  }
  return words.some((w) => plainGlobMatches(a, w) && plainGlobMatches(b, w));
}

describe('wildcard matching', () => {
  it('agrees with the recursive definition on random small inputs', () => {
    const pat = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 7 });
    const txt = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 7 });
    fc.assert(fc.property(pat, txt, (p, t) => plainGlobMatches(p, t) === reference(p, t)), { numRuns: 3000 });
  });

  it('actions ignore case, resources do not', () => {
    expect(actionGlobMatches('S3:get*', 's3:GetObject')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket')).toBe(false);
    expect(resourceGlobMatches('arn:aws:s3:::b?cket/*', 'arn:aws:s3:::bucket/a/b')).toBe(true);
  });

  it('reads policy variables as wildcards and ${*} ${?} ${$} as literals', () => {
    expect(resourceGlobMatches('arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/alice')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x')).toBe(false);
    expect(resourceGlobMatches('a${$}b${?}', 'a$b?')).toBe(true);
    // Plain globs (waivers) have no variables: '${x}' is text.
    expect(plainGlobMatches('a${x}', 'a${x}')).toBe(true);
    expect(plainGlobMatches('a${x}', 'ab')).toBe(false);
  });

  it('answers hostile patterns (which a backtracking regex takes seconds on) at once, correctly', () => {
    const hostile = 'iam:*?*?*?*?*?*?*?*?*?*?*?*?X';
    expect(actionGlobMatches(hostile, 'iam:PassRole')).toBe(false);
    expect(actionGlobMatches(hostile, 'iam:abcdefghijklmnopX')).toBe(true);
    expect(actionGlobMatches(hostile, 'iam:abcdefX')).toBe(false); // needs 12 characters before the X
    const res = `arn:aws:s3:::${'*a'.repeat(12)}*b`;
    expect(resourceGlobMatches(res, `arn:aws:s3:::${'a'.repeat(40)}`)).toBe(false);
    expect(resourceGlobMatches(res, `arn:aws:s3:::${'a'.repeat(40)}b`)).toBe(true);
    const long = `${'*?'.repeat(5000)}X`;
    expect(plainGlobMatches(long, 'a'.repeat(200))).toBe(false);
  });
});

describe('resourceGlobsIntersect', () => {
  it('agrees with enumeration on random small patterns', () => {
    const pat = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 4 });
    fc.assert(fc.property(pat, pat, (a, b) => resourceGlobsIntersect(a, b) === intersectsByEnumeration(a, b, 'ab', 6)), { numRuns: 400 });
  });

  it('tells ARN patterns of different types apart and finds common ones', () => {
    expect(resourceGlobsIntersect('arn:aws:sagemaker:*:*:endpoint/*', 'arn:*:sagemaker:*:*:notebook-instance/*')).toBe(false);
    expect(resourceGlobsIntersect('arn:aws:sagemaker:*:*:*', 'arn:*:sagemaker:*:*:notebook-instance/*')).toBe(true);
    expect(resourceGlobsIntersect('arn:aws:cloudformation:*:1:stack/AWSProton-*', 'arn:*:cloudformation:*:*:stack/*')).toBe(true);
    expect(resourceGlobsIntersect('arn:aws:cloudformation:*:1:stack/app-*', 'arn:*:cloudformation:*:*:stack/AWSProton-*')).toBe(false);
    expect(resourceGlobsIntersect('*', 'arn:aws:iam::1:role/x')).toBe(true);
  });
});
