/**
 * Timestamps read one way everywhere: ISO 8601 with a zone. JavaScript's Date.parse reads
 * '2026-06-01T00:00' as the machine's local time and rolls '2026-02-30' over into March, so the
 * same snapshot and --now gave other findings under another TZ; this parser refuses impossible
 * dates, and a time without a zone is never read as local time.
 *
 * The grammar (what the parser accepts, nothing more):
 *   YYYY-MM-DD [ (T|t|space) hh:mm [ :ss [ .f{1,9} ] ] ] [ Z | z | ±hh[:]mm ]
 * Read character by character: a large snapshot holds hundreds of thousands of times, and
 * a regular expression with captures cost several times as much per time.
 */

export interface Instant {
  ms: number;
  /** The text carried a zone (Z or an offset). */
  zoned: boolean;
  /** The text carried a time of day. */
  timed: boolean;
}

/** Two ASCII digits at `i` as a number, or -1. */
function two(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

// The last parse's flags, read by parseInstant right after parseMs returns (single-threaded, no re-entry).
let lastZoned = false;
let lastTimed = false;

/** Milliseconds the text names, NaN when it does not follow the grammar or names an impossible date or time. */
function parseMs(value: string): number {
  // Hand-edited data may put another type where a time belongs: read it as its text, as a regular expression would.
  const text = typeof value === 'string' ? value : String(value);
  const n = text.length;
  if (n < 10) return Number.NaN;
  const yh = two(text, 0);
  const yl = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  if (yh < 0 || yl < 0 || month < 0 || day < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = yh * 100 + yl;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let timed = false;
  let i = 10;
  if (i < n) {
    const sep = text.charCodeAt(i);
    // 'T', 't' or a space: a time of day follows (hh:mm at least).
    if (sep === 84 || sep === 116 || sep === 32) {
      hour = two(text, i + 1);
      minute = two(text, i + 4);
      if (hour < 0 || minute < 0 || text.charCodeAt(i + 3) !== 58) return Number.NaN;
      timed = true;
      i += 6;
      if (i < n && text.charCodeAt(i) === 58) {
        second = two(text, i + 1);
        if (second < 0) return Number.NaN;
        i += 3;
        if (i < n && text.charCodeAt(i) === 46) {
          let j = i + 1;
          while (j < n && isDigit(text.charCodeAt(j))) j++;
          const digits = j - i - 1;
          if (digits < 1 || digits > 9) return Number.NaN;
          // Whole milliseconds, truncated: the first three digits (padded with zeros) are exactly that.
          for (let d = 0; d < 3; d++) fraction = fraction * 10 + (d < digits ? text.charCodeAt(i + 1 + d) - 48 : 0);
          i = j;
        }
      }
    }
  }
  let offset = 0;
  let zoned = false;
  if (i < n) {
    const z = text.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === n) {
      zoned = true;
    } else if (z === 43 || z === 45) {
      const oh = two(text, i + 1);
      const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
      const om = two(text, i + 3 + colon);
      if (oh < 0 || om < 0 || i + 5 + colon !== n) return Number.NaN;
      if (oh > 23 || om > 59) return Number.NaN;
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
      zoned = true;
    } else {
      return Number.NaN;
    }
  }
  // Years 0-99 are refused as Date.UTC would read them as 19xx; the rest are real proleptic Gregorian dates.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  lastZoned = zoned;
  lastTimed = timed;
  return Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offset;
}

/** The instant a text names, or undefined when it is not ISO 8601 or names an impossible date or time. */
export function parseInstant(text: string): Instant | undefined {
  const ms = parseMs(text);
  if (Number.isNaN(ms)) return undefined;
  return { ms, zoned: lastZoned, timed: lastTimed };
}

/**
 * Milliseconds for a timestamp in estate data (createdAt, ...): NaN when it is not a valid
 * time; a time without a zone is read as UTC, never as the machine's local time.
 */
export function instantMs(text: string): number {
  return parseMs(text);
}

/** Whether the text is a valid time carrying a zone; undefined when it is not a valid time at all. */
export function isZonedInstant(text: string): boolean | undefined {
  return Number.isNaN(parseMs(text)) ? undefined : lastZoned;
}
