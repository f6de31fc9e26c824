/**
 * Values crossing into and out of CEL. JSON integers become CEL ints (BigInt) and fractions
 * doubles, as the library expects; results come back as plain JSON (ints as numbers, timestamps
 * as ISO strings) so findings stay JSON-safe.
 */
import { copyKeys } from '../../util/copy-keys.ts';

export type CelValue = unknown;

export function toCel(value: unknown): CelValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'object') {
    // The interpreter reads an object's type from its `constructor`, and a `__proto__` key set on
    // a copy would replace its prototype: keys like those (a tag named "constructor") go in a Map.
    if (Object.hasOwn(value, 'constructor') || Object.hasOwn(value, '__proto__')) {
      const map = new Map<string, CelValue>();
      for (const [k, v] of Object.entries(value)) if (v !== undefined) map.set(k, toCel(v));
      return map;
    }
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

/**
 * A CEL result as plain JSON. Copy-on-write: a value that is already plain JSON (what compiled
 * closures return, a fact object a rule's evidence names) comes back as itself, unchanged, so
 * evidence of a large estate is not copied once per finding.
 */
export function fromCel(value: CelValue): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'number':
      // An integral number past 2^53 reads as the interpreter's BigInt does: its exact digits.
      return Number.isFinite(value) ? (Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value) : String(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (SETTLED.has(value)) return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return listFromCel(value);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) setKey(out, String(fromCel(k)), fromCel(v));
    return out;
  }
  if (isOptionalLike(value)) return value.hasValue() ? fromCel(value.value()) : null;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype) {
    // Library objects (durations, types) render through their own toString.
    const text = String(value);
    if (text !== '[object Object]') return text;
  }
  return mapFromCel(value as Record<string, unknown>, proto === Object.prototype);
}

/**
 * Frozen lists and plain objects, all the way down, that came back from fromCel as themselves:
 * the shared facts (tag entries, required keys) a rule's evidence names on every finding. They
 * cannot change, so they are not walked again.
 */
const SETTLED = new WeakSet<object>();

/** Whether a child leaves its frozen parent settled: a primitive, or a settled object itself. */
function settles(child: unknown): boolean {
  return child === null || typeof child !== 'object' || SETTLED.has(child);
}

function listFromCel(list: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  let settled = Object.isFrozen(list);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    // A hole stays a hole (as map() leaves it).
    if (x === undefined && !(i in list)) continue;
    const y = fromCel(x);
    if (settled && !settles(x)) settled = false;
    if (out) out[i] = y;
    else if (y !== x) {
      out = list.slice(0, i);
      out[i] = y;
    }
  }
  if (!out) {
    if (settled) SETTLED.add(list);
    return list as unknown[];
  }
  out.length = list.length;
  return out;
}

function mapFromCel(obj: Record<string, unknown>, reusable: boolean): Record<string, unknown> {
  const keys = Object.keys(obj);
  let out: Record<string, unknown> | undefined = reusable ? undefined : {};
  let settled = reusable && Object.isFrozen(obj);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = obj[k];
    if (settled && !settles(v)) settled = false;
    // Absent, as toCel leaves it (a compiled closure hands over the plain object itself).
    if (v === undefined) {
      out ??= copyKeys(obj, keys, i);
      continue;
    }
    const w = fromCel(v);
    if (out) out[k] = w;
    // An own "__proto__" key does not survive a copy: copy, as before, rather than keep it.
    else if (w !== v || k === '__proto__') {
      out = copyKeys(obj, keys, i);
      out[k] = w;
    }
  }
  if (out) return out;
  if (settled) SETTLED.add(obj);
  return obj;
}

/** How a value reads inside a message: strings bare, lists comma-separated, maps as JSON. */
export function formatCel(value: CelValue): string {
  if (typeof value === 'string') return value;
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

/** `obj[key] = value`, except that a "__proto__" key becomes an own key instead of replacing the prototype. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
