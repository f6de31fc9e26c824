/**
 * Evidence is made JSON-safe (findings.ts jsonSafe) and CEL results plain (values.ts fromCel)
 * copy-on-write: a value that already is what they would produce comes back as itself. These
 * tests hold both to what a full deep copy gives (the reference below: the copying
 * implementations they replaced), key order included, and check that a safe value is not copied.
 */
import { describe, expect, it } from 'vitest';
import { jsonSafe, safeEvidence } from '../../src/engine/findings.ts';
import { fromCel } from '../../src/engine/cel/values.ts';

/** Reference: the deep copy, as evidence was made safe before copy-on-write. */
function copySafe(value: unknown, scrub?: (text: string) => string, depth = 0): unknown {
  if (depth > 40) return '[too deep]';
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return scrub ? scrub(value) : value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => copySafe(v, scrub, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = copySafe(v, scrub, depth + 1);
    }
    return out;
  }
  return null;
}

/** Reference: fromCel as a deep copy. */
function copyFromCel(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? (Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(copyFromCel);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(copyFromCel(k))] = copyFromCel(v);
    return out;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copyFromCel(v);
    return out;
  }
  return String(value);
}

/** Structure, values and key order, recursively (what a writer would see). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return { array: Array.from({ length: value.length }, (_, i) => (i in value ? shape(value[i]) : '<hole>')) };
  if (value !== null && typeof value === 'object') return { keys: Object.keys(value), values: Object.keys(value).map((k) => shape((value as Record<string, unknown>)[k])) };
  return { [typeof value]: typeof value === 'bigint' ? String(value) : value };
}

const scrub = (text: string): string => text.replaceAll('s3cr3t', '[redacted]');

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { d: v };
  return v;
}

const protoKey = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown;
const holes: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays
class Box {
  constructor(readonly a = 1) {}
}

const VALUES: Array<[string, unknown]> = [
  ['a sorted plain object', { a: 1, b: 'x', c: [1, 2, { d: true }] }],
  ['unsorted keys', { b: 1, a: { z: 1, y: 2 } }],
  ['integer-like keys', { '10': 'a', '9': 'b', x: 'c' }],
  ['undefined members', { a: undefined, b: 1, c: [undefined, 2] }],
  ['a function member', { a: () => 1, b: 2 }],
  ['non-finite numbers', { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0 }],
  ['bigints', { a: 5n, b: 2n ** 64n }],
  ['dates', { at: new Date('2026-11-02T00:00:00Z') }],
  ['a string to scrub', { a: ['ok', 'the s3cr3t here'], b: { c: 's3cr3t' } }],
  ['a string to scrub after safe members', { a: 'fine', b: 'fine', z: 's3cr3t' }],
  ['holes', { list: holes }],
  ['an own __proto__ key', protoKey],
  ['a class instance', { box: new Box() }],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: 2 })],
  ['a Map', { m: new Map([['k', 1]]) }],
  ['nested 39 deep', deep(39)],
  ['nested 45 deep', deep(45)],
  ['a top-level list', [1, 'two', { three: 3 }]],
  ['a top-level string', 'the s3cr3t'],
  ['null', null],
];

describe('jsonSafe copy-on-write', () => {
  it.each(VALUES)('%s: the same as a deep copy', (_name, value) => {
    expect(shape(jsonSafe(value, scrub))).toEqual(shape(copySafe(value, scrub)));
    expect(shape(jsonSafe(value))).toEqual(shape(copySafe(value)));
    expect(shape(safeEvidence(value, scrub))).toEqual(shape(safeEvidence(copySafe(value, scrub), (t) => t)));
  });

  it('keeps a value that already is JSON-safe, sorted and clean, and copies only what changes', () => {
    const inner = { x: 1, y: ['a', 'b'] };
    const safe = { a: inner, b: 'text' };
    expect(jsonSafe(safe, scrub)).toBe(safe);
    const dirty = { a: inner, b: 's3cr3t' };
    const out = jsonSafe(dirty, scrub) as Record<string, unknown>;
    expect(out).not.toBe(dirty);
    expect(out.a).toBe(inner);
    expect(out.b).toBe('[redacted]');
    expect(dirty.b).toBe('s3cr3t');
  });
});

describe('fromCel copy-on-write', () => {
  it.each(VALUES.filter(([name]) => !name.includes('deep')))('%s: the same as a deep copy', (_name, value) => {
    expect(shape(fromCel(value))).toEqual(shape(copyFromCel(value)));
  });

  it('keeps a plain JSON value, copies where an int or a map has to change', () => {
    const plain = { b: [1, 'x'], a: { c: null } };
    expect(fromCel(plain)).toBe(plain);
    const list = [1, 2n, 3];
    const out = fromCel(list) as unknown[];
    expect(out).toEqual([1, 2, 3]);
    expect(list[1]).toBe(2n);
  });
});

/** A deep-frozen copy (the shape shared facts have). */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Map)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

