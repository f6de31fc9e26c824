/** Turning verdicts into findings: fingerprints, JSON-safe evidence, secret scrubbing. */
import { hash } from 'node:crypto';
import type { Evidence } from '../model/index.ts';

export function fingerprint(ruleId: string, arn: string, subKey: string | undefined): string {
  return hash('sha256', `${ruleId}\n${arn}\n${subKey ?? ''}`, 'hex');
}

/**
 * Evidence as plain JSON: no functions, undefined, BigInt or Dates; keys sorted for stable
 * output; every string scrubbed of known secret values (and secret-shaped text) on the way.
 * One pass, since a 100× estate has hundreds of thousands of evidence objects.
 */
export function jsonSafe(value: unknown, scrub?: (text: string) => string, depth = 0): unknown {
  if (depth > 40) return '[too deep]';
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return scrub ? scrub(value) : value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, scrub, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = jsonSafe(v, scrub, depth + 1);
    }
    return out;
  }
  return null;
}

export function safeEvidence(evidence: unknown, scrub: (text: string) => string): Evidence | undefined {
  if (evidence === undefined || evidence === null) return undefined;
  const safe = jsonSafe(evidence, scrub);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return { value: safe };
  return safe as Evidence;
}
