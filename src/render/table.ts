/**
 * The terminal table: open failures grouped by severity then rule, everything else summarised,
 * and one summary line. Attacker text is stripped of escape sequences before it reaches a
 * terminal; colour only when the caller says the terminal wants it.
 */
import Table from 'cli-table3';
import { SEVERITIES, type AuditResult, type Finding, type Severity } from '../model/index.ts';
import { isOpenFailure } from '../engine/gate.ts';
import { compareStrings } from '../engine/order.ts';
import { gapsBesidesLastKnown, lastKnownHeadline, lastKnownSummary } from './last-known.ts';
import { openBySeverity, ruleIndex } from './order.ts';
import { iterateFindings, outcomesInOrder, ruleCounts } from '../engine/outcomes.ts';
import { oneLine, truncate } from '../util/text.ts';
import { protonRetiredRegions } from '../snapshot/health.ts';

export interface TableOptions {
  color: boolean;
  /** Terminal width; fixed default so files are byte-stable. */
  width?: number;
  /** Open failures listed before the rest are only counted. */
  limit?: number;
  includePassed?: boolean;
}

export const DEFAULT_TABLE_LIMIT = 500;

const SGR: Record<string, string> = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36', gray: '90', brightRed: '91' };
const SEVERITY_STYLE: Record<Severity, string[]> = { critical: ['bold', 'brightRed'], high: ['red'], medium: ['yellow'], low: ['cyan'], info: ['gray'] };

function paint(color: boolean, styles: string[], text: string): string {
  if (!color || styles.length === 0) return text;
  return `\u001b[${styles.map((s) => SGR[s]).join(';')}m${text}\u001b[0m`;
}

