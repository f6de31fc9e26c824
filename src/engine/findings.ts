/** Turning verdicts into findings: fingerprints, JSON-safe evidence, secret scrubbing. */
import { hash } from 'node:crypto';
import type { Evidence } from '../model/index.ts';
import { copyKeys } from '../util/copy-keys.ts';
import { compareCodeUnits, sortInPlace } from '../util/sort-in-place.ts';

export function fingerprint(ruleId: string, arn: string, subKey: string | undefined): string {
  return hash('sha256', `${ruleId}\n${arn}\n${subKey ?? ''}`, 'hex');
}

/**
 * Evidence as plain JSON: no functions, undefined, BigInt or Dates; keys sorted for stable
 * output; every string scrubbed of known secret values (and secret-shaped text) on the way.
 * One pass, since a 100× estate has hundreds of thousands of evidence objects, and
 * copy-on-write: a value that already is all that (plain objects with sorted keys, nothing to
 * scrub) comes back as itself instead of as a deep copy.
 */
export function jsonSafe(value: unknown, scrub?: (text: string) => string, depth = 0): unknown {
  if (depth > 40) return '[too deep]';
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return scrub ? scrub(value) : value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  const { settled, copies } = scrub ? tablesBy(scrub) : UNSCRUBBED;
  const height = settled.get(value);
  if (height !== undefined && depth + height <= 40) return value;
  const copy = copies.get(value);
  if (copy !== undefined) {
    const h = settled.get(copy) as number;
    if (depth + h <= 40) return copy;
  }
  if (value instanceof Date) return value.toISOString();
  const out = Array.isArray(value) ? safeList(value, scrub, depth) : safeMap(value as Record<string, unknown>, scrub, depth);
  if (Object.isFrozen(value)) {
    if (out === value) settle(value, settled);
    else if (childrenSettled(value, settled, copies)) {
      // Kept only when nothing was cut at the depth limit (a cut copy is right only this deep).
      const h = heightOf(out, settled);
      if (h !== undefined && depth + h <= 40) {
        settled.set(Object.freeze(out), h);
        copies.set(value, out);
      }
    }
  }
  return out;
}

/** Whether every object child of a frozen value is settled or has its settled copy: its conversion can then never change. */
function childrenSettled(value: object, settled: Settled, copies: Copies): boolean {
  for (const v of Object.values(value)) if (v !== null && typeof v === 'object' && !settled.has(v) && !copies.has(v)) return false;
  return true;
}

/**
 * What is known of frozen values, per scrub function (what comes back unchanged depends on what
 * is scrubbed). `settled`: frozen lists and plain objects, all the way down, that came back as
 * themselves (height of each kept): the shared facts a rule's evidence names on every finding;
 * they cannot change, so they are not walked (nor their strings scrubbed) again. `copies`: frozen
 * values that came back as a copy (keys out of order, a string scrubbed) although every child is
 * a primitive or settled: the copy is then the same every time, so it is made once, frozen and
 * settled, and handed out again (a version-lag fact shared by thousands of findings was copied
 * for each).
 */
type Settled = WeakMap<object, number>;
type Copies = WeakMap<object, object>;
interface Known {
  readonly settled: Settled;
  readonly copies: Copies;
}
const known = (): Known => ({ settled: new WeakMap(), copies: new WeakMap() });
const UNSCRUBBED = known();
const BY_SCRUB = new WeakMap<(text: string) => string, Known>();
function tablesBy(scrub: (text: string) => string): Known {
  let tables = BY_SCRUB.get(scrub);
  if (!tables) BY_SCRUB.set(scrub, (tables = known()));
  return tables;
}

/**
 * Records a frozen value that came back as itself when every child is a primitive or settled,
 * with its height: how many levels its deepest member lies below it (a primitive member is one
 * level, as the depth limit counts it; an empty list or object is none).
 */
function settle(value: object, settled: Settled): void {
  const height = heightOf(value, settled);
  if (height !== undefined) settled.set(value, height);
}

/** A value's height when every child is a primitive or settled; else undefined. */
function heightOf(value: object, settled: Settled): number | undefined {
  let height = 0;
  for (const v of Object.values(value)) {
    let h = 0;
    if (v !== null && typeof v === 'object') {
      const below = settled.get(v);
      if (below === undefined) return undefined;
      h = below;
    }
    if (h + 1 > height) height = h + 1;
  }
  return height;
}

function safeList(list: readonly unknown[], scrub: ((text: string) => string) | undefined, depth: number): unknown[] {
  let out: unknown[] | undefined = Object.getPrototypeOf(list) === Array.prototype ? undefined : [];
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    // A hole stays a hole (as map() leaves it).
    if (x === undefined && !(i in list)) continue;
    const y = jsonSafe(x, scrub, depth + 1);
    if (out) out[i] = y;
    else if (y !== x) {
      out = list.slice(0, i);
      out[i] = y;
    }
  }
  if (!out) return list as unknown[];
  out.length = list.length;
  return out;
}

function safeMap(obj: Record<string, unknown>, scrub: ((text: string) => string) | undefined, depth: number): Record<string, unknown> {
  const own = Object.keys(obj);
  let sorted = true;
  for (let i = 1; i < own.length && sorted; i++) if ((own[i - 1] as string) > (own[i] as string)) sorted = false;
  const keys = sorted ? own : sortInPlace(own, compareCodeUnits);
  // Only a plain object whose keys already come in sorted order can be kept as it is.
  let out: Record<string, unknown> | undefined = sorted && Object.getPrototypeOf(obj) === Object.prototype ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = obj[key];
    if (v === undefined || typeof v === 'function') {
      out ??= copyKeys(obj, keys, i);
      continue;
    }
    const w = jsonSafe(v, scrub, depth + 1);
    if (out) out[key] = w;
    // An own "__proto__" key does not survive a copy: copy, as before, rather than keep it.
    else if (w !== v || key === '__proto__') {
      out = copyKeys(obj, keys, i);
      out[key] = w;
    }
  }
  return out ?? obj;
}

export function safeEvidence(evidence: unknown, scrub: (text: string) => string): Evidence | undefined {
  if (evidence === undefined || evidence === null) return undefined;
  const safe = jsonSafe(evidence, scrub);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return { value: safe };
  return safe as Evidence;
}
