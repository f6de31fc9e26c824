/** CSV hand-off: RFC 4180 quoting, formula neutralisation of attacker text, one row per record. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines, toCsv, CSV_COLUMNS } from '../../src/render/csv.ts';
import { recordsFromFindings, type OutcomeRecord } from '../../src/compliance/index.ts';
import type { Framework } from '../../src/model/index.ts';
import { ALL_PAYLOADS, buildResult } from '../helpers/build-result.ts';
import { parseCsv } from '../helpers/handoff.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';


describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rinside', '"cr\rinside"'],
    ['', ''],
  ])('quotes %j as RFC 4180 wants', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("https://evil.example","x")', `"'=HYPERLINK(""https://evil.example"",""x"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['\uFF1D1+1', "'\uFF1D1+1"],
  ])('neutralises a formula-looking cell %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves a formula character that is not first alone', () => {
    expect(csvCell('a=b+c-d@e')).toBe('a=b+c-d@e');
  });
});

describe('csvLines', () => {
  const audit = buildResult({ attacker: true, perCombination: 2 });
  const records = [...recordsFromFindings(findingsOf(audit))];

  it('writes a header and one CRLF-ended row per record that parses back to the same cells', () => {
    const text = toCsv(records, audit.rules);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(records.length + 1);
    for (const [i, r] of records.entries()) {
      const row = rows[i + 1] as string[];
      expect(row).toHaveLength(CSV_COLUMNS.length);
      const cell = (name: (typeof CSV_COLUMNS)[number]): string => row[CSV_COLUMNS.indexOf(name)] ?? '';
      expect(cell('fingerprint')).toBe(r.fingerprint);
      expect(cell('status')).toBe(r.status);
      expect(cell('resource_arn')).toBe(r.resource.arn);
      const msg = r.message ?? '';
      expect(cell('message')).toBe(/^[=+\-@\t\r]/.test(msg) ? `'${msg}` : msg);
    }
  });

  it('lets no cell start with a formula character, whatever the resource owner wrote', () => {
    const hostile: OutcomeRecord = {
      ruleId: 'PA-IAM-001',
      status: 'fail',
      severity: 'high',
      waived: false,
      notCollected: false,
      fingerprint: 'f'.repeat(64),
      resource: { accountId: '111122223333', region: 'us-east-1', arn: '=cmd|/C calc!A0', type: 'role', name: '@SUM(1+1)*cmd|calc' },
      message: `-2+3 ${ALL_PAYLOADS}`,
      reason: '+reason',
    };
    const rows = parseCsv(toCsv([...records, hostile], audit.rules));
    for (const row of rows) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.at(-1)?.[CSV_COLUMNS.indexOf('resource_name')]).toBe("'@SUM(1+1)*cmd|calc");
  });

  it('filters by status and adds the framework requirements when given frameworks', () => {
    const fw: Framework = { id: 'nist-800-53', name: 'N', version: 'r5', url: 'https://example.com', description: 'd', file: 'f', requirements: [{ id: 'AC-6', title: 't', rules: ['PA-IAM-001'] }, { id: 'AC-6(1)', title: 't', rules: ['PA-IAM-001'] }] };
    const lines = [...csvLines(records, audit.rules, { statuses: ['fail'], frameworks: [fw] })];
    const rows = parseCsv(lines.join(''));
    expect(rows[0]?.at(-1)).toBe('compliance');
    expect(rows.slice(1).every((r) => r[1] === 'fail')).toBe(true);
    expect(rows.slice(1).length).toBe(records.filter((r) => r.status === 'fail').length);
    const iam = rows.find((r) => r[CSV_COLUMNS.indexOf('rule_id')] === 'PA-IAM-001');
    expect(iam?.at(-1)).toBe('nist-800-53 AC-6, AC-6(1)');
  });

  it('is deterministic', () => {
    expect(toCsv(records, audit.rules)).toBe(toCsv(recordsFromFindings(findingsOf(buildResult({ attacker: true, perCombination: 2 }))), audit.rules));
  });
});
