/**
 * Waivers: a failing finding is waived by an unexpired waiver naming its rule and matching its
 * ARN glob. Expired waivers stop applying and are reported (AuditResult.expiredWaivers and the
 * summary count); waivers that match nothing are reported by `unmatchedWaivers`, so a waiver that
 * silently stopped matching — the complaint users have about other tools — is visible.
 */
import type { Config, Finding, Waiver } from '../model/index.ts';
import { globMatch } from '../util/glob.ts';

const DAY = 86_400_000;

/** A waiver applies through the whole of its `expires` day, UTC. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  const end = Date.parse(`${waiver.expires}T00:00:00Z`) + DAY;
  return !(now.getTime() < end);
}

export function applyWaivers(findings: Finding[], config: Config, unwaivable: ReadonlySet<string>, now: Date): { expired: Waiver[] } {
  const active = config.waivers.filter((w) => !isExpired(w, now) && !unwaivable.has(w.rule));
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const w = active.find((x) => x.rule === f.ruleId && globMatch(f.resource.arn, x.resource));
    if (w) f.waiver = { ...w };
  }
  return { expired: config.waivers.filter((w) => isExpired(w, now)).map((w) => ({ ...w })) };
}

/** Active waivers that waived no finding: stale, or a glob that no longer matches. */
export function unmatchedWaivers(findings: readonly Finding[], waivers: readonly Waiver[], now: Date): Waiver[] {
  return waivers.filter(
    (w) => !isExpired(w, now) && !findings.some((f) => f.waiver !== undefined && f.waiver.rule === w.rule && f.waiver.resource === w.resource && f.waiver.expires === w.expires && f.waiver.owner === w.owner),
  );
}
