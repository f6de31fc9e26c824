/**
 * The input values a template is rendered with: a bound spec's values, schema defaults for
 * what it leaves out (as Proton injects them, https://docs.aws.amazon.com/proton/latest/userguide/ag-schema.html),
 * and synthesised values for inputs nothing gives, so that the IaC can be audited without a
 * spec. Variations change one input that an `{% if %}` branches on, so both branches render.
 */
import type { SchemaType } from '../discover/schema.ts';
import { isRecord } from '../discover/files.ts';
import { compileLinear } from '../../util/linear-regex.ts';

export interface InputValues {
  values: Record<string, unknown>;
  /** Inputs given a synthesised value (not in the spec, no default). */
  synthesised: string[];
}

const CANDIDATE_STRINGS = ['example', 'example-1', 'a', 'A', '1', 'example_1', 'Example1', 'x1'];

/** A value of the declared type that satisfies the property's own constraints where it can. */
export function synthesise(schema: Record<string, unknown>, name = ''): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = schema.type;
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') {
    const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
    const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
    const v = min ?? (max !== undefined ? Math.min(max, 1) : 1);
    return type === 'integer' ? Math.ceil(v) : v;
  }
  if (type === 'array') {
    const items = isRecord(schema.items) ? schema.items : { type: 'string' };
    const n = typeof schema.minItems === 'number' ? schema.minItems : 1;
    return Array.from({ length: Math.max(0, Math.min(n, 3)) }, () => synthesise(items, name));
  }
  if (type === 'object') {
    const props = isRecord(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    return Object.fromEntries(Object.entries(props).filter(([k]) => required.includes(k)).map(([k, s]) => [k, synthesise(isRecord(s) ? s : {}, k)]));
  }
  // Strings: fit the pattern and the length bounds when a simple candidate does.
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  // Linear matching: the schema is repository input (a backtracking engine could stall on it).
  let re: { test(text: string): boolean } | undefined;
  try {
    const linear = typeof schema.pattern === 'string' ? compileLinear(schema.pattern) : undefined;
    re = linear ? { test: (text) => linear.find(text) } : undefined;
  } catch {
    re = undefined;
  }
  const base = name ? `example-${name}`.replace(/_/g, '-') : 'example';
  for (const c of [base, ...CANDIDATE_STRINGS]) {
    const padded = c.length < min ? c.padEnd(min, 'x') : c.slice(0, Math.min(c.length, max === Infinity ? c.length : max));
    if (!re || re.test(padded)) return padded;
  }
  return 'example'.padEnd(min, 'x');
}

/** Spec values, then defaults, then synthesised values for required inputs and for the rest. */
export function inputValues(type: SchemaType | undefined, given: Record<string, unknown> | undefined, options: { synthesiseOptional: boolean }): InputValues {
  const values: Record<string, unknown> = { ...(given ?? {}) };
  const synthesised: string[] = [];
  for (const p of type?.properties ?? []) {
    if (p.name in values) continue;
    if ('default' in p.schema) values[p.name] = p.schema.default;
    else if (p.required || options.synthesiseOptional) {
      values[p.name] = synthesise(p.schema, p.name);
      synthesised.push(p.name);
    }
  }
  return { values, synthesised };
}

export interface BranchInput {
  name: string;
  comparedWith: unknown[];
}

export interface Variation {
  /** 'environment.inputs.public = True' */
  label: string;
  input: string;
  value: unknown;
}

/** Alternatives for the inputs conditions branch on, one input changed at a time, at most `cap`. */
export function variations(type: SchemaType | undefined, base: Record<string, unknown>, branchInputs: readonly BranchInput[], namespace: string, cap: number): Variation[] {
  const out: Variation[] = [];
  const seen = new Set<string>();
  const byName = new Map(type?.properties.map((p) => [p.name, p.schema]) ?? []);
  const inputs = [...new Map(branchInputs.map((b) => [b.name, b])).values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  // Merge every comparison of the same input.
  const compared = new Map<string, unknown[]>();
  for (const b of branchInputs) compared.set(b.name, [...(compared.get(b.name) ?? []), ...b.comparedWith]);
  for (const { name } of inputs) {
    const schema = byName.get(name) ?? {};
    const current = base[name];
    const alternatives: unknown[] = [];
    for (const v of compared.get(name) ?? []) alternatives.push(v);
    if (Array.isArray(schema.enum)) alternatives.push(...schema.enum);
    const type = schema.type ?? typeof current;
    if (type === 'boolean') alternatives.push(!current);
    else if (type === 'string') alternatives.push(current ? '' : synthesise(schema, name));
    else if (type === 'number' || type === 'integer') alternatives.push(current ? 0 : 1);
    else if (type === 'array') alternatives.push(Array.isArray(current) && current.length > 0 ? [] : [synthesise(isRecord(schema.items) ? schema.items : { type: 'string' }, name)]);
    for (const value of alternatives) {
      if (out.length >= cap) return out;
      const key = `${name}\u0000${JSON.stringify(value)}`;
      if (seen.has(key) || JSON.stringify(value) === JSON.stringify(current)) continue;
      seen.add(key);
      out.push({ label: `${namespace}.inputs.${name} = ${JSON.stringify(value)}`, input: name, value });
    }
  }
  return out;
}
