import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memoisedScrub } from '../../src/facts/scrub-memo.ts';
import { SecretScrubber } from '../../src/facts/secrets.ts';
import { scrubShapes, SHAPE_MIN_LENGTH } from '../../src/util/secret-shapes.ts';

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

describe('texts too short to hold a secret', () => {
  it('come back as they are without a scrub, and the bound is the shortest that can change', () => {
    let calls = 0;
    const scrub = memoisedScrub((t) => (calls++, t.toUpperCase()), 256, 100, 5);
    expect(scrub('abcd')).toBe('abcd');
    expect(scrub('abcde')).toBe('ABCDE');
    expect(calls).toBe(1);
  });

  it('SHAPE_MIN_LENGTH: the shortest access key id is changed, nothing shorter can be', () => {
    expect(scrubShapes('AKIAABCDEFGHIJKLMNOP')).not.toBe('AKIAABCDEFGHIJKLMNOP');
    expect('AKIAABCDEFGHIJKLMNOP'.length).toBe(SHAPE_MIN_LENGTH);
    expect(scrubShapes('-----BEGIN PRIVATE KEY-----')).not.toBe('-----BEGIN PRIVATE KEY-----');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('AKIA', 'ASIA', 'A', 'Z', '0', '9', ' ', '-----BEGIN ', 'PRIVATE KEY', '-----', 'RSA '), { maxLength: 12 }), (parts) => {
        const text = parts.join('').slice(0, SHAPE_MIN_LENGTH - 1);
        expect(scrubShapes(text)).toBe(text);
      }),
      { numRuns: 2_000, seed: 20261207 },
    );
  });

  it('a scrubber knows its bound: its shortest value, at most SHAPE_MIN_LENGTH', () => {
    expect(new SecretScrubber(['s3cr3tv4lue']).unchangedBelow).toBe(11);
    expect(new SecretScrubber(['a-much-longer-secret-value-here']).unchangedBelow).toBe(SHAPE_MIN_LENGTH);
    expect(new SecretScrubber([]).unchangedBelow).toBe(SHAPE_MIN_LENGTH);
    const s = new SecretScrubber(['s3cr3tv4lue']);
    expect(s.scrub('x s3cr3tv4lue')).not.toContain('s3cr3tv4lue');
    // Shorter than its bound: returned as it is, by the scrubber itself (the view's memo need not ask).
    expect(s.scrub('s3cr3tv4lu')).toBe('s3cr3tv4lu');
  });
});
