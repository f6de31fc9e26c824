/**
 * The scanner's per-token helpers are hand-written for speed (a hostile spec holds a hundred
 * thousand tokens): each must give exactly the answers of the plain version it replaced, kept
 * here as the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isObviousNonSecret, isPublicKeyName, shannonEntropy } from '../../src/facts/secrets.ts';

/** The regular-expression cascade the scanner used before (the reference). */
function referenceIsObviousNonSecret(token: string): boolean {
  if (/^[0-9a-f]+$/i.test(token)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)) return true;
  if (/^[a-z0-9]+(-[a-z0-9]+)+$/.test(token)) return true;
  if (/^[A-Za-z]+(_[A-Za-z]+)+$/.test(token)) return true;
  if (/^\/?([A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]*$/.test(token) && !/[+=]/.test(token) && /[a-z]{3,}/.test(token)) return true;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[+/=_-]/].filter((r) => r.test(token)).length;
  return classes < 3;
}

/** The entropy as first written: a logarithm per distinct character, summed in order of first appearance. */
function referenceEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Tokens over a small alphabet, so that every shape (and every near miss of one) comes up often. */
const tokenOver = (alphabet: string, maxLength = 40): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 0, maxLength }).map((cs) => cs.join(''));

const uuidLike = fc
  .tuple(tokenOver('0123456789abcdefABCDEFg', 8), tokenOver('0123456789abcdef', 4), tokenOver('0123456789abcdef-', 4), tokenOver('0123456789abcdef', 4), tokenOver('0123456789abcdefx', 12))
  .map((parts) => parts.join('-'));

const corpus = fc.oneof(
  tokenOver('0123456789abcdefABCDEF'),
  tokenOver('0123456789abcdefABCDEFgG'),
  uuidLike,
  tokenOver('abc019-'),
  tokenOver('abcXYZ_'),
  tokenOver('abcXYZ_0'),
  tokenOver('ab/c.d-_Z9'),
  tokenOver('abcdefgh/'),
  tokenOver('/abc+=9Z'),
  tokenOver('aZ9+/=_-.'),
  tokenOver('aZ9é€ -'),
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9+/=_-]{20,40}$/),
);

describe('isObviousNonSecret (hand-written) agrees with the regular expressions', () => {
  it('on generated tokens of every shape and near miss', () => {
    fc.assert(
      fc.property(corpus, (token) => {
        expect(isObviousNonSecret(token)).toBe(referenceIsObviousNonSecret(token));
      }),
      { numRuns: 20_000, seed: 20261207 },
    );
  });

  it('on hand-picked edge cases', () => {
    const cases = [
      '',
      'deadbeef',
      'DEADBEEF0123',
      'deadbeefg',
      '123e4567-e89b-12d3-a456-426614174000',
      '123E4567-E89B-12D3-A456-426614174000',
      '123e4567-e89b-12d3-a456-42661417400',
      '123e4567+e89b-12d3-a456-426614174000',
      'subnet-0abc',
      '-subnet',
      'subnet-',
      'sub--net',
      'Subnet-0abc',
      'SNAKE_CASE_WORDS',
      '_SNAKE',
      'SNAKE_',
      'SNAKE__CASE',
      'SNAKE_CASE9',
      '/usr/local/bin',
      'usr/local/',
      '//usr/local',
      '/usr//local',
      '/USR/LOCAL/ab',
      'a/b.c-d_e/xyz',
      'path/with+plus/abc',
      'aB3/Zx9+==',
      'aB3dE5fG7hI9jK1lM3nO5pQ7',
      'Aa0é',
      'abcdefghijklmnopqrstuvwxyz',
    ];
    for (const token of cases) expect(isObviousNonSecret(token), token).toBe(referenceIsObviousNonSecret(token));
  });
});

describe('shannonEntropy (table of terms) is bit-for-bit the plain sum', () => {
  it('on generated tokens', () => {
    fc.assert(
      fc.property(fc.oneof(tokenOver('aZ9+/=_-', 1100), fc.stringMatching(/^[A-Za-z0-9]{1,64}$/), fc.string({ maxLength: 64 })), (token) => {
        expect(shannonEntropy(token)).toBe(referenceEntropy(token));
      }),
      { numRuns: 5_000, seed: 20261207 },
    );
  });

  it('at exact thresholds', () => {
    // 16 characters twice each: exactly 4 bits.
    const t = 'abcdefghijklmnop'.repeat(2);
    expect(shannonEntropy(t)).toBe(4);
    expect(shannonEntropy(t)).toBe(referenceEntropy(t));
  });
});

describe('isPublicKeyName (last character first) agrees with the pattern alone', () => {
  const reference = /(^ca$|cabundle$|cacert$|cadata$|cert$|certificate$|certificatebody$|certificatechain$|publickey$|pubkey$|sshkey$|authorizedkeys?$|fingerprint$|thumbprint$|checksum$|hash$|digest$|etag$|sha(1|256|512)?$|md5$|userdata$|image$|imageuri$|ami$|amiid$)/;
  const names = ['ca', 'cabundle', 'cacert', 'cadata', 'cert', 'certificate', 'certificatebody', 'certificatechain', 'publickey', 'pubkey', 'sshkey', 'authorizedkey', 'authorizedkeys', 'fingerprint', 'thumbprint', 'checksum', 'hash', 'digest', 'etag', 'sha', 'sha1', 'sha256', 'sha512', 'md5', 'userdata', 'image', 'imageuri', 'ami', 'amiid'];

  it('on every name the pattern lists, with and without a prefix or a trailing character', () => {
    for (const n of names) {
      for (const name of [n, `x${n}`, `tls${n}`, `${n}x`, `${n}0`, n.slice(0, -1)]) expect(isPublicKeyName(name), name).toBe(reference.test(name));
    }
    expect(isPublicKeyName('')).toBe(false);
  });

  it('on generated names', () => {
    fc.assert(
      fc.property(fc.tuple(tokenOver('abcdefghk0123456789', 6), fc.constantFrom('', ...names), tokenOver('as0', 2)), ([a, b, c]) => {
        const name = a + b + c;
        expect(isPublicKeyName(name)).toBe(reference.test(name));
      }),
      { numRuns: 5_000, seed: 20261207 },
    );
  });
});
