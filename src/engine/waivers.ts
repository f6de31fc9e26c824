/**
 * Waivers: a failing finding is waived by an unexpired waiver naming its rule and matching its
 * ARN glob. Expired waivers stop applying and are reported (AuditResult.expiredWaivers and the
 * summary count); waivers that match nothing are reported by `unmatchedWaivers`, so a waiver that
 * silently stopped matching — the complaint users have about other tools — is visible.
 */
import type { AuditResult, Config, FindingResource, RuleOutcomes, Waiver } from '../model/index.ts';
import { globMatch } from '../util/glob.ts';

const DAY = 86_400_000;

/** A waiver applies through the whole of its `expires` day, UTC. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  const end = Date.parse(`${waiver.expires}T00:00:00Z`) + DAY;
  return !(now.getTime() < end);
}

/** Marks every failing record an active waiver covers (a copy of the waiver on the record); returns the expired waivers. */
export function applyWaivers(outcomes: readonly RuleOutcomes[], resources: readonly FindingResource[], config: Config, unwaivable: ReadonlySet<string>, now: Date): { expired: Waiver[] } {
  const active = config.waivers.filter((w) => !isExpired(w, now) && !unwaivable.has(w.rule));
  if (active.length > 0) {
    for (const o of outcomes) {
      const mine = active.filter((w) => w.rule === o.rule);
      if (mine.length === 0) continue;
      for (const r of o.findings) {
        if (r.status !== 'fail') continue;
        const arn = (resources[r.resource] as FindingResource).arn;
        const w = mine.find((x) => globMatch(arn, x.resource));
        if (w) r.waiver = { ...w };
      }
    }
  }
  return { expired: config.waivers.filter((w) => isExpired(w, now)).map((w) => ({ ...w })) };
}

/** Active waivers that waived no finding: stale, or a glob that no longer matches. */
export function unmatchedWaivers(result: Pick<AuditResult, 'outcomes'>, waivers: readonly Waiver[], now: Date): Waiver[] {
  const key = (w: Waiver): string => JSON.stringify([w.rule, w.resource, w.expires, w.owner]);
  const used = new Set<string>();
  for (const o of result.outcomes) for (const r of o.findings) if (r.waiver) used.add(key(r.waiver));
  return waivers.filter((w) => !isExpired(w, now) && !used.has(key(w)));
}
