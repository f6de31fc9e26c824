/**
 * The compliance view in the reports: the JSON result's `compliance` section (schema-valid, the
 * module's statuses), the Markdown and HTML sections, the trend from earlier runs, and the CSV
 * and OCSF formats as render() produces them, each read back from the outside.
 */
import { describe, expect, it } from 'vitest';
import { assessCompliance, recordsFromFindings, tallyOutcomes } from '../../src/compliance/index.ts';
import type { AuditResult } from '../../src/model/index.ts';
import { htmlView } from '../../src/render/html.ts';
import { render } from '../../src/render/index.ts';
import { JSON_FINDING_REFS } from '../../src/render/compliance-view.ts';
import { CSV_COLUMNS } from '../../src/render/csv.ts';
import { EXPECTED_STATUS, FRAMEWORK, HISTORY, SECOND, complianceResult } from '../helpers/compliance-fixture.ts';
import { PAYLOADS } from '../helpers/build-result.ts';
import { ocsfErrors, parseCsv } from '../helpers/handoff.ts';
import { resultSchemaErrors } from './fixtures/validators.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const result = complianceResult({ attacker: true });
const compliance = { frameworks: [FRAMEWORK, SECOND] };
const withHistory = { ...compliance, history: [HISTORY[2], HISTORY[0], HISTORY[1]].filter((p) => p !== undefined) };

describe('fixture', () => {
  it('meets every requirement status', () => {
    const [fw] = assessCompliance([FRAMEWORK], result.rules, tallyOutcomes(recordsFromFindings(findingsOf(result))));
    expect(Object.fromEntries((fw?.requirements ?? []).map((r) => [r.id, r.status]))).toEqual(EXPECTED_STATUS);
    expect(new Set(fw?.requirements.map((r) => r.reason).filter(Boolean))).toEqual(new Set(['no-rules', 'not-run', 'not-applicable']));
  });
});

describe('JSON result', () => {
  const parsed = JSON.parse(render('json', result, { color: false, compliance })) as AuditResult;

  it('adds a schema-valid compliance section with the statuses and the findings behind them', () => {
    expect(resultSchemaErrors(parsed)).toEqual([]);
    const fw = parsed.compliance?.frameworks[0];
    expect(fw?.id).toBe('acme-baseline');
    expect(Object.fromEntries((fw?.requirements ?? []).map((r) => [r.id, r.status]))).toEqual(EXPECTED_STATUS);
    expect(fw?.summary).toEqual({ fail: 2, error: 1, 'not-collected': 1, pass: 1, 'not-assessed': 3 });
    // AC-1 links exactly the open failing PA-IAM-001 findings.
    const open = findingsOf(result).filter((f) => f.ruleId === 'PA-IAM-001' && f.status === 'fail' && !f.waiver).map((f) => f.fingerprint).sort();
    expect(fw?.requirements[0]?.findings.fail).toEqual(open);
    expect(fw?.requirements[0]?.counts.failWaived).toBeGreaterThan(0);
    const nc = findingsOf(result).filter((f) => f.ruleId === 'PA-TAGS-001' && f.notCollected).map((f) => f.fingerprint).sort();
    expect(fw?.requirements[2]?.findings.notCollected).toEqual(nc);
    expect(parsed.compliance?.frameworks.map((f) => f.id)).toEqual(['acme-baseline', 'acme-extra']);
  });

  it('leaves the section out without frameworks, and stays byte-identical for the same input', () => {
    expect('compliance' in (JSON.parse(render('json', result, { color: false })) as object)).toBe(false);
    expect('compliance' in (JSON.parse(render('json', result, { color: false, compliance: { frameworks: [] } })) as object)).toBe(false);
    expect(render('json', result, { color: false, compliance })).toBe(render('json', result, { color: false, compliance: { frameworks: [FRAMEWORK, SECOND] } }));
  });

  it('caps the fingerprints per requirement and says so', () => {
    const big = complianceResult({ perCombination: 200 });
    const parsedBig = JSON.parse(render('json', big, { color: false, compliance })) as AuditResult;
    const ac1 = parsedBig.compliance?.frameworks[0]?.requirements[0];
    expect(ac1?.counts.fail).toBeGreaterThan(JSON_FINDING_REFS);
    expect(ac1?.findings.fail).toHaveLength(JSON_FINDING_REFS);
    expect(ac1?.findingsTruncated).toBe(true);
    expect(resultSchemaErrors(parsedBig)).toEqual([]);
  });
});

