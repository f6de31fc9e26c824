import { describe, expect, it } from 'vitest';
import { compareCodeUnits, sortInPlace } from '../../src/util/sort-in-place.ts';
import { prng } from '../../bench/synthetic-estate.ts';

describe('sortInPlace', () => {
  it('orders as Array.prototype.sort does, stably, for short and long lists', () => {
    const random = prng(11);
    for (let n = 0; n < 40; n++) {
      for (let round = 0; round < 20; round++) {
        const items = Array.from({ length: n }, (_, i) => ({ key: String.fromCharCode(97 + Math.floor(random() * 4)) + (random() < 0.3 ? 'É' : ''), at: i }));
        const compare = (a: { key: string }, b: { key: string }): number => compareCodeUnits(a.key, b.key);
        const expected = [...items].sort(compare);
        const list = [...items];
        expect(sortInPlace(list, compare)).toBe(list);
        expect(list).toEqual(expected);
      }
    }
  });

  it('compares strings by UTF-16 code units, as a sort without comparator does', () => {
    const words = ['b', 'B', 'a', '_', 'é', 'e', '10', '9', 'Z', ''];
    expect(sortInPlace([...words], compareCodeUnits)).toEqual([...words].sort());
  });
});
