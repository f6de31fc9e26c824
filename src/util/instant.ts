/**
 * Timestamps read one way everywhere: ISO 8601 with a zone. JavaScript's Date.parse reads
 * '2026-06-01T00:00' as the machine's local time and rolls '2026-02-30' over into March, so the
 * same snapshot and --now gave other findings under another TZ; this parser refuses impossible
 * dates, and a time without a zone is never read as local time.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

export interface Instant {
  ms: number;
  /** The text carried a zone (Z or an offset). */
  zoned: boolean;
  /** The text carried a time of day. */
  timed: boolean;
}

/** The instant a text names, or undefined when it is not ISO 8601 or names an impossible date or time. */
export function parseInstant(text: string): Instant | undefined {
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

/**
 * Milliseconds for a timestamp in estate data (createdAt, ...): NaN when it is not a valid
 * time; a time without a zone is read as UTC, never as the machine's local time.
 */
export function instantMs(text: string): number {
  return parseInstant(text)?.ms ?? Number.NaN;
}