describe('Markdown', () => {
  const md = render('markdown', result, { color: false, compliance: withHistory });

  it('counts requirements per framework and lists the failing ones with their findings', () => {
    expect(md).toContain('### Compliance');
    expect(md).toContain('| [ACME Cloud Baseline 2026](https://example.com/acme-baseline) | 2 | 1 | 1 | 1 | 3 |');
    const ac1 = md.split('\n').find((l) => l.includes('**AC-1**'));
    expect(ac1).toContain('❌ fail');
    expect(ac1).toContain('PA-IAM-001 ❌');
    const firstOpen = findingsOf(result).filter((f) => f.ruleId === 'PA-IAM-001' && f.status === 'fail' && !f.waiver).map((f) => f.fingerprint).sort()[0] ?? '';
    expect(ac1).toContain(`\`${firstOpen.slice(0, 12)}\``);
    expect(md).toMatch(/✅ pass: CM-2\n/);
    expect(md).toMatch(/➖ not assessed: CM-3, LG-1, LG-2\n/);
    // Requirement titles are escaped like any other text.
    expect(md).not.toContain(PAYLOADS.script);
    expect(md).toContain('&lt;script&gt;');
  });

  it('adds the trend of open failing findings, oldest first, this run last', () => {
    const rows = md.split('\n').filter((l) => /^\| (run-2026|this run)/.test(l));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| run-2026-07.json', '| run-2026-08.json', '| run-2026-09.json', '| this run']);
    expect(rows[0]).toContain('| **46** |  |');
    expect(rows[1]).toContain('| **39** | −7 |');
    const open = result.summary.failingBySeverity;
    const total = Object.values(open).reduce((a, b) => a + b, 0);
    expect(rows[3]).toContain(`| ${open.critical} | ${open.high} | ${open.medium} | ${open.low} | ${open.info} | **${total}** |`);
  });

  it('says nothing of compliance or trends when given neither', () => {
    const plain = render('markdown', result, { color: false });
    expect(plain).not.toContain('### Compliance');
    expect(plain).not.toContain('### Trend');
  });
});

describe('HTML', () => {
  const view = htmlView(result, { compliance: withHistory });

  it('draws one panel per framework with every requirement and its status', () => {
    const fws = view.sections.compliance === false ? [] : view.sections.compliance.frameworks;
    expect(fws.map((f) => f.id)).toEqual(['acme-baseline', 'acme-extra']);
    expect(Object.fromEntries((fws[0]?.requirements ?? []).map((r) => [r.id, r.status]))).toEqual(EXPECTED_STATUS);
    expect(fws[0]?.requirements.find((r) => r.id === 'LG-1')?.note).toBe('no rule maps to it');
    expect(fws[0]?.chips.find((c) => c.status === 'fail')?.count).toBe(2);
  });

  it('ranks accounts, regions and resources by open failing findings', () => {
    const open = findingsOf(result).filter((f) => f.status === 'fail' && !f.waiver);
    const { risk } = view.sections;
    expect(risk.byAccount.reduce((n, r) => n + r.total, 0)).toBe(open.length);
    expect(risk.byRegion.reduce((n, r) => n + r.total, 0)).toBe(open.length);
    expect(risk.top.length).toBeGreaterThan(0);
    expect(risk.top.map((r) => r.score)).toEqual([...risk.top.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('has the trend with this run last', () => {
    const trend = view.sections.trend;
    expect(trend === false ? [] : trend.rows.map((r) => r.label)).toEqual(['run-2026-07.json', 'run-2026-08.json', 'run-2026-09.json', 'this run']);
    expect(trend === false ? 0 : trend.chart.bars.length).toBe(4);
  });

  it('renders the sections with every framework string escaped', () => {
    const html = render('html', result, { color: false, compliance: withHistory });
    const markup = html.replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/, '');
    expect(markup).toContain('id="compliance"');
    expect(markup).toContain('id="trend"');
    expect(markup.match(/<tr data-status="/g)).toHaveLength(FRAMEWORK.requirements.length + SECOND.requirements.length);
    expect(markup).not.toContain(PAYLOADS.script);
    expect(markup).toContain('Specs hold no secrets &lt;script&gt;');
    // Without frameworks or history: no compliance or trend section, the risk section stays.
    const plain = render('html', result, { color: false });
    expect(plain).not.toContain('id="compliance"');
    expect(plain).not.toContain('id="trend"');
    expect(plain).toContain('id="risk"');
  });
});

describe('csv and ocsf formats', () => {
  it('csv: one row per listed finding, parsed back, with the compliance column', () => {
    const rows = parseCsv(render('csv', result, { color: false, compliance }));
    expect(rows[0]).toEqual([...CSV_COLUMNS, 'compliance']);
    const listed = findingsOf(result).filter((f) => f.status !== 'pass');
    expect(rows).toHaveLength(listed.length + 1);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(listed.map((f) => f.fingerprint)));
    const iam = rows.find((r) => r[5] === 'PA-IAM-001');
    expect(iam?.at(-1)).toBe('acme-baseline AC-1');
    const all = parseCsv(render('csv', result, { color: false, includePassed: true }));
    expect(all).toHaveLength(findingsOf(result).length + 1);
    expect(all[0]).toEqual([...CSV_COLUMNS]);
    // Attacker names never start a formula.
    for (const row of all.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('ocsf: one schema-valid Detection Finding per failing finding, as JSON lines', () => {
    const text = render('ocsf', result, { color: false, compliance });
    expect(text.endsWith('\n')).toBe(true);
    const events = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { finding_info: { uid: string }; unmapped?: { compliance?: unknown } });
    const failing = findingsOf(result).filter((f) => f.status === 'fail');
    expect(events.map((e) => e.finding_info.uid).sort()).toEqual(failing.map((f) => f.fingerprint).sort());
    expect(events.flatMap((e, i) => ocsfErrors(e).map((m) => `${i} ${m}`))).toEqual([]);
    expect(events.find((e) => e.unmapped?.compliance)?.unmapped?.compliance).toBeDefined();
  });
});
