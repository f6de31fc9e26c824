/** Helpers for property tests of loaders: paths into a JSON value and single-point mutations. */
import fc from 'fast-check';
import { AuditorError, InputError } from '../../src/errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = Array<string | number>;

/** Every path in a value (bounded, so a large document stays cheap to sample). */
export function paths(value: unknown, limit = 4000): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, at: Path): void => {
    if (out.length >= limit) return;
    out.push(at);
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...at, i]));
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, [...at, k]);
  };
  walk(value, []);
  return out;
}

export type Mutation = { kind: 'replace'; path: Path; value: Json } | { kind: 'delete'; path: Path } | { kind: 'add'; path: Path; key: string; value: Json };

/** A deep copy of `value` with one mutation applied (the root path replaces the whole value). */
export function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  if (m.path.length === 0) return m.kind === 'replace' ? m.value : m.kind === 'delete' ? undefined : copy;
  let parent: unknown = copy;
  for (const step of m.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const last = m.path[m.path.length - 1] as string | number;
  const holder = parent as Record<string | number, unknown>;
  if (m.kind === 'replace') holder[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(holder)) holder.splice(last as number, 1);
    else delete holder[last];
  } else {
    const target = holder[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
  }
  return copy;
}

export function mutations(value: unknown): fc.Arbitrary<Mutation> {
  const all = paths(value);
  const path = fc.constantFrom(...all);
  const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path, value: json }),
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...all.filter((p) => p.length > 0)) }),
    fc.record({ kind: fc.constant('add' as const), path, key: fc.string({ maxLength: 12 }), value: json }),
  );
}

/** Runs a loader: it may return, or throw the typed input error, and nothing else. */
export function onlyInputErrors(load: () => unknown): void {
  try {
    load();
  } catch (err) {
    if (err instanceof InputError) {
      // Every problem names a file; a message exists.
      for (const p of err.problems) {
        if (typeof p.file !== 'string' || typeof p.message !== 'string' || p.message === '') throw new Error(`malformed problem ${JSON.stringify(p)}`);
      }
      return;
    }
    if (err instanceof AuditorError) return;
    throw err;
  }
}
