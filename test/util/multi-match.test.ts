/**
 * The scrubber's matcher against the obvious quadratic search: on random texts over a tiny
 * alphabet (so patterns overlap, nest and share prefixes and suffixes), every occurrence of
 * every pattern is covered, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { MultiMatcher } from '../../src/util/multi-match.ts';
import { prng } from '../../bench/hostile-content.ts';

/** Every occurrence of every pattern, overlapping or touching ones merged. */
function naiveSpans(text: string, patterns: readonly string[]): Array<[number, number]> {
  const covered: Array<[number, number]> = [];
  for (const p of patterns) for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) covered.push([i, i + p.length]);
  covered.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of covered) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function word(rand: () => number, alphabet: string, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

describe('MultiMatcher', () => {
  it('covers exactly the occurrences the quadratic search finds', () => {
    const rand = prng(15);
    for (let round = 0; round < 400; round++) {
      const alphabet = round % 2 === 0 ? 'ab' : 'abcé\u{1F600}'.slice(0, 3 + (round % 3));
      const patterns = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(rand, alphabet, 4, 9));
      const text = word(rand, alphabet, 0, 200);
      const m = new MultiMatcher(patterns);
      const spans = m.find(text).map((s) => [s.start, s.end]);
      expect(spans, `${JSON.stringify(patterns)} in ${text}`).toEqual(naiveSpans(text, patterns));
      // Duplicates dropped by the trie, in first-seen order, as a set would.
      expect(m.patterns).toEqual([...new Set(patterns)]);
    }
  });

  it('follows failure links found on first use through long runs of one character', () => {
    const patterns = [`${'a'.repeat(1000)}b`, `${'a'.repeat(500)}c`, 'a'.repeat(700), `b${'a'.repeat(300)}d`];
    const text = `${'a'.repeat(3000)}b${'a'.repeat(600)}c..b${'a'.repeat(300)}d.${'a'.repeat(699)}`;
    const spans = new MultiMatcher(patterns).find(text).map((s) => [s.start, s.end]);
    expect(spans).toEqual(naiveSpans(text, patterns));
  });

  it('names, for each span, a pattern that starts where the span starts', () => {
    const m = new MultiMatcher(['abcd', 'bcdefg', 'xabc']);
    const spans = m.find('..xabcdefg..abcd');
    expect(spans.map((s) => [s.start, s.end, m.patterns[s.pattern]])).toEqual([
      [2, 10, 'xabc'],
      [12, 16, 'abcd'],
    ]);
    expect(m.replace('..xabcdefg..abcd', (p) => `<${p.length}>`)).toBe('..<4>..<4>');
  });

  it('ignores short and repeated patterns, and finds nothing without patterns', () => {
    const m = new MultiMatcher(['abc', 'abcd', 'abcd']);
    expect(m.size).toBe(1);
    expect(new MultiMatcher([]).find('anything at all')).toEqual([]);
    expect(m.replace('no match here', () => 'X')).toBe('no match here');
  });

  it('keeps patterns at and over the indexed prefix length apart when they share it, and drops their repeats', () => {
    const prefix = 'p'.repeat(1024);
    const m = new MultiMatcher([`${prefix}x`, prefix, `${prefix}x`, prefix, `${prefix}y`]);
    expect(m.patterns).toEqual([`${prefix}x`, prefix, `${prefix}y`]);
  });

  it('finds a pattern longer than its indexed prefix whole, and many random tokens at once', () => {
    const long = 'k'.repeat(5000) + 'tail';
    const m = new MultiMatcher([long]);
    expect(m.find(`..${long}..`)).toEqual([{ start: 2, end: 2 + long.length, pattern: 0 }]);
    const rand = prng(7);
    const tokens = Array.from({ length: 20_000 }, () => word(rand, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 20, 20));
    const many = new MultiMatcher(tokens);
    const text = `first ${tokens[0]} middle ${tokens[9_999]}${tokens[19_999]} end`;
    expect(many.find(text).map((s) => text.slice(s.start, s.end))).toEqual([tokens[0], `${tokens[9_999]}${tokens[19_999]}`]);
  });
});
