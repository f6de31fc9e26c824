/**
 * Comparing two audit results by finding fingerprint: what started failing, what stopped, and
 * what changed in place (same rule, resource and sub-key, different severity, status, message
 * or waiver).
 */
import type { AuditResult, Finding, FindingResource, Severity, Status } from '../model/index.ts';
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

export function diffResults(oldSide: Side, newSide: Side): ResultDiff {
  const before = new Map(oldSide.result.findings.map((f) => [f.fingerprint, f]));
  const after = new Map(newSide.result.findings.map((f) => [f.fingerprint, f]));
  const added: Finding[] = [];
  const resolved: Finding[] = [];
  const changed: ChangedFinding[] = [];
  let unchangedFailing = 0;

  for (const f of after.values()) {
    const old = before.get(f.fingerprint);
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
  for (const f of before.values()) {
    if (f.status !== 'fail') continue;
    const now = after.get(f.fingerprint);
    if (!now || now.status !== 'fail') resolved.push(f);
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
