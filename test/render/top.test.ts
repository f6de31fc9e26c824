import { describe, expect, it } from 'vitest';
import { Top } from '../../src/render/top.ts';
import { prng } from '../../bench/synthetic-estate.ts';

describe('Top', () => {
  it('keeps what a stable sort of the whole stream, cut at the limit, keeps (ties included)', () => {
    const random = prng(5);
    for (const limit of [1, 2, 5, 20]) {
      for (let round = 0; round < 50; round++) {
        const items = Array.from({ length: Math.floor(random() * 60) }, (_, at) => ({ rank: Math.floor(random() * 5), at }));
        const compare = (a: { rank: number }, b: { rank: number }): number => a.rank - b.rank;
        const top = new Top(limit, compare);
        for (const item of items) top.offer(item);
        expect(top.list()).toEqual([...items].sort(compare).slice(0, limit));
        expect(top.count).toBe(items.length);
      }
    }
  });
});
