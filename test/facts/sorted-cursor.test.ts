/**
 * The cursor answers every question as a Map over the list would, in whatever order the
 * questions come: in key order (its fast path), backwards, with far jumps and repeats.
 */
import { describe, expect, it } from 'vitest';
import { SortedCursor } from '../../src/facts/sorted-cursor.ts';

type Entry = { ResourceARN: string; n: number };
const keyOf = (e: Entry): string => e.ResourceARN;

function entries(count: number): Entry[] {
  const keys = Array.from({ length: count }, (_, i) => `arn:aws:proton:us-east-1:111122223333:service/s${i % 13}/service-instance/i${i}`);
  return [...new Set(keys)].sort().map((ResourceARN, n) => ({ ResourceARN, n }));
}

/** A deterministic shuffle (a linear congruential generator), so a failure repeats. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('SortedCursor', () => {
  const list = entries(500);
  const map = new Map(list.map((e) => [e.ResourceARN, e]));
  const absent = ['', 'arn', 'arn:aws:proton:us-east-1:111122223333:service/s1', 'arn:aws:proton:us-east-1:111122223333:service/s1/service-instance/i1x', '~~~'];
  const present = list.map(keyOf);

  it('answers questions in key order, present and absent mixed, as the Map does', () => {
    const cursor = SortedCursor.over(list, keyOf);
    expect(cursor).toBeDefined();
    for (const key of [...present, ...absent].sort()) expect(cursor?.find(key)).toBe(map.get(key));
  });

  it('answers questions in any order (backwards, far jumps, repeats) as the Map does', () => {
    for (const seed of [1, 2, 3]) {
      const cursor = SortedCursor.over(list, keyOf);
      const questions = shuffled([...present, ...present.slice(0, 50), ...absent], seed);
      for (const key of questions) expect(cursor?.find(key)).toBe(map.get(key));
    }
    const cursor = SortedCursor.over(list, keyOf);
    for (const key of [...present].reverse()) expect(cursor?.find(key)).toBe(map.get(key));
    // Every other key forwards, then the ones skipped: each pass moves forward from an earlier answer.
    for (const key of [...present.filter((_, i) => i % 2 === 0), ...present.filter((_, i) => i % 2 === 1)]) expect(cursor?.find(key)).toBe(map.get(key));
  });

  it('is only made over a list whose keys strictly ascend, and an empty list finds nothing', () => {
    expect(SortedCursor.over([...list].reverse(), keyOf)).toBeUndefined();
    expect(SortedCursor.over([list[0] as Entry, list[0] as Entry], keyOf)).toBeUndefined();
    expect(SortedCursor.over([], keyOf)?.find('arn')).toBeUndefined();
    expect(SortedCursor.over([list[3] as Entry], keyOf)?.find((list[3] as Entry).ResourceARN)).toBe(list[3]);
  });
});
