/**
 * Canonical JSON: object keys sorted recursively, undefined members dropped, two-space indent and
 * a trailing newline. Two equal values always serialise to the same bytes, which is what makes
 * snapshots, results and SARIF byte-identical across runs.
 */
import { createHash } from 'node:crypto';

export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v)));
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

export function canonicalJson(value: unknown, indent = 2): string {
  return `${JSON.stringify(canonicalize(value), null, indent)}\n`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
