/**
 * Every format says which data is last-known and from when: a result whose Proton records for
 * one account/region were carried from an earlier snapshot, with one finding computed from them
 * and one skipped as stale. Reports without last-known data say nothing about it.
 */
import { describe, expect, it } from 'vitest';
import type { AuditResult, Framework } from '../../src/model/index.ts';
import { FORMAT_NAMES, render } from '../../src/render/index.ts';
import { gapsBesidesLastKnown } from '../../src/render/last-known.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { buildResult, withFindings } from '../helpers/build-result.ts';

const WHEN = '2026-09-30T02:00:00.000Z';
const SHA = 'ab'.repeat(32);

function withLastKnown(): AuditResult {
  const built = buildResult({ perCombination: 1 });
  const findings = findingsOf(built);
  const result = built;
  result.snapshot.lastKnown = [{ accountId: '111122223333', region: 'us-east-1', collectedAt: WHEN, sha256: SHA, source: 'live' }];
  const fail = findings.find((f) => f.status === 'fail' && !f.waiver);
  const skip = findings.find((f) => f.status === 'skip');
  if (!fail || !skip) throw new Error('fixture lacks a fail and a skip');
  fail.lastKnown = { collectedAt: WHEN, sha256: SHA };
  fail.message = `${fail.message} As of ${WHEN} (last-known AWS Proton records, snapshot ${SHA.slice(0, 12)}).`;
  skip.lastKnown = { collectedAt: WHEN, sha256: SHA };
  skip.skipReason = `stale: last known ${WHEN} (AWS Proton no longer answers; test)`;
  result.coverage.push({ accountId: '111122223333', region: 'us-east-1', service: 'proton', operation: 'ListEnvironments', status: 'last-known', calls: 0, failures: 0, lastKnown: { collectedAt: WHEN, sha256: SHA, source: 'live' } });
  result.summary.incomplete = [{ accountId: '111122223333', region: 'us-east-1', operations: ['ListEnvironments'] }];
  return withFindings(result, findings);
}

describe('last-known data in every report', () => {
  const result = withLastKnown();

  it.each(FORMAT_NAMES)('%s names the last-known account/region and its time', (format) => {
    const text = render(format, result, { color: false });
    expect(text).toContain(WHEN);
    expect(text.toLowerCase()).toContain('last-known');
    expect(text).toContain('111122223333');
  });

  it('table, Markdown and HTML mark the finding computed from last-known data', () => {
    expect(render('table', result, { color: false })).toMatch(/LAST-KNOWN \w+ /);
    expect(render('markdown', result, { color: false })).toContain(`**last-known, as of ${WHEN}**`);
    // The HTML row carries the time at position 15 for report.js to draw the tag.
    expect(render('html', result, { color: false })).toContain(`"${WHEN}"]`);
  });

  it('SARIF: one notification per carried place, run and result properties, and no per-operation gap notice', () => {
    const log = JSON.parse(render('sarif', result, { color: false })) as {
      runs: Array<{ properties: Record<string, unknown>; results: Array<{ properties: Record<string, unknown> }>; invocations: Array<{ toolExecutionNotifications: Array<{ descriptor: { id: string }; message: { text: string } }> }> }>;
    };
    const run = log.runs[0];
    const notes = run?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notes.filter((n) => n.descriptor.id === 'PA-LAST-KNOWN')).toHaveLength(1);
    expect(notes.some((n) => n.message.text.includes('(last-known)'))).toBe(false);
    expect(run?.properties.lastKnown).toEqual(result.snapshot.lastKnown);
    expect(run?.results.filter((r) => r.properties.lastKnown)).toHaveLength(1);
  });

  it('the incomplete-collection warning leaves out what last-known records answered', () => {
    expect(gapsBesidesLastKnown(result)).toEqual([]);
    expect(render('table', result, { color: false })).not.toContain('Collection incomplete');
  });

  it('a requirement whose status rests on last-known findings says so in JSON, Markdown, HTML and the CSV export data', () => {
    const fail = findingsOf(result).find((f) => f.lastKnown && f.status === 'fail');
    if (!fail) throw new Error('no last-known failure');
    const fw: Framework = {
      id: 'acme',
      name: 'ACME',
      version: '1',
      url: 'https://example.com/acme',
      description: 'Scope: test.',
      file: '/x/acme.yaml',
      requirements: [
        { id: 'A-1', title: 'Judged from last-known records', rules: [fail.ruleId] },
        { id: 'A-2', title: 'Not mapped', rules: [] },
      ],
    };
    const compliance = { frameworks: [fw] };
    const json = JSON.parse(render('json', result, { color: false, compliance })) as AuditResult;
    const req = json.compliance?.frameworks[0]?.requirements[0];
    expect(req?.status).toBe('fail');
    // Other findings of the same rule are live, so the status rests only partly on last-known data.
    const live = findingsOf(result).some((f) => f.ruleId === fail.ruleId && f.status === 'fail' && !f.waiver && !f.lastKnown);
    expect(req?.lastKnown).toEqual({ only: !live, asOf: WHEN });
    expect(json.compliance?.frameworks[0]?.requirements[1]?.lastKnown).toBeUndefined();
    const note = `${live ? 'partly' : 'only'} from last-known Proton records, as of ${WHEN}`;
    expect(render('markdown', result, { color: false, compliance })).toMatch(new RegExp(`\\| ❌ fail _\\(${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)_ \\| \\*\\*A-1\\*\\*`));
    const html = render('html', result, { color: false, compliance });
    expect(html).toContain(`<small class="muted">${note}</small>`);
    expect(html).toContain(`"${note}"]`);
  });

  it('says nothing of last-known data when there is none', () => {
    const plain = buildResult({ perCombination: 1 });
    for (const format of ['table', 'json', 'markdown'] as const) expect(render(format, plain, { color: false }).toLowerCase()).not.toContain('last-known');
    // The HTML report's script knows the tag; no banner and no tagged row are drawn.
    expect(render('html', plain, { color: false })).not.toContain('Last-known data.');
    // SARIF lists its notification kinds up front; none of them is used.
    const sarif = JSON.parse(render('sarif', plain, { color: false })) as { runs: Array<{ properties: Record<string, unknown>; invocations: Array<{ toolExecutionNotifications: Array<{ descriptor: { id: string } }> }> }> };
    expect(sarif.runs[0]?.properties.lastKnown).toBeUndefined();
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.some((n) => n.descriptor.id === 'PA-LAST-KNOWN')).toBe(false);
  });
});
