import { describe, expect, it } from 'vitest';
import { memoisedScrub } from '../../src/facts/scrub-memo.ts';

describe('memoisedScrub', () => {
  it('gives what the scrub gives, scrubbing each distinct short text once', () => {
    const seen: string[] = [];
    const scrub = memoisedScrub((t) => {
      seen.push(t);
      return t.replaceAll('s3cr3t', '****');
    });
    expect(scrub('a s3cr3t')).toBe('a ****');
    expect(scrub('a s3cr3t')).toBe('a ****');
    expect(scrub('plain')).toBe('plain');
    expect(seen).toEqual(['a s3cr3t', 'plain']);
  });

  it('scrubs long texts every time and stays bounded when every text differs', () => {
    const seen: string[] = [];
    const scrub = memoisedScrub((t) => (seen.push(t), t.toUpperCase()), 8, 3);
    const long = 'abcdefghij';
    expect(scrub(long)).toBe('ABCDEFGHIJ');
    expect(scrub(long)).toBe('ABCDEFGHIJ');
    for (const t of ['a', 'b', 'c', 'd', 'a']) expect(scrub(t)).toBe(t.toUpperCase());
    // 'a' was dropped when the memo started over at its bound, so it is scrubbed again.
    expect(seen).toEqual([long, long, 'a', 'b', 'c', 'd', 'a']);
  });

  it('steps aside when texts rarely repeat, giving the same results', () => {
    let calls = 0;
    const scrub = memoisedScrub((t) => (calls++, t.toUpperCase()));
    for (let i = 0; i < 20_000; i++) expect(scrub(`unique ${i}`)).toBe(`UNIQUE ${i}`);
    expect(calls).toBe(20_000);
    expect(scrub('again')).toBe('AGAIN');
    expect(scrub('again')).toBe('AGAIN');
    expect(calls).toBe(20_002);
  });
});
