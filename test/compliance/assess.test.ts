/**
 * Requirement statuses from outcome records: fail, error, not collected, pass and the three ways
 * of being not assessed, with the findings to link to. Plus the same rules checked on a
 * hand-made result against the built-in frameworks.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/engine/index.ts';
import {
  assessCompliance,
  assessFramework,
  recordsFromFindings,
  REQUIREMENT_STATUSES,
  ruleState,
  tallyOutcomes,
  type OutcomeRecord,
  type RuleInfo,
} from '../../src/compliance/index.ts';
import type { Framework } from '../../src/model/index.ts';
import { buildResult } from '../helpers/build-result.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

let n = 0;
function rec(ruleId: string, status: OutcomeRecord['status'], extra: Partial<OutcomeRecord> = {}): OutcomeRecord {
  n += 1;
  return {
    ruleId,
    status,
    severity: 'high',
    waived: false,
    notCollected: false,
    fingerprint: `${ruleId}-${status}-${String(n).padStart(4, '0')}`,
    resource: { accountId: '111122223333', region: 'us-east-1', arn: `arn:aws:proton:us-east-1:111122223333:environment/e${n}` },
    ...extra,
  };
}

const CATALOG: RuleInfo[] = ['R-FAIL-1', 'R-PASS-1', 'R-PASS-2', 'R-NC-1', 'R-ERR-1', 'R-NA-1', 'R-WAIVED-1', 'R-OFF-1'].map((id) => ({ id, title: `Title of ${id}`, enabled: id !== 'R-OFF-1' }));

const FW: Framework = {
  id: 'acme',
  name: 'ACME',
  version: '1',
  url: 'https://example.com',
  description: 'Scope: test.',
  file: '/x/acme.yaml',
  requirements: [
    { id: 'fail-beats-all', title: 't', rules: ['R-PASS-1', 'R-NC-1', 'R-ERR-1', 'R-FAIL-1'] },
    { id: 'error-beats-nc', title: 't', rules: ['R-PASS-1', 'R-NC-1', 'R-ERR-1'] },
    { id: 'nc-beats-pass', title: 't', rules: ['R-PASS-1', 'R-NC-1'] },
    { id: 'pass', title: 't', rules: ['R-PASS-1', 'R-PASS-2', 'R-NA-1'] },
    { id: 'waived-is-pass', title: 't', rules: ['R-WAIVED-1'] },
    { id: 'no-rules', title: 't', rules: [] },
    { id: 'not-run', title: 't', rules: ['R-OFF-1', 'R-UNKNOWN-1'] },
    { id: 'not-applicable', title: 't', section: 'S', rules: ['R-NA-1', 'R-OFF-1'] },
  ],
};

const RECORDS: OutcomeRecord[] = [
  rec('R-FAIL-1', 'fail'),
  rec('R-FAIL-1', 'fail'),
  rec('R-FAIL-1', 'pass'),
  rec('R-PASS-1', 'pass'),
  rec('R-PASS-2', 'pass'),
  rec('R-PASS-2', 'skip'),
  rec('R-NC-1', 'pass'),
  rec('R-NC-1', 'skip', { notCollected: true, reason: 'not collected: ListEnvironments denied' }),
  rec('R-ERR-1', 'error', { reason: 'boom' }),
  rec('R-NA-1', 'skip'),
  rec('R-WAIVED-1', 'fail', { waived: true }),
];

describe('requirement status', () => {
  const result = assessFramework(FW, CATALOG, tallyOutcomes(RECORDS));
  const byId = new Map(result.requirements.map((r) => [r.id, r]));

  it('follows fail > error > not collected > pass > not assessed', () => {
    expect(result.requirements.map((r) => [r.id, r.status, r.reason ?? ''])).toEqual([
      ['fail-beats-all', 'fail', ''],
      ['error-beats-nc', 'error', ''],
      ['nc-beats-pass', 'not-collected', ''],
      ['pass', 'pass', ''],
      ['waived-is-pass', 'pass', ''],
      ['no-rules', 'not-assessed', 'no-rules'],
      ['not-run', 'not-assessed', 'not-run'],
      ['not-applicable', 'not-assessed', 'not-applicable'],
    ]);
    expect(result.summary).toEqual({ fail: 1, error: 1, 'not-collected': 1, pass: 2, 'not-assessed': 3 });
  });

  it('never reads missing data as a pass: a passing rule next to a not-collected one is not collected', () => {
    expect(byId.get('nc-beats-pass')?.rules.map((r) => [r.id, r.state])).toEqual([
      ['R-PASS-1', 'pass'],
      ['R-NC-1', 'not-collected'],
    ]);
  });

  it('links the findings: unwaived failing, error and not-collected fingerprints, sorted', () => {
    const req = byId.get('fail-beats-all');
    expect(req?.findings.fail).toEqual(RECORDS.filter((r) => r.ruleId === 'R-FAIL-1' && r.status === 'fail').map((r) => r.fingerprint).sort());
    expect(req?.findings.error).toEqual([RECORDS[8]?.fingerprint]);
    expect(req?.findings.notCollected).toEqual([RECORDS[7]?.fingerprint]);
    expect(req?.counts).toEqual({ pass: 3, fail: 2, failWaived: 0, skipNotCollected: 1, skipOther: 0, error: 1 });
    expect(byId.get('waived-is-pass')?.findings.fail).toEqual([]);
    expect(byId.get('waived-is-pass')?.counts.failWaived).toBe(1);
  });

  it('says which mapped rules are disabled or unknown', () => {
    expect(byId.get('not-run')?.rules).toEqual([
      { id: 'R-OFF-1', title: 'Title of R-OFF-1', enabled: false, state: 'not-run', counts: { pass: 0, fail: 0, failWaived: 0, skipNotCollected: 0, skipOther: 0, error: 0 } },
      { id: 'R-UNKNOWN-1', state: 'not-run', counts: { pass: 0, fail: 0, failWaived: 0, skipNotCollected: 0, skipOther: 0, error: 0 } },
    ]);
    expect(byId.get('not-applicable')?.section).toBe('S');
  });

  it('caps finding references when asked, and says so', () => {
    const capped = assessFramework(FW, CATALOG, tallyOutcomes(RECORDS), { maxFindingRefs: 1 });
    const req = capped.requirements[0];
    expect(req?.findings.fail).toHaveLength(1);
    expect(req?.findingsTruncated).toBe(true);
    expect(capped.requirements[1]?.findingsTruncated).toBe(false);
  });

  it('reads the records once, through any iterator', () => {
    let reads = 0;
    function* stream(): Generator<OutcomeRecord> {
      for (const r of RECORDS) {
        reads += 1;
        yield r;
      }
    }
    const once = assessFramework(FW, CATALOG, tallyOutcomes(stream()));
    expect(reads).toBe(RECORDS.length);
    expect(once).toEqual(result);
  });

  it('says when the findings behind a status come from last-known Proton records, all or in part', () => {
    const LK_FW: Framework = {
      ...FW,
      requirements: [
        { id: 'only-last-known', title: 't', rules: ['R-LK-1', 'R-LK-2'] },
        { id: 'partly', title: 't', rules: ['R-LK-1', 'R-LIVE-1'] },
        { id: 'live-decides', title: 't', rules: ['R-LK-PASS', 'R-LIVE-FAIL'] },
        { id: 'live', title: 't', rules: ['R-LIVE-1'] },
      ],
    };
    const records = [
      rec('R-LK-1', 'pass', { lastKnown: '2026-09-30T10:00:00Z' }),
      rec('R-LK-2', 'pass', { lastKnown: '2026-09-01T08:00:00Z' }),
      rec('R-LIVE-1', 'pass'),
      // A failing live finding decides; the last-known pass beside it does not.
      rec('R-LK-PASS', 'pass', { lastKnown: '2026-09-01T08:00:00Z' }),
      rec('R-LIVE-FAIL', 'fail'),
    ];
    const lk = assessFramework(LK_FW, CATALOG, tallyOutcomes(records));
    expect(lk.requirements.map((r) => [r.id, r.status, r.lastKnown])).toEqual([
      ['only-last-known', 'pass', { only: true, asOf: '2026-09-01T08:00:00Z' }],
      ['partly', 'pass', { only: false, asOf: '2026-09-30T10:00:00Z' }],
      ['live-decides', 'fail', undefined],
      ['live', 'pass', undefined],
    ]);
    const finding = findingsOf(buildResult())[0];
    if (!finding) throw new Error('no finding');
    const [record] = [...recordsFromFindings([{ ...finding, lastKnown: { collectedAt: '2026-09-01T08:00:00Z', sha256: 'a'.repeat(64) } }])];
    expect(record?.lastKnown).toBe('2026-09-01T08:00:00Z');
  });

  it('rule states', () => {
    expect(ruleState(undefined)).toBe('not-run');
    expect(ruleState({ pass: 0, fail: 0, failWaived: 0, skipNotCollected: 0, skipOther: 0, error: 0 })).toBe('not-run');
    expect(ruleState({ pass: 0, fail: 0, failWaived: 0, skipNotCollected: 0, skipOther: 2, error: 0 })).toBe('not-applicable');
  });
});

describe('a hand-made result against the built-in frameworks', async () => {
  const { catalog, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR });
  const audit = buildResult({ perCombination: 2 });
  const assessed = assessCompliance(frameworks, catalog, tallyOutcomes(recordsFromFindings(findingsOf(audit))));

  it('gives every requirement of every framework a status, and counts them', () => {
    for (const fw of assessed) {
      const total = fw.requirements.length;
      expect(Object.values(fw.summary).reduce((a, b) => a + b, 0), fw.id).toBe(total);
      for (const r of fw.requirements) expect(REQUIREMENT_STATUSES).toContain(r.status);
    }
  });

  it('passes a requirement only on passing evidence with nothing failing, erroring or missing', () => {
    const findings = findingsOf(audit);
    for (const fw of assessed) {
      for (const req of fw.requirements) {
        const mine = findings.filter((f) => req.rules.some((r) => r.id === f.ruleId));
        const open = mine.filter((f) => f.status === 'fail' && !f.waiver);
        if (req.status === 'pass') {
          expect(open, `${fw.id} ${req.id}`).toEqual([]);
          expect(mine.some((f) => f.status === 'pass' || f.waiver), `${fw.id} ${req.id}`).toBe(true);
          expect(mine.some((f) => f.status === 'error' || f.notCollected), `${fw.id} ${req.id}`).toBe(false);
        }
        if (req.status === 'fail') expect(req.findings.fail.sort()).toEqual(open.map((f) => f.fingerprint).sort());
        if (mine.length === 0) expect(req.status).toBe('not-assessed');
      }
    }
    // The fixture fails PA-IAM-001, which CIS 1.16 maps: the view must show it failing.
    const cis116 = assessed.find((f) => f.id === 'cis-aws-foundations')?.requirements.find((r) => r.id === '1.16');
    expect(cis116?.status).toBe('fail');
  });
});
