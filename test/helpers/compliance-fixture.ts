/**
 * A result and a framework that between them meet every requirement status (fail, error, not
 * collected, pass, and not assessed for each of its three reasons), plus three earlier runs for a
 * trend. Built on buildResult, so attacker text rides along in names and messages.
 */
import { SEVERITIES, STATUSES, type AuditResult, type Finding, type Framework } from '../../src/model/index.ts';
import { trendPointFromCounts, type TrendPoint } from '../../src/compliance/index.ts';
import { buildResult, PAYLOADS, withFindings, type BuildOptions } from './build-result.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

/** What each fixture rule keeps of buildResult's findings (it gives every rule every status). */
const KEEP: Record<string, (f: Finding) => boolean> = {
  'PA-IAM-001': () => true, // fails (some waived)
  'PA-SEC-001': () => true, // fails
  'PA-TRUST-002': (f) => f.status === 'error' || f.status === 'pass',
  'PA-TAGS-001': (f) => f.status === 'pass' || (f.status === 'skip' && f.notCollected === true),
  'PA-VER-001': (f) => f.status === 'pass',
  'PA-DEP-003': (f) => f.status === 'skip' && f.notCollected !== true,
  'PA-QUO-001': () => true,
  'PA-RES-001': () => true,
};

export function complianceResult(options: BuildOptions = {}): AuditResult {
  const base = buildResult({ perCombination: 3, ...options });
  const findings = findingsOf(base)
    .map((f): Finding => {
      // PA-DEP-003 only skipped for lack of anything to check; the first open PA-IAM-001 failure is waived.
      if (f.ruleId === 'PA-DEP-003' && f.status === 'skip') {
        const { notCollected: _nc, ...rest } = f;
        return { ...rest, skipReason: 'no environment has a deployment to check' };
      }
      return f;
    })
    .filter((f) => (KEEP[f.ruleId] ?? (() => true))(f));
  const iam = findings.find((f) => f.ruleId === 'PA-IAM-001' && f.status === 'fail' && !f.waiver);
  if (iam && !findings.some((f) => f.ruleId === 'PA-IAM-001' && f.waiver)) iam.waiver = { rule: 'PA-IAM-001', resource: iam.resource.arn, owner: 'security@example.com', reason: 'Break-glass role', expires: '2027-01-31' };
  const summary = {
    ...base.summary,
    byStatus: Object.fromEntries(STATUSES.map((st) => [st, findings.filter((f) => f.status === st).length])) as AuditResult['summary']['byStatus'],
    failingBySeverity: Object.fromEntries(SEVERITIES.map((sev) => [sev, findings.filter((f) => f.status === 'fail' && !f.waiver && f.severity === sev).length])) as AuditResult['summary']['failingBySeverity'],
    waived: findings.filter((f) => f.status === 'fail' && f.waiver).length,
  };
  return { ...withFindings(base, findings), summary };
}

export const FRAMEWORK: Framework = {
  id: 'acme-baseline',
  name: 'ACME Cloud Baseline',
  version: '2026',
  url: 'https://example.com/acme-baseline',
  description: 'A test framework that meets every status.',
  file: '/dev/null/acme-baseline.yaml',
  requirements: [
    { id: 'AC-1', section: 'Access', title: 'Service roles have least privilege', rules: ['PA-IAM-001'] },
    { id: 'AC-2', section: 'Access', title: 'Trust is scoped to the account', rules: ['PA-TRUST-002'] },
    { id: 'CM-1', section: 'Configuration', title: 'Resources are tagged with an owner', rules: ['PA-TAGS-001', 'PA-VER-001'] },
    { id: 'CM-2', section: 'Configuration', title: 'Templates stay current', rules: ['PA-VER-001'] },
    { id: 'CM-3', section: 'Configuration', title: 'Deployments succeed', rules: ['PA-DEP-003'] },
    { id: 'LG-1', section: 'Logging', title: 'API activity is logged', rules: [] },
    { id: 'LG-2', section: 'Logging', title: 'Logs are kept a year', rules: ['ACME-404'] },
    { id: 'SC-1', section: 'Secrets', title: `Specs hold no secrets ${PAYLOADS.script}`, rules: ['PA-VER-001', 'PA-SEC-001'] },
  ],
};

export const SECOND: Framework = {
  id: 'acme-extra',
  name: 'ACME Extra',
  version: '1',
  url: 'https://example.com/acme-extra',
  description: 'A second framework, to switch to.',
  file: '/dev/null/acme-extra.yaml',
  requirements: [
    { id: 'X-1', title: 'Quotas have headroom', rules: ['PA-QUO-001'] },
    { id: 'X-2', title: 'Residue has an owner', rules: ['PA-RES-001'] },
  ],
};

/** Expected status of each FRAMEWORK requirement. */
export const EXPECTED_STATUS: Record<string, string> = {
  'AC-1': 'fail',
  'AC-2': 'error',
  'CM-1': 'not-collected',
  'CM-2': 'pass',
  'CM-3': 'not-assessed',
  'LG-1': 'not-assessed',
  'LG-2': 'not-assessed',
  'SC-1': 'fail',
};

/** Three earlier runs, oldest first (deliberately given out of order by the callers that shuffle). */
export const HISTORY: TrendPoint[] = [
  trendPointFromCounts('2026-07-01T12:00:00.000Z', { critical: 9, high: 12, medium: 20, low: 4, info: 1 }, 'run-2026-07.json'),
  trendPointFromCounts('2026-08-01T12:00:00.000Z', { critical: 6, high: 10, medium: 18, low: 4, info: 1 }, 'run-2026-08.json'),
  trendPointFromCounts('2026-09-01T12:00:00.000Z', { critical: 3, high: 9, medium: 15, low: 5, info: 0 }, 'run-2026-09.json'),
];