/** Cuts words longer than a column so wrapping at word boundaries never truncates them (ARNs, keys). */
function breakLong(text: string, width: number): string {
  const max = Math.max(8, width - 2);
  return text.replace(new RegExp(`\\S{${max + 1},}`, 'g'), (word) => (word.match(new RegExp(`.{1,${max}}`, 'gu')) ?? [word]).join(' '));
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function summaryLine(result: AuditResult): string {
  const open = result.summary.failingBySeverity;
  const openTotal = SEVERITIES.reduce((n, s) => n + open[s], 0);
  const bySev = SEVERITIES.filter((s) => open[s] > 0).map((s) => `${open[s]} ${s}`).join(', ');
  const s = result.summary;
  const parts = [
    `${openTotal} failing${bySev ? ` (${bySev})` : ''}`,
    `${s.waived} waived`,
    plural(s.byStatus.error, 'error'),
    `${s.byStatus.skip} skipped`,
    `${s.byStatus.pass} passed`,
    `${plural(s.rulesEvaluated, 'rule')} on ${plural(s.resourcesEvaluated, 'resource')}`,
  ];
  return parts.join(' · ');
}

export function renderTable(result: AuditResult, opts: TableOptions): string {
  const { color } = opts;
  const width = Math.max(60, opts.width ?? 120);
  const limit = opts.limit ?? DEFAULT_TABLE_LIMIT;
  const rules = ruleIndex(result);
  const findings = [...iterateFindings(result, ['fail', 'error', 'skip'])];
  const isNew = new Set(result.baseline?.newFingerprints ?? []);
  const out: string[] = [];

  const snap = result.snapshot;
  if (result.scan) {
    const sc = result.scan;
    out.push(paint(color, ['bold'], `proton-audit ${oneLine(result.tool.version)}`) + ` · scanned ${sc.paths.map(oneLine).join(', ')} at ${oneLine(result.evaluatedAt)} · tree ${snap.sha256.slice(0, 12)}`);
  } else out.push(paint(color, ['bold'], `proton-audit ${oneLine(result.tool.version)}`) + ` · evaluated ${oneLine(result.evaluatedAt)} · snapshot ${snap.sha256.slice(0, 12)} (${oneLine(snap.source)}, collected ${oneLine(snap.collectedAt)})`);
  const accounts = snap.accounts.map((a) => (a.name ? `${oneLine(a.accountId)} (${oneLine(a.name)})` : oneLine(a.accountId))).join(', ');
  if (result.scan) {
    const sc = result.scan;
    out.push(`${sc.bundles} template bundles · ${sc.specs} spec files · ${sc.renderings} renderings${sc.base ? ` · base ${oneLine(sc.base.ref)} (${oneLine(sc.base.commit.slice(0, 12))})` : ''}`);
  } else out.push(`Accounts: ${accounts || 'none'} · Regions: ${snap.regions.map(oneLine).join(', ') || 'none'}${snap.identity ? ` · Identity: ${oneLine(snap.identity)}` : ''}`);
  const lastKnown = lastKnownSummary(result);
  if (lastKnown) {
    out.push(paint(color, ['bold', 'yellow'], oneLine(lastKnownHeadline(lastKnown))));
    for (const place of lastKnown.places) out.push(paint(color, ['yellow'], `  LAST-KNOWN ${oneLine(place)}`));
  }
  out.push('');

  const open = findings.filter(isOpenFailure);
  const resourceWidth = Math.floor((width - 10) * 0.34);
  const whereWidth = 28;
  const messageWidth = Math.max(20, width - resourceWidth - whereWidth - 10);
  let listed = 0;
  for (const severity of SEVERITIES) {
    const group = open.filter((f) => f.severity === severity);
    if (group.length === 0 || listed >= limit) continue;
    out.push(paint(color, SEVERITY_STYLE[severity], `${severity.toUpperCase()} (${group.length})`));
    const table = new Table({
      head: result.scan ? ['Location', 'Resource', 'Finding'] : ['Resource', 'Account / region', 'Finding'],
      colWidths: [resourceWidth, whereWidth, messageWidth],
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: color ? ['bold'] : [], border: color ? ['gray'] : [] },
    });
    let currentRule = '';
    for (const f of group) {
      if (listed >= limit) break;
      if (f.ruleId !== currentRule) {
        currentRule = f.ruleId;
        const title = rules.get(f.ruleId)?.title ?? f.title;
        table.push([{ colSpan: 3, content: paint(color, ['bold'], `${oneLine(f.ruleId)}  ${truncate(oneLine(title), width - 20)}`) }]);
      }
      const marker = (isNew.has(f.fingerprint) ? paint(color, ['bold', 'yellow'], 'NEW ') : '') + (f.lastKnown ? paint(color, ['yellow'], 'LAST-KNOWN ') : '');
      // A scanned finding is where it is in the repository; a cloud one is its resource.
      const resource = f.location
        ? `${marker}${oneLine(f.location.file)}${f.location.line !== undefined ? `:${f.location.line}` : ''}${f.location.instances ? ` (${f.location.instances.map(oneLine).join(', ')})` : ''}`
        : `${marker}${f.resource.type} ${oneLine(f.resource.name)}${f.subKey ? ` [${oneLine(f.subKey)}]` : ''}`;
      const where = f.location ? oneLine(f.resource.name) : `${oneLine(f.resource.accountId)} ${oneLine(f.resource.region)}`;
      table.push([breakLong(resource, resourceWidth), breakLong(where, whereWidth), breakLong(truncate(oneLine(f.message), 600), messageWidth)]);
      listed += 1;
    }
    out.push(table.toString(), '');
  }
  if (open.length === 0) out.push(paint(color, ['green'], 'No open failing findings.'), '');
  if (open.length > listed) out.push(`… ${open.length - listed} more failing findings not listed here (the JSON, HTML and SARIF reports have them all).`, '');

  const waived = findings.filter((f) => f.status === 'fail' && f.waiver);
  if (waived.length) {
    out.push(paint(color, ['bold'], `Waived (${waived.length})`));
    const byWaiver = new Map<string, number>();
    for (const f of waived) {
      const w = f.waiver;
      if (!w) continue;
      const key = `${oneLine(w.rule)} ${oneLine(w.resource)} · owner ${oneLine(w.owner)} · expires ${oneLine(w.expires)}${w.ticket ? ` · ${oneLine(w.ticket)}` : ''}`;
      byWaiver.set(key, (byWaiver.get(key) ?? 0) + 1);
    }
    for (const [key, n] of [...byWaiver].sort((a, b) => compareStrings(a[0], b[0]))) out.push(`  ${n} × ${truncate(key, width * 2)}`);
    out.push('');
  }
  if (result.expiredWaivers.length) {
    out.push(paint(color, ['bold', 'yellow'], `Expired waivers (${result.expiredWaivers.length}): no longer applied`));
    for (const w of result.expiredWaivers) out.push(`  ${oneLine(w.rule)} ${oneLine(w.resource)} · owner ${oneLine(w.owner)} · expired ${oneLine(w.expires)}`);
    out.push('');
  }

  const errors = findings.filter((f) => f.status === 'error');
  if (errors.length) {
    out.push(paint(color, ['bold', 'red'], `Rule errors (${errors.length})`));
    out.push(...countBy(errors, (f) => `${f.ruleId}: ${truncate(oneLine(f.error ?? f.message), 160)}`).map(([k, n]) => `  ${n} × ${k}`));
    out.push('');
  }
  const skips = findings.filter((f) => f.status === 'skip');
  if (skips.length) {
    out.push(paint(color, ['bold'], `Skipped (${skips.length})`));
    const rows = countBy(skips, (f) => `${f.ruleId}: ${truncate(oneLine(f.skipReason ?? 'no reason given'), 160)}`);
    out.push(...rows.slice(0, 15).map(([k, n]) => `  ${n} × ${k}`));
    if (rows.length > 15) out.push(`  … and ${rows.length - 15} more reasons`);
    out.push('');
  }
  if (opts.includePassed) {
    // Passes are counted per rule from the outcomes, never built one by one.
    const perRule = new Map<string, number>();
    let total = 0;
    for (const { outcomes, rule } of outcomesInOrder(result)) {
      const n = ruleCounts(outcomes).pass;
      if (n === 0) continue;
      total += n;
      const key = `${rule.id}: ${truncate(oneLine(rule.title), 120)}`;
      perRule.set(key, (perRule.get(key) ?? 0) + n);
    }
    if (total) {
      out.push(paint(color, ['bold', 'green'], `Passed (${total})`));
      out.push(...[...perRule].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([k, n]) => `  ${n} × ${k}`));
      out.push('');
    }
  }
  const gaps = gapsBesidesLastKnown(result);
  if (gaps.length) {
    out.push(paint(color, ['bold', 'yellow'], 'Collection incomplete: rules over the missing data were skipped, not passed.'));
    for (const i of gaps) out.push(`  ${oneLine(i.accountId)} ${oneLine(i.region)}: ${i.operations.map(oneLine).join(', ')}`);
    out.push('');
  }
  const retired = protonRetiredRegions(result.coverage);
  if (retired.length) {
    out.push(`Proton did not answer (retired on 2026-10-07) in: ${retired.map((r) => `${oneLine(r.accountId)} ${oneLine(r.region)}`).join(', ')}; rules that need Proton data were skipped.`, '');
  }
  if (result.baseline) {
    out.push(`Baseline ${result.baseline.sha256.slice(0, 12)}: ${result.baseline.newFingerprints.length} new failing, ${result.baseline.resolved.length} resolved`);
  }
  out.push(paint(color, ['bold'], `Summary: ${summaryLine(result)}`));
  return `${out.join('\n')}\n`;
}

function countBy(findings: Finding[], key: (f: Finding) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const k = key(f);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
}
