/**
 * OCSF hand-off: every emitted event validates against the OCSF 1.3.0 Detection Finding schema
 * (schemas/ocsf-1.3.0-detection-finding.schema.json), and that schema refuses what OCSF refuses.
 */
import { describe, expect, it } from 'vitest';
import { ocsfEvents, ocsfJsonLines, OCSF_VERSION, type OcsfDetectionFinding } from '../../src/render/ocsf.ts';
import { recordsFromFindings, type OutcomeRecord } from '../../src/compliance/index.ts';
import type { Framework } from '../../src/model/index.ts';
import { buildResult } from '../helpers/build-result.ts';
import { ocsfErrors as errorsOf } from '../helpers/handoff.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';


const audit = buildResult({ attacker: true, perCombination: 2 });
const records = [...recordsFromFindings(findingsOf(audit))];
const NIST: Framework = { id: 'nist-800-53', name: 'N', version: 'r5', url: 'https://example.com', description: 'd', file: 'f', requirements: [{ id: 'AC-6', title: 't', rules: ['PA-IAM-001'] }] };
const ctx = { evaluatedAt: audit.evaluatedAt, product: { name: 'proton-audit', version: audit.tool.version }, frameworks: [NIST] };

describe('OCSF Detection Finding events', () => {
  const all = [...ocsfEvents(records, audit.rules, { ...ctx, statuses: ['fail', 'pass', 'skip', 'error'] })];

  it('every emitted event validates against the OCSF 1.3.0 schema, hostile text included', () => {
    expect(all).toHaveLength(records.length);
    const bad = all.flatMap((e, i) => errorsOf(e).map((m) => `${i} ${m}`));
    expect(bad).toEqual([]);
  });

  it('emits failing findings by default, waived ones as Suppressed', () => {
    const failing = [...ocsfEvents(records, audit.rules, ctx)];
    expect(failing).toHaveLength(records.filter((r) => r.status === 'fail').length);
    expect(new Set(failing.map((e) => e.status))).toEqual(new Set(['New', 'Suppressed']));
    const waived = failing.find((e) => e.status_id === 3);
    expect(waived?.status_detail).toMatch(/^waived by .+ until \d{4}-\d{2}-\d{2}$/);
    expect(waived?.unmapped?.['waiver']).toBeDefined();
  });

  it('maps the finding, rule, account, region, resource, severity and frameworks', () => {
    const r = records.find((x) => x.ruleId === 'PA-IAM-001' && x.status === 'fail' && !x.waived) as OutcomeRecord;
    const e = all.find((x) => x.finding_info.uid === r.fingerprint) as OcsfDetectionFinding;
    expect(e).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      time: Date.parse(audit.evaluatedAt),
      status_id: 1,
      status_code: 'FAIL',
      metadata: { version: OCSF_VERSION, product: { name: 'proton-audit', vendor_name: 'proton-audit' }, profiles: ['cloud'] },
      finding_info: { uid: r.fingerprint, analytic: { uid: 'PA-IAM-001', type_id: 1, type: 'Rule' } },
      cloud: { provider: 'AWS', account: { uid: r.resource.accountId, type_id: 10 } },
      resources: [{ uid: r.resource.arn, cloud_partition: 'aws' }],
      unmapped: { compliance: { 'nist-800-53': ['AC-6'] } },
    });
    expect(e.severity_id).toBe({ info: 1, low: 2, medium: 3, high: 4, critical: 5 }[r.severity]);
    expect(e.message).toBe(r.message);
  });

  it('leaves the region out for global IAM resources, and keeps skip and error reasons', () => {
    const skip = all.find((e) => e.status_code === 'SKIP_NOT_COLLECTED');
    expect(skip?.status_id).toBe(99);
    expect(skip?.status_detail).toMatch(/not collected/);
    expect(all.find((e) => e.status_code === 'ERROR')?.status_detail).toMatch(/TypeError/);
    const iam = all.filter((e) => e.resources[0]?.uid.startsWith('arn:aws:iam::'));
    expect(iam.length).toBeGreaterThan(0);
    for (const e of iam) expect(e.cloud.region).toBeUndefined();
  });

  it('writes JSON Lines, byte-identical for the same input', () => {
    const a = [...ocsfJsonLines(records, audit.rules, ctx)].join('');
    const b = [...ocsfJsonLines(recordsFromFindings(findingsOf(buildResult({ attacker: true, perCombination: 2 }))), audit.rules, ctx)].join('');
    expect(a).toBe(b);
    const lines = a.split('\n');
    expect(lines.pop()).toBe('');
    for (const line of lines) expect(errorsOf(JSON.parse(line))).toEqual([]);
  });

  it('refuses a clock that is not a date', () => {
    expect(() => [...ocsfEvents(records, audit.rules, { ...ctx, evaluatedAt: 'yesterday' })]).toThrow(/not a date/);
  });
});

describe('the OCSF schema refuses what OCSF 1.3.0 refuses', () => {
  const good = [...ocsfEvents(records, audit.rules, ctx)][0] as OcsfDetectionFinding;
  const mutate = (f: (e: Record<string, unknown>) => void): Record<string, unknown> => {
    const e = structuredClone(good) as unknown as Record<string, unknown>;
    f(e);
    return e;
  };

  it.each([
    ['a missing required attribute', (e: Record<string, unknown>) => delete e['finding_info']],
    ['another class', (e: Record<string, unknown>) => (e['class_uid'] = 2003)],
    ['a type_uid that is not class_uid * 100 + activity_id', (e: Record<string, unknown>) => (e['type_uid'] = 200402)],
    ['a severity caption that contradicts severity_id', (e: Record<string, unknown>) => (e['severity'] = 'Low')],
    ['an unknown attribute', (e: Record<string, unknown>) => (e['findings'] = [])],
    ['an unknown attribute in an object', (e: Record<string, unknown>) => ((e['finding_info'] as Record<string, unknown>)['rule'] = 'x')],
    ['a time that is not a timestamp', (e: Record<string, unknown>) => (e['time'] = '2026-10-01T12:00:00Z')],
    ['an out-of-range status_id', (e: Record<string, unknown>) => (e['status_id'] = 7)],
    ['the cloud profile without cloud', (e: Record<string, unknown>) => delete e['cloud']],
    ['a resource with neither name nor uid', (e: Record<string, unknown>) => (e['resources'] = [{ type: 'role' }])],
    ['a product without vendor_name', (e: Record<string, unknown>) => delete ((e['metadata'] as Record<string, unknown>)['product'] as Record<string, unknown>)['vendor_name']],
    ['another schema version', (e: Record<string, unknown>) => ((e['metadata'] as Record<string, unknown>)['version'] = '1.4.0')],
  ])('%s', (_name, change) => {
    expect(errorsOf(good)).toEqual([]);
    expect(errorsOf(mutate(change))).not.toEqual([]);
  });
});
