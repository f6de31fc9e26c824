/**
 * awsQuery inputs: flat form parameters (`Name`, `Name.member.N`) read against each operation's
 * parameter list, with the same checks as the JSON services (unknown, missing, type, range,
 * pattern, enum), reported as IAM's and STS's ValidationError naming the parameter.
 */
import { ApiError, validationMessage } from '../api-error.ts';
import type { XmlValue } from '../http/render.ts';
import { checkShape, type Shape } from '../shape.ts';
import type { CallContext } from './context.ts';

export interface ParamRule {
  shape: Shape;
  required?: boolean;
  /** Sent as `Name.member.1`, `Name.member.2`, ... */
  list?: boolean;
}

/** Structured list parameters (`Tags.member.1.Key`) are accepted by prefix and not interpreted. */
export interface QueryOperation {
  params: Readonly<Record<string, ParamRule>>;
  opaquePrefixes?: readonly string[];
  handle: (input: Record<string, unknown>, ctx: CallContext) => Record<string, XmlValue>;
}

export interface QueryService {
  namespace: string;
  operations: Readonly<Record<string, QueryOperation>>;
}

function convert(raw: string, shape: Shape): unknown {
  if (shape.kind === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (shape.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

export function readParams(params: ReadonlyMap<string, string>, op: QueryOperation): Record<string, unknown> {
  const failures: string[] = [];
  const input: Record<string, unknown> = {};
  const lists = new Map<string, Array<[number, string]>>();
  for (const [key, raw] of params) {
    if (op.opaquePrefixes?.some((p) => key.startsWith(p))) continue;
    const member = /^([A-Za-z]+)\.member\.(\d+)$/.exec(key);
    const name = member?.[1] ?? key;
    const rule = op.params[name];
    if (!rule || Boolean(member) !== Boolean(rule.list)) {
      failures.push(`Unrecognized parameter '${key}'`);
      continue;
    }
    if (member) {
      const items = lists.get(name) ?? [];
      items.push([Number(member[2]), raw]);
      lists.set(name, items);
    } else {
      input[name] = convert(raw, rule.shape);
    }
  }
  for (const [name, items] of lists) {
    const rule = op.params[name];
    if (rule) input[name] = items.sort((a, b) => a[0] - b[0]).map(([, raw]) => convert(raw, rule.shape));
  }
  for (const [name, rule] of Object.entries(op.params)) {
    const value = input[name];
    if (value === undefined) {
      if (rule.required) failures.push(`Value null at '${name}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v: unknown) => failures.push(...checkShape(v, rule.shape, name)));
  }
  if (failures.length > 0) throw new ApiError('ValidationError', validationMessage(failures));
  return input;
}
