/**
 * SDK output → plain JSON: Dates become ISO strings, `$metadata` and undefined members go, and
 * everything else AWS returned is kept (the snapshot keeps AWS's own shapes, extra fields too).
 */

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function toPlain(value: unknown): Plain | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value)) {
    const out: Plain[] = [];
    for (const item of value) {
      const p = toPlain(item);
      if (p !== undefined) out.push(p);
    }
    return out;
  }
  if (typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === '$metadata') continue;
      const p = toPlain(v);
      if (p !== undefined) out[key] = p;
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  // bigint, symbol, function: nothing AWS returns in the APIs we read.
  return undefined;
}

/** toPlain for a record the caller knows is an object; the cast is to the snapshot's mirror type. */
export function plainRecord<T>(value: object): T {
  return toPlain(value) as T;
}

/** Sort records by a string key (ARN first, by the snapshot's rules), ties broken by JSON text. */
export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  });
}

/** Deduplicate by key, keeping the first seen (the caller orders richer records first). */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
