/**
 * A small model of operation inputs, enough to check what a client sends the way the service
 * would: required and unknown members, types, lengths, patterns, ranges and enums. Each failure
 * names the member, so a collector that sends something invalid is caught.
 */

export type Shape =
  | { kind: 'string'; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[] }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'list'; member: Shape; min?: number; max?: number }
  | { kind: 'structure'; name: string; members: Record<string, Shape>; required?: readonly string[] };

export const str = (opts: Omit<Extract<Shape, { kind: 'string' }>, 'kind'> = {}): Shape => ({ kind: 'string', ...opts });
export const int = (min?: number, max?: number): Shape => ({ kind: 'integer', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
export const bool: Shape = { kind: 'boolean' };
export const list = (member: Shape, min?: number, max?: number): Shape => ({
  kind: 'list',
  member,
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
export const struct = (name: string, members: Record<string, Shape>, required: readonly string[] = []): Extract<Shape, { kind: 'structure' }> => ({
  kind: 'structure',
  name,
  members,
  required,
});

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Returns one message per failure; an empty list means the input is valid. */
export function checkShape(value: unknown, shape: Shape, path: string): string[] {
  const at = path || 'input';
  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return [`Value ${show(value)} at '${at}' failed to satisfy constraint: Member must be a string`];
      const out: string[] = [];
      if (shape.min !== undefined && value.length < shape.min) out.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) out.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      if (shape.pattern && !shape.pattern.test(value)) out.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern.source}`);
      if (shape.enum && !shape.enum.includes(value)) out.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return out;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return [`Value ${show(value)} at '${at}' failed to satisfy constraint: Member must be an integer`];
      const out: string[] = [];
      if (shape.min !== undefined && value < shape.min) out.push(`Value '${value}' at '${at}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) out.push(`Value '${value}' at '${at}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      return out;
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`Value ${show(value)} at '${at}' failed to satisfy constraint: Member must be a boolean`];
    case 'list': {
      if (!Array.isArray(value)) return [`Value ${show(value)} at '${at}' failed to satisfy constraint: Member must be a list`];
      const out: string[] = [];
      if (shape.min !== undefined && value.length < shape.min) out.push(`Value at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) out.push(`Value at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      value.forEach((item: unknown, i) => out.push(...checkShape(item, shape.member, `${at}.${i + 1}.member`)));
      return out;
    }
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`Value ${show(value)} at '${at}' failed to satisfy constraint: Member must be a structure`];
      const record = value as Record<string, unknown>;
      const out: string[] = [];
      const prefix = path ? `${path}.` : '';
      for (const name of shape.required ?? []) {
        if (record[name] === undefined || record[name] === null) out.push(`Value null at '${prefix}${name}' failed to satisfy constraint: Member must not be null`);
      }
      for (const [name, member] of Object.entries(record)) {
        const memberShape = shape.members[name];
        if (!memberShape) {
          out.push(`Member '${prefix}${name}' is not part of ${shape.name}`);
          continue;
        }
        // SDKs leave optional members out; an explicit null is treated the same way.
        if (member === null || member === undefined) continue;
        out.push(...checkShape(member, memberShape, `${prefix}${name}`));
      }
      return out;
    }
  }
}
