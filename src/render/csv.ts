/**
 * CSV hand-off: one row per outcome record, RFC 4180 (CRLF line ends, fields with a quote, comma,
 * CR or LF quoted, quotes doubled). Messages, names and ARNs can carry attacker-chosen text (a
 * resource named "=HYPERLINK(...)"), so a cell that a spreadsheet would read as a formula gets a
 * leading apostrophe: one starting with = + - @ tab or CR, or their full-width forms.
 */
import type { CatalogRule } from '../model/index.ts';
import { mappingsByFramework, ruleMappings } from '../compliance/mapping.ts';
import type { OutcomeRecord, OutcomeStatus } from '../compliance/record.ts';
import type { Framework, RuleMapping } from '../model/index.ts';

export type CsvRuleInfo = Pick<CatalogRule, 'id' | 'title' | 'family' | 'remediation'>;

export interface CsvOptions {
  /** Adds a `compliance` column listing each record's framework requirements. */
  frameworks?: readonly Framework[];
  /** Only records with these statuses (default: all). */
  statuses?: readonly OutcomeStatus[];
}

export const CSV_COLUMNS = [
  'fingerprint',
  'status',
  'waived',
  'not_collected',
  'severity',
  'rule_id',
  'rule_title',
  'family',
  'account_id',
  'region',
  'resource_type',
  'resource_name',
  'resource_arn',
  'message',
  'reason',
  'remediation',
] as const;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One cell: neutralised against formula injection, then quoted when RFC 4180 needs it. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The header, then one line per record; each line ends with CRLF. */
export function* csvLines(records: Iterable<OutcomeRecord>, catalog: Iterable<CsvRuleInfo>, options: CsvOptions = {}): Generator<string> {
  const rules = new Map<string, CsvRuleInfo>();
  for (const r of catalog) rules.set(r.id, r);
  const mappings: Map<string, RuleMapping[]> | undefined = options.frameworks ? ruleMappings(options.frameworks) : undefined;
  const statuses = options.statuses ? new Set(options.statuses) : undefined;
  yield csvRow(mappings ? [...CSV_COLUMNS, 'compliance'] : [...CSV_COLUMNS]);
  for (const r of records) {
    if (statuses && !statuses.has(r.status)) continue;
    const rule = rules.get(r.ruleId);
    const cells = [
      r.fingerprint,
      r.status,
      r.waived ? 'true' : 'false',
      r.notCollected ? 'true' : 'false',
      r.severity,
      r.ruleId,
      rule?.title ?? '',
      rule?.family ?? '',
      r.resource.accountId,
      r.resource.region,
      r.resource.type ?? '',
      r.resource.name ?? '',
      r.resource.arn,
      r.message ?? '',
      r.reason ?? '',
      r.status === 'fail' ? (rule?.remediation.text.trim() ?? '') : '',
    ];
    if (mappings) {
      const byFw = mappingsByFramework(mappings.get(r.ruleId));
      cells.push(Object.entries(byFw).map(([fw, reqs]) => `${fw} ${reqs.join(', ')}`).join('; '));
    }
    yield csvRow(cells);
  }
}

export function toCsv(records: Iterable<OutcomeRecord>, catalog: Iterable<CsvRuleInfo>, options: CsvOptions = {}): string {
  let out = '';
  for (const line of csvLines(records, catalog, options)) out += line;
  return out;
}
