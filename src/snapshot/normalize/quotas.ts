/**
 * Service Quotas ListServiceQuotas (ServiceCode proton) → the quotas rules know by name. Quota
 * names are matched by wording, not by code, because the documentation gives names only; what Service
 * Quotas does not answer falls back to the documented default, marked as such.
 */
import { DOCUMENTED_QUOTAS, type Quota, type QuotaName } from '../../model/index.ts';

interface ServiceQuotaLike {
  QuotaName?: string | undefined;
  QuotaCode?: string | undefined;
  Value?: number | undefined;
  Unit?: string | undefined;
}

const MATCHERS: ReadonlyArray<[QuotaName, RegExp]> = [
  ['instancesPerService', /\binstances?\b.*\bper\b.*\bservice\b/i],
  ['environmentsPerAccount', /\benvironments?\b(?!.*\b(templates?|connections?)\b).*\b(per|in)\b.*\baccount\b/i],
  ['servicesPerAccount', /^(?!.*\binstances?\b)(?!.*\btemplates?\b).*\bservices?\b.*\b(per|in)\b.*\baccount\b/i],
  ['specSizeBytes', /\b(spec|manifest)\b.*\bsize\b|\bsize\b.*\bspec\b/i],
  ['customerTagsPerResource', /\btags?\b.*\bper\b.*\bresource\b/i],
];

export function quotaNameOf(quotaName: string): QuotaName | undefined {
  for (const [name, re] of MATCHERS) if (re.test(quotaName)) return name;
  return undefined;
}

/** Sizes come as Bytes or Kilobytes/Megabytes in Service Quotas; rules compare bytes. */
function toBytes(value: number, unit: string | undefined): number {
  const u = (unit ?? '').toLowerCase();
  if (u === 'kilobytes') return value * 1024;
  if (u === 'megabytes') return value * 1024 * 1024;
  return value;
}

export function quotasFrom(answered: readonly ServiceQuotaLike[] | undefined): Quota[] {
  const found = new Map<QuotaName, Quota>();
  for (const q of answered ?? []) {
    if (!q.QuotaName || typeof q.Value !== 'number' || !Number.isFinite(q.Value)) continue;
    const name = quotaNameOf(q.QuotaName);
    if (!name || found.has(name)) continue;
    const value = name === 'specSizeBytes' ? toBytes(q.Value, q.Unit) : q.Value;
    found.set(name, { name, value, source: 'service-quotas', ...(q.QuotaCode ? { quotaCode: q.QuotaCode } : {}) });
  }
  const names = Object.keys(DOCUMENTED_QUOTAS).sort() as QuotaName[];
  return names.map((name) => found.get(name) ?? { name, value: DOCUMENTED_QUOTAS[name], source: 'documented-default' });
}
