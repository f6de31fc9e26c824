/** Turning verdicts into findings: fingerprints, JSON-safe evidence, secret scrubbing, order. */
import { createHash } from 'node:crypto';
import { scrubSecrets } from '../facts/secrets.ts';
import { SEVERITIES, STATUSES, type Evidence, type Finding } from './types.ts';

export function fingerprint(ruleId: string, arn: string, subKey: string | undefined): string {
  return createHash('sha256').update(`${ruleId}\n${arn}\n${subKey ?? ''}`).digest('hex');
}

/** Evidence as plain JSON: no functions, undefined, BigInt or Dates; keys sorted for stable output. */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 40) return '[too deep]';
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = jsonSafe(v, depth + 1);
    }
    return out;
  }
  return null;
}

/** Every string in a value with known secret values (and secret-shaped text) replaced by previews. */
export function scrubDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, secrets);
    return out;
  }
  return value;
}

export function safeEvidence(evidence: unknown, secrets: readonly string[]): Evidence | undefined {
  if (evidence === undefined || evidence === null) return undefined;
  const safe = jsonSafe(evidence);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return { value: scrubDeep(safe, secrets) };
  return scrubDeep(safe, secrets) as Evidence;
}

const STATUS_RANK = new Map(STATUSES.map((s, i) => [s, i]));
const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Status (fail, error, skip, pass), severity, rule id, resource ARN, sub-key. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (STATUS_RANK.get(a.status) ?? 9) - (STATUS_RANK.get(b.status) ?? 9) ||
    (SEVERITY_RANK.get(a.severity) ?? 9) - (SEVERITY_RANK.get(b.severity) ?? 9) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.resource.arn, b.resource.arn) ||
    cmp(a.subKey ?? '', b.subKey ?? '')
  );
}
