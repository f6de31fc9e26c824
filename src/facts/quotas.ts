/**
 * Quota use: how close each counted Proton resource is to its quota. Limits come from Service
 * Quotas when collected, else AWS's documented defaults
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-limits.html). Quotas are
 * regional, so account-level counts are per account and region.
 */
import { DOCUMENTED_QUOTAS, type Quota, type QuotaName, type QuotaUse } from '../model/index.ts';

export function quotaUse(name: QuotaName, used: number, quotas: readonly Quota[]): QuotaUse {
  const q = quotas.find((x) => x.name === name);
  const limit = q?.value ?? DOCUMENTED_QUOTAS[name];
  const source = q?.source ?? 'documented-default';
  // A zero limit means nothing may be created: any use is full use.
  const ratio = limit > 0 ? used / limit : used > 0 ? 1 : 0;
  return { name, used, limit, ratio: Math.round(ratio * 10_000) / 10_000, source };
}

/** Deployment states that no longer hold a quota slot. DELETE_FAILED still does
 * (https://docs.aws.amazon.com/proton/latest/userguide/ag-svc-update.html). */
const GONE = new Set(['DELETE_COMPLETE']);

export function countsTowardQuota(status: string | undefined): boolean {
  return status === undefined || !GONE.has(status);
}

export function specBytes(spec: string | undefined): number | undefined {
  return spec === undefined ? undefined : Buffer.byteLength(spec, 'utf8');
}
