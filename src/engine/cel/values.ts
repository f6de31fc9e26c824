/**
 * Values crossing into and out of CEL. JSON integers become CEL ints (BigInt) and fractions
 * doubles, as the library expects; results come back as plain JSON (ints as numbers, timestamps
 * as ISO strings) so findings stay JSON-safe.
 */

export type CelValue = unknown;

export function toCel(value: unknown): CelValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'object') {
    const out: Record<string, CelValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCel(v);
    return out;
  }
  return String(value);
}

function isOptionalLike(v: object): v is { hasValue(): boolean; value(): unknown } {
  const o = v as { hasValue?: unknown; value?: unknown; orValue?: unknown };
  return typeof o.hasValue === 'function' && typeof o.value === 'function' && typeof o.orValue === 'function';
}

export function fromCel(value: CelValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  // An integral number past 2^53 reads as the interpreter's BigInt does: its exact digits.
  if (typeof value === 'number') return Number.isFinite(value) ? (Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(fromCel(k))] = fromCel(v);
    return out;
  }
  if (typeof value === 'object') {
    if (isOptionalLike(value)) return value.hasValue() ? fromCel(value.value()) : null;
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && proto !== Object.prototype) {
      // Library objects (durations, types) render through their own toString.
      const text = String(value);
      if (text !== '[object Object]') return text;
    }
    const out: Record<string, unknown> = {};
    // Absent, as toCel leaves it (a compiled closure hands over the plain object itself).
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = fromCel(v);
    return out;
  }
  return String(value);
}

/** How a value reads inside a message: strings bare, lists comma-separated, maps as JSON. */
export function formatCel(value: CelValue): string {
  const v = fromCel(value);
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(', ');
  return JSON.stringify(v);
}

export function celTypeName(value: CelValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'timestamp';
  return 'map';
}
