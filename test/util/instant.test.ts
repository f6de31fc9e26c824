/**
 * The character-by-character time parser against the regular-expression reading it replaced:
 * the same answer (instant, zone, time of day, or refusal) for every text of a seeded corpus of
 * valid times and their near misses.
 */
import { describe, expect, it } from 'vitest';
import { instantMs, isZonedInstant, parseInstant, type Instant } from '../../src/util/instant.ts';
import { prng } from '../../bench/synthetic-estate.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** The reference reading: ISO 8601 by regular expression, validated by a round trip through Date. */
function reference(text: string): Instant | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return { ms: base + fraction - offset, zoned: zone !== undefined, timed: m[4] !== undefined };
}

function corpus(): string[] {
  const rand = prng(2026);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const years = [0, 1, 50, 99, 100, 999, 1600, 1900, 1970, 2000, 2024, 2025, 2026, 2100, 2400, 9999];
  const out = [
    '', '2026', '2026-01', '2026-1-01', '2026-01-1', '20260101', '2026-01-01T', '2026-01-01T1', '2026-01-01T10', '2026-01-01T10:',
    '2026-01-01T10:0', '2026-01-01T10:00:', '2026-01-01T10:00:0', '2026-01-01T10:00:00.', '2026-01-01T10:00:00.1234567890Z',
    '2026-01-01T10:00:00Zz', '2026-01-01Z', '2026-01-01z', '2026-01-01+01:00', '2026-01-01 10:00', '2026-01-01t10:00Z',
    '2026-01-01T10:00:00+0130', '2026-01-01T10:00:00+01:3', '2026-01-01T10:00:00+1:30', '2026-01-01T10:00:00+24:00',
    '2026-01-01T10:00:00-23:59', '2026-01-01T10:00:00+01:60', '2026-01-01T10:00:00.5+01:00', '2026-01-01T10:00:00\n',
    ' 2026-01-01', '2026-01-01 ', '２０２６-01-01', '2026-02-29', '2024-02-29', '1900-02-29', '2000-02-29', '2026-04-31',
    '2026-00-10', '2026-13-10', '2026-01-00', '2026-01-32', '2026-01-01T24:00', '2026-01-01T23:60', '2026-01-01T23:59:60',
    '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.999999999Z', '2026-01-01T10:00:00.0070000Z', '2026-01-01Tab:cd',
  ];
  for (let n = 0; n < 20_000; n++) {
    const year = rand() < 0.7 ? pick(years) : Math.floor(rand() * 10_000);
    const month = Math.floor(rand() * 14);
    const day = Math.floor(rand() * 33);
    let text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    if (rand() < 0.8) {
      text += `${pick(['T', 't', ' ', 'T', 'T'])}${pad(Math.floor(rand() * 26), 2)}:${pad(Math.floor(rand() * 62), 2)}`;
      if (rand() < 0.8) {
        text += `:${pad(Math.floor(rand() * 62), 2)}`;
        if (rand() < 0.6) text += `.${String(Math.floor(rand() * 1e9)).slice(0, 1 + Math.floor(rand() * 9))}`;
      }
    }
    const zone = rand();
    if (zone < 0.5) text += pick(['Z', 'z']);
    else if (zone < 0.8) text += `${pick(['+', '-'])}${pad(Math.floor(rand() * 26), 2)}${pick([':', ''])}${pad(Math.floor(rand() * 62), 2)}`;
    // Near misses: one character replaced, dropped or added.
    if (rand() < 0.3) {
      const at = Math.floor(rand() * (text.length + 1));
      const c = pick(['0', '9', ':', '-', '.', 'T', 'Z', '+', ' ', 'x']);
      const how = rand();
      text = how < 0.33 ? text.slice(0, at) + c + text.slice(at + 1) : how < 0.66 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + c + text.slice(at);
    }
    out.push(text);
  }
  return out;
}

describe('parseInstant', () => {
  it('reads every text of the corpus as the regular-expression reading does', () => {
    let valid = 0;
    for (const text of corpus()) {
      const want = reference(text);
      expect(parseInstant(text), JSON.stringify(text)).toEqual(want);
      expect(instantMs(text), JSON.stringify(text)).toBe(want?.ms ?? Number.NaN);
      expect(isZonedInstant(text), JSON.stringify(text)).toBe(want?.zoned);
      if (want) valid++;
    }
    // The corpus exercises both sides: a parser refusing (or accepting) everything would fail above.
    expect(valid).toBeGreaterThan(2_000);
  });

  it('refuses impossible dates and reads offsets', () => {
    expect(parseInstant('2026-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-02-29T00:00:00Z')?.ms).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2026-06-01T02:00:00+02:00')).toEqual({ ms: Date.UTC(2026, 5, 1), zoned: true, timed: true });
    expect(parseInstant('2026-06-01')).toEqual({ ms: Date.UTC(2026, 5, 1), zoned: false, timed: false });
    expect(parseInstant('0099-01-01T00:00:00Z')).toBeUndefined();
  });

  it('reads a value of another type (hand-edited data) as its text, never throwing', () => {
    for (const value of [5, 20260101, null, undefined, true, {}, [], ['2026-06-01T00:00:00Z'], { a: 1 }] as unknown[]) {
      expect(parseInstant(value as string), JSON.stringify(value)).toEqual(reference(value as string));
      expect(instantMs(value as string)).toBe(reference(value as string)?.ms ?? Number.NaN);
    }
  });
});
