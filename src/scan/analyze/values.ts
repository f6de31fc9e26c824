/**
 * A value checked against one OpenAPI 3.0 property schema, the subset Proton schemas use
 * (type, enum, pattern, minimum/maximum, exclusive bounds, minLength/maxLength,
 * minItems/maxItems, items, properties, required). Patterns are searched, not anchored, as
 * JSON Schema specifies.
 */
import type { Segment } from '../yaml/yaml-doc.ts';
import { compileLinear } from '../../util/linear-regex.ts';

export type ValueProblemKind = 'type' | 'enum' | 'pattern' | 'bounds' | 'unknown-key' | 'missing-required';

export interface ValueProblem {
  kind: ValueProblemKind;
  /** Path of the offending value below the checked one. */
  path: Segment[];
  message: string;
  /** For unknown keys: the closest declared name. */
  suggestion?: string;
}

export const OPENAPI_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeOfValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function matchesType(type: unknown, v: unknown): boolean {
  const actual = typeOfValue(v);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return type === actual;
}

/**
 * A schema's `pattern` (unanchored, as JSON Schema reads it) matched in linear time: a pattern
 * from a pull request is hostile input, and a backtracking engine would let `(a+)+$` stall the
 * scan. Undefined when it is not RE2 syntax (invalid, or backreferences and lookaround).
 */
export function compilePattern(pattern: unknown): { test(text: string): boolean } | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    const re = compileLinear(pattern);
    return { test: (text) => re.find(text) };
  } catch {
    return undefined;
  }
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] ?? 0;
      prev[j] = Math.min((prev[j] ?? 0) + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] ?? 0;
}

export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const norm = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  for (const c of candidates) {
    const d = norm(c) === norm(name) ? 0 : editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));

export function checkValue(schema: Record<string, unknown>, value: unknown, path: Segment[] = []): ValueProblem[] {
  const out: ValueProblem[] = [];
  const type = schema.type;
  if (typeof type === 'string' && OPENAPI_TYPES.includes(type) && !matchesType(type, value)) {
    out.push({ kind: 'type', path, message: `${show(value)} is ${typeOfValue(value) === 'integer' ? 'a number' : `of type ${typeOfValue(value)}`}, the schema declares ${type}` });
    return out;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push({ kind: 'enum', path, message: `${show(value)} is not one of ${schema.enum.map(show).join(', ')}` });
  }
  if (typeof value === 'string') {
    const re = compilePattern(schema.pattern);
    if (re && !re.test(value)) out.push({ kind: 'pattern', path, message: `${show(value)} does not match the pattern ${String(schema.pattern)}` });
    const len = [...value].length;
    if (typeof schema.minLength === 'number' && len < schema.minLength) out.push({ kind: 'bounds', path, message: `${show(value)} is shorter than minLength ${schema.minLength}` });
    if (typeof schema.maxLength === 'number' && len > schema.maxLength) out.push({ kind: 'bounds', path, message: `${show(value)} is longer than maxLength ${schema.maxLength}` });
  }
  if (typeof value === 'number') {
    const exMin = schema.exclusiveMinimum === true;
    const exMax = schema.exclusiveMaximum === true;
    if (typeof schema.minimum === 'number' && (exMin ? value <= schema.minimum : value < schema.minimum)) out.push({ kind: 'bounds', path, message: `${value} is below the minimum ${schema.minimum}${exMin ? ' (exclusive)' : ''}` });
    if (typeof schema.maximum === 'number' && (exMax ? value >= schema.maximum : value > schema.maximum)) out.push({ kind: 'bounds', path, message: `${value} is above the maximum ${schema.maximum}${exMax ? ' (exclusive)' : ''}` });
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ kind: 'bounds', path, message: `${value.length} items, fewer than minItems ${schema.minItems}` });
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push({ kind: 'bounds', path, message: `${value.length} items, more than maxItems ${schema.maxItems}` });
    if (isRecord(schema.items)) value.forEach((item, i) => out.push(...checkValue(schema.items as Record<string, unknown>, item, [...path, i])));
  }
  if (isRecord(value) && (isRecord(schema.properties) || schema.type === 'object')) {
    out.push(...checkObject(isRecord(schema.properties) ? schema.properties : {}, Array.isArray(schema.required) ? schema.required.map(String) : [], value, path, schema.additionalProperties !== true));
  }
  return out;
}

/** An object's keys against declared properties: unknown keys (with a suggestion), missing required ones without default. */
export function checkObject(properties: Record<string, unknown>, required: readonly string[], value: Record<string, unknown>, path: Segment[], reportUnknown = true): ValueProblem[] {
  const out: ValueProblem[] = [];
  const names = Object.keys(properties);
  for (const [k, v] of Object.entries(value)) {
    const prop = properties[k];
    if (!isRecord(prop)) {
      if (!reportUnknown) continue;
      const suggestion = closest(k, names.filter((n) => !(n in value)));
      out.push({ kind: 'unknown-key', path: [...path, k], message: `'${k}' is not declared in the schema${suggestion ? `; did you mean '${suggestion}'?` : ''}`, ...(suggestion ? { suggestion } : {}) });
      continue;
    }
    out.push(...checkValue(prop, v, [...path, k]));
  }
  for (const r of required) {
    const prop = properties[r];
    if (!(r in value) && !(isRecord(prop) && 'default' in prop)) out.push({ kind: 'missing-required', path, message: `required input '${r}' is missing and has no default` });
  }
  return out;
}
