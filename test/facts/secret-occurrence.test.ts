/**
 * The snapshot scrub's matcher is built from the secret values that can occur in the snapshot's
 * strings only: that choice must keep every value that occurs anywhere (else a repeated secret
 * would be left in place) — checked against the plain substring search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valuesOccurringIn } from '../../src/facts/secret-records.ts';

const TOKEN = /^[A-Za-z0-9+/=_-]*$/;

/** Every value that occurs in some string of the trees, plus every value the search does not judge (not token-shaped, or under 4 or from 1,024 units long). */
function reference(values: readonly string[], roots: readonly unknown[]): string[] {
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  roots.forEach(walk);
  return values.filter((v) => !TOKEN.test(v) || v.length < 4 || v.length >= 1024 || strings.some((s) => s.includes(v)));
}

const alphabet = 'ab9+-_ :!é';
const text = (max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((cs) => cs.join(''));

describe('valuesOccurringIn', () => {
  it('keeps exactly the values that occur in some string (and those it does not judge), in their order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(text(8), { maxLength: 12 }), fc.array(text(40), { maxLength: 6 }), fc.array(text(30), { maxLength: 3 }), (values, strings, nested) => {
        const roots = [{ a: strings, b: { c: nested, d: 7, e: null } }, nested];
        expect(valuesOccurringIn(values, roots)).toEqual(reference(values, roots));
        // With the caller's own table of the values (as protectSecrets passes its map of them).
        expect(valuesOccurringIn(values, roots, undefined, new Map(values.map((v) => [v, 1])))).toEqual(reference(values, roots));
      }),
      { numRuns: 3_000, seed: 20261207 },
    );
  });

  it('finds a token inside a longer run of token characters, and not across a break', () => {
    const values = ['abcd1234', 'wxyz9876', 'k3y!'];
    expect(valuesOccurringIn(values, [{ s: 'prefix-abcd1234-suffix', t: 'wxyz 9876' }])).toEqual(['abcd1234', 'k3y!']);
  });

  it('gives up (every value used) when the strings hold more to look up than its budget', () => {
    const values = ['aaaa1', 'bbbb2'];
    const long = 'x'.repeat(1000);
    expect(valuesOccurringIn(values, [[long]], 100)).toBeUndefined();
    expect(valuesOccurringIn(values, [[long]])).toEqual([]);
  });
});