describe('frozen values are walked once, and only while that is safe', () => {
  const plainValues = VALUES.filter(([name]) => !['a Map', 'an own __proto__ key', 'a class instance'].includes(name));

  it.each(plainValues)('%s, deep-frozen: twice the same as a deep copy', (_name, value) => {
    const f = frozen(structuredClone(value === null || typeof value !== 'object' ? value : copyFromCel(value)));
    for (let round = 0; round < 2; round++) {
      expect(shape(jsonSafe(f, scrub))).toEqual(shape(copySafe(f, scrub)));
      expect(shape(jsonSafe(f))).toEqual(shape(copySafe(f)));
      expect(shape(fromCel(f))).toEqual(shape(copyFromCel(f)));
    }
  });

  it('sees a change inside a frozen value whose child is not frozen', () => {
    const child = { a: 'fine' };
    const parent = Object.freeze({ child, list: Object.freeze(['x']) });
    expect(jsonSafe(parent, scrub)).toBe(parent);
    expect(fromCel(parent)).toBe(parent);
    child.a = 'the s3cr3t';
    expect((jsonSafe(parent, scrub) as { child: { a: string } }).child.a).toBe('the [redacted]');
    (child as Record<string, unknown>).n = 2n ** 64n;
    expect((fromCel(parent) as { child: { n: unknown } }).child.n).toBe('18446744073709551616');
  });

  it('keeps what one scrub settled apart from another scrub', () => {
    const value = frozen({ a: ['the s3cr3t'] });
    expect(jsonSafe(value, (t) => t)).toBe(value);
    expect(jsonSafe(value, scrub)).toEqual({ a: ['the [redacted]'] });
    expect(jsonSafe(value)).toBe(value);
  });

  it('makes the copy of a frozen value that has to change once, frozen, and hands it out again', () => {
    // Keys out of order (a version-lag fact) and a string to scrub: a copy, the same every time.
    const value = frozen({ templateName: 'svc', current: { minor: '1', major: '2' }, behindMinor: true, note: 'the s3cr3t' });
    const first = jsonSafe(value, scrub);
    expect(first).not.toBe(value);
    expect(shape(first)).toEqual(shape(copySafe(value, scrub)));
    expect(Object.isFrozen(first)).toBe(true);
    expect(jsonSafe(value, scrub)).toBe(first);
    // Inside a finding's own (fresh) evidence, as a rule gives it: the shared copy.
    expect((safeEvidence({ version: value }, scrub) as { version: unknown }).version).toBe(first);
    // Another scrub has its own copies.
    const unscrubbed = jsonSafe(value, (t) => t) as { note: string };
    expect(unscrubbed.note).toBe('the s3cr3t');
    expect(jsonSafe(value)).not.toBe(first);
  });

  it('copies a frozen value again when a child could have changed (a mutable object, a Date)', () => {
    const child = { b: 'fine', a: 1 };
    const parent = Object.freeze({ z: 1, child });
    const first = jsonSafe(parent, scrub);
    child.b = 'the s3cr3t';
    const second = jsonSafe(parent, scrub) as { child: { b: string } };
    expect(second).not.toBe(first);
    expect(second.child.b).toBe('the [redacted]');
    const at = new Date('2026-11-02T00:00:00Z');
    const dated = Object.freeze({ z: 1, at });
    expect((jsonSafe(dated, scrub) as { at: string }).at).toBe('2026-11-02T00:00:00.000Z');
    at.setTime(Date.parse('2027-01-01T00:00:00Z'));
    expect((jsonSafe(dated, scrub) as { at: string }).at).toBe('2027-01-01T00:00:00.000Z');
  });

  it('hands out a kept copy only where it is not cut at the depth limit, and keeps no cut copy', () => {
    // Unsorted at every level, so each level is a copy.
    const unsortedDeep = (n: number): unknown => {
      let v: unknown = 'bottom';
      for (let i = 0; i < n; i++) v = { z: 0, d: v };
      return frozen(v);
    };
    const wrap = (inner: unknown, n: number): unknown => {
      let outer = inner;
      for (let i = 0; i < n; i++) outer = { d: outer };
      return outer;
    };
    for (const [firstWrap, thenWrap] of [[38, 2], [2, 38], [30, 35], [35, 30]] as const) {
      const inner = unsortedDeep(6);
      for (const n of [firstWrap, thenWrap, firstWrap]) {
        const outer = wrap(inner, n);
        expect(shape(jsonSafe(outer, scrub)), `${firstWrap} then ${thenWrap}: ${n}`).toEqual(shape(copySafe(outer, scrub)));
      }
    }
  });

  it('still cuts a settled value off where it sits too deep, to the level', () => {
    for (const innerDepth of [0, 1, 5, 35]) {
      const inner = frozen(deep(innerDepth));
      jsonSafe(inner, scrub);
      jsonSafe(inner, scrub);
      for (let wrap = 30; wrap <= 42; wrap++) {
        let outer: unknown = inner;
        for (let i = 0; i < wrap; i++) outer = { d: outer };
        expect(shape(jsonSafe(outer, scrub)), `${innerDepth} inside ${wrap}`).toEqual(shape(copySafe(outer, scrub)));
      }
    }
  });
});
