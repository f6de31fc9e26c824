/** Ages against the evaluation clock: whole days and whole hours, null when the timestamp is absent or invalid. */
import { instantMs } from '../util/instant.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function elapsed(from: string | undefined, now: Date, unit: number): number | null {
  if (!from) return null;
  const t = instantMs(from);
  if (Number.isNaN(t)) return null;
  return Math.floor((now.getTime() - t) / unit);
}

export function daysBetween(from: string, now: Date): number | null {
  return elapsed(from, now, DAY);
}

export function daysSince(from: string | undefined, now: Date): number | null {
  return elapsed(from, now, DAY);
}

export function hoursSince(from: string | undefined, now: Date): number | null {
  return elapsed(from, now, HOUR);
}
