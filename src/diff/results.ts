/**
 * Comparing two audit results by finding fingerprint: what started failing, what stopped, and
 * what changed in place (same rule, resource and sub-key, different severity, status, message
 * or waiver).
 */
import { STATUSES, type AuditResult, type Finding, type FindingResource, type Severity, type Status } from '../model/index.ts';
import { ruleFindings } from '../engine/outcomes.ts';
import { compareFindings } from '../engine/order.ts';

export interface DiffFinding {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  waived: boolean;
  resource: FindingResource;
}

export interface ChangedFinding {
  fingerprint: string;
  ruleId: string;
  resource: FindingResource;
  /** Which of severity, status, message, waived differ. */
  fields: Array<'severity' | 'status' | 'message' | 'waived'>;
  before: Pick<DiffFinding, 'severity' | 'status' | 'message' | 'waived'>;
  after: Pick<DiffFinding, 'severity' | 'status' | 'message' | 'waived'>;
}

export interface ResultDiff {
  kind: 'results';
  old: { file: string; sha256: string; evaluatedAt: string; snapshotSha256: string };
  new: { file: string; sha256: string; evaluatedAt: string; snapshotSha256: string };
  /** Failing now, not failing before. */
  added: DiffFinding[];
  /** Failing before, not failing now. */
  resolved: DiffFinding[];
  /** Present in both, not counted above, with a different severity, status, message or waiver. */
  changed: ChangedFinding[];
  counts: { added: number; resolved: number; changed: number; unchangedFailing: number };
}

function brief(f: Finding): DiffFinding {
  return { fingerprint: f.fingerprint, ruleId: f.ruleId, title: f.title, severity: f.severity, status: f.status, message: f.message, waived: f.waiver !== undefined, resource: f.resource };
}

export interface Side {
  file: string;
  sha256: string;
  result: AuditResult;
}

/** One rule's findings of a result, keyed by ARN, account and sub-key (what the fingerprint hashes, plus the account). */
function ruleFindingsByKey(result: AuditResult, ruleId: string): Map<string, Finding> {
  const map = new Map<string, Finding>();
  const o = result.outcomes.find((x) => x.rule === ruleId);
  const rule = result.rules.find((r) => r.id === ruleId);
  if (!o || !rule) return map;
  for (const status of STATUSES) for (const f of ruleFindings(result, rule, o, status)) map.set(`${f.resource.arn}\n${f.subKey ?? ''}`, f);
  return map;
}

/**
 * Rule by rule, so only one rule's findings (at most one per resource of its type) are built at a
 * time: every outcome is compared, passes included, so a pass that became a skip or an error shows.
 */
export function diffResults(oldSide: Side, newSide: Side): ResultDiff {
  const added: Finding[] = [];
  const resolved: Finding[] = [];
  const changed: ChangedFinding[] = [];
  let unchangedFailing = 0;
  const ruleIds = [...new Set([...oldSide.result.outcomes.map((o) => o.rule), ...newSide.result.outcomes.map((o) => o.rule)])].sort();

  for (const ruleId of ruleIds) {
    const before = ruleFindingsByKey(oldSide.result, ruleId);
    const after = ruleFindingsByKey(newSide.result, ruleId);
    for (const [key, f] of after) {
      const old = before.get(key);
      const failingNow = f.status === 'fail';
      const failingThen = old?.status === 'fail';
      if (failingNow && !failingThen) {
        added.push(f);
        continue;
      }
      if (!old || (failingThen && !failingNow)) continue;
      const fields: ChangedFinding['fields'] = [];
      if (old.severity !== f.severity) fields.push('severity');
      if (old.status !== f.status) fields.push('status');
      if (old.message !== f.message) fields.push('message');
      if ((old.waiver === undefined) !== (f.waiver === undefined)) fields.push('waived');
      if (fields.length) {
        const a = brief(old);
        const b = brief(f);
        changed.push({
          fingerprint: f.fingerprint,
          ruleId: f.ruleId,
          resource: f.resource,
          fields,
          before: { severity: a.severity, status: a.status, message: a.message, waived: a.waived },
          after: { severity: b.severity, status: b.status, message: b.message, waived: b.waived },
        });
      } else if (failingNow) {
        unchangedFailing += 1;
      }
    }
    for (const [key, f] of before) {
      if (f.status !== 'fail') continue;
      const now = after.get(key);
      if (!now || now.status !== 'fail') resolved.push(f);
    }
  }

  const side = (s: Side) => ({ file: s.file, sha256: s.sha256, evaluatedAt: s.result.evaluatedAt, snapshotSha256: s.result.snapshot.sha256 });
  changed.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  return {
    kind: 'results',
    old: side(oldSide),
    new: side(newSide),
    added: added.sort(compareFindings).map(brief),
    resolved: resolved.sort(compareFindings).map(brief),
    changed,
    counts: { added: added.length, resolved: resolved.length, changed: changed.length, unchangedFailing },
  };
}
