/**
 * Markdown for pull-request comments and $GITHUB_STEP_SUMMARY: the gate's verdict as the
 * headline, counts, what is new since the baseline, the most severe findings (capped, so a comment
 * stays readable and under GitHub's size limits) and each rule's title and reference. A comment is
 * read away from the repository, so every link is absolute: the rule docs under an absolute
 * `ruleDocsBase`, else the rule's first public reference. Every resource-derived string is escaped.
 */
import { SEVERITIES, type AuditResult, type CatalogRule, type Finding, type Severity } from '../model/index.ts';
import { exitCodeFor, isOpenFailure } from '../engine/gate.ts';
import { compareFindings, compareStrings, severityRank } from '../engine/order.ts';
import { gapsBesidesLastKnown, lastKnownHeadline, lastKnownSummary } from './last-known.ts';
import { ruleIndex } from './order.ts';
import { Top } from './top.ts';
import { iterateFindings } from '../engine/outcomes.ts';
import { escapeMarkdown, markdownUrl, oneLine, truncate } from '../util/text.ts';
import { protonRetiredRegions } from '../snapshot/health.ts';
import { complianceView, type ComplianceInputs } from './compliance-view.ts';
import { complianceMarkdown, shortFingerprint, trendMarkdown } from './markdown-compliance.ts';

export interface MarkdownOptions {
  /** How many findings each list shows. */
  limit?: number;
  /** Absolute http(s) base of rule docs links (<base><ID>.md); otherwise each rule links its first public reference. */
  ruleDocsBase?: string;
  /** The gate's threshold; default 'high' (the CLI passes --fail-on or the config's failOn). */
  failOn?: Severity | 'none';
  /** Frameworks for the compliance section, earlier runs for the trend. */
  compliance?: ComplianceInputs | undefined;
}

export const DEFAULT_MARKDOWN_LIMIT = 20;
// GitHub caps a step summary at 1 MiB and a comment at 65,536 characters; stay under both.
const MAX_CHARS = 60_000;

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Where a rule's link goes: its page under an absolute docs base, else its first public (https) reference. */
type RuleLinker = (ruleId: string) => string;

function ruleLinker(result: AuditResult, base: string | undefined): RuleLinker {
  const rules = ruleIndex(result);
  const absolute = base !== undefined && /^https?:\/\//i.test(base) ? base : undefined;
  return (ruleId) => {
    const id = escapeMarkdown(ruleId);
    const url = absolute ? `${absolute}${encodeURIComponent(ruleId)}.md` : firstReference(rules.get(ruleId));
    return url ? `[${id}](${markdownUrl(url)})` : `**${id}**`;
  };
}

function firstReference(rule: CatalogRule | undefined): string | undefined {
  return rule?.references?.find((r) => /^https:\/\/[^\s]+$/i.test(r.url))?.url;
}

function ruleCell(f: Pick<Finding, 'ruleId' | 'title'>, link: RuleLinker): string {
  return `${link(f.ruleId)}<br>${escapeMarkdown(truncate(oneLine(f.title), 90))}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The headline: the gate's verdict at its threshold (only new findings under a baseline), and
 * whether the collection was whole. `gated`: the gate's findings at or above the threshold.
 */
function headline(result: AuditResult, open: number, gated: number, failOn: Severity | 'none'): string {
  const incomplete = result.summary.incomplete.length > 0 ? ' · ⚠️ collection incomplete' : '';
  const scope = result.baseline ? 'new ' : '';
  if (failOn === 'none') return `ℹ️ proton-audit: report only (--fail-on none) · ${plural(open, 'open failing finding')}${incomplete}`;
  if (exitCodeFor(result, failOn) === 1) return `❌ proton-audit: gate failed · ${plural(gated, `${scope}failing finding`)} at or above ${failOn}${incomplete}`;
  const rest = open > 0 ? ` (${plural(open, 'open failing finding')} ${result.baseline ? 'accepted by the baseline or ' : ''}below it)` : '';
  return `✅ proton-audit: gate passed · no ${scope}failing finding at or above ${failOn}${rest}${incomplete}`;
}

function resourceCell(f: Pick<Finding, 'resource' | 'subKey'>): string {
  const r = f.resource;
  const sub = f.subKey ? ` \\[${escapeMarkdown(truncate(f.subKey, 60))}\\]` : '';
  return `${escapeMarkdown(r.type)} **${escapeMarkdown(truncate(r.name, 80))}**${sub}<br>${escapeMarkdown(r.accountId)} ${escapeMarkdown(r.region)}`;
}

function findingsTable(findings: readonly Finding[], link: RuleLinker, markNew?: Set<string>): string[] {
  const lines = ['| Severity | Rule | Resource | Finding |', '| --- | --- | --- | --- |'];
  for (const f of findings) {
    const flag = markNew?.has(f.fingerprint) ? '🆕 ' : '';
    const waived = f.waiver ? ' _(waived)_' : '';
    // The "as of" sentence ends the message; the mark keeps it visible when the message is cut.
    const asOf = f.lastKnown ? ` **last-known, as of ${escapeMarkdown(f.lastKnown.collectedAt)}**` : '';
    lines.push(`| ${ICON[f.severity]} ${f.severity} | ${flag}${ruleCell(f, link)} | ${resourceCell(f)} | ${escapeMarkdown(truncate(oneLine(f.message), 300))}${waived}${asOf}<br>\`${shortFingerprint(f.fingerprint)}\` |`);
  }
  return lines;
}

/** Most severe first, then the contract order. */
function bySeverity(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b);
}

/** What the report says of the failing and erroring findings, gathered in one pass without keeping them. */
interface Tally {
  open: Top<Finding>;
  counts: Record<Severity, number>;
  gated: number;
  fresh: Top<Finding>;
  waived: number;
  /** Each waiver line with how many findings it covers, in the order first met. */
  waiverLines: Map<string, number>;
  errors: number;
  errorsPerRule: Map<string, number>;
}

function tally(result: AuditResult, limit: number, failOn: Severity | 'none'): Tally {
  const t: Tally = {
    open: new Top(limit, bySeverity),
    counts: Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>,
    gated: 0,
    fresh: new Top(limit, bySeverity),
    waived: 0,
    waiverLines: new Map(),
    errors: 0,
    errorsPerRule: new Map(),
  };
  const isNew = result.baseline ? new Set(result.baseline.newFingerprints) : undefined;
  const threshold = failOn === 'none' ? -1 : severityRank(failOn);
  for (const f of iterateFindings(result, ['fail', 'error'])) {
    if (f.status === 'error') {
      t.errors++;
      t.errorsPerRule.set(f.ruleId, (t.errorsPerRule.get(f.ruleId) ?? 0) + 1);
      continue;
    }
    const fresh = isNew?.has(f.fingerprint);
    if (fresh) t.fresh.offer(f);
    if (isOpenFailure(f)) {
      t.open.offer(f);
      t.counts[f.severity] += 1;
      if ((!isNew || fresh) && severityRank(f.severity) <= threshold) t.gated++;
    }
    const w = f.waiver;
    if (w) {
      t.waived++;
      const line = `- ${escapeMarkdown(w.rule)} on ${escapeMarkdown(w.resource)}: ${escapeMarkdown(truncate(w.reason, 200))} (owner ${escapeMarkdown(w.owner)}, expires ${escapeMarkdown(w.expires)}${w.ticket ? `, ${escapeMarkdown(w.ticket)}` : ''})`;
      t.waiverLines.set(line, (t.waiverLines.get(line) ?? 0) + 1);
    }
  }
  return t;
}

export function renderMarkdown(result: AuditResult, opts: MarkdownOptions = {}): string {
  const limit = Math.max(1, opts.limit ?? DEFAULT_MARKDOWN_LIMIT);
  const link = ruleLinker(result, opts.ruleDocsBase);
  const failOn = opts.failOn ?? 'high';
  const t = tally(result, limit, failOn);
  const open = t.open.list();
  const counts = t.counts;
  const s = result.summary;
  const out: string[] = [];

  out.push(`## ${headline(result, t.open.count, t.gated, failOn)}`, '');
  const accounts = result.snapshot.accounts.map((a) => escapeMarkdown(a.name ? `${a.accountId} (${a.name})` : a.accountId)).join(', ');
  out.push(
    `Evaluated ${escapeMarkdown(result.evaluatedAt)} · snapshot \`${result.snapshot.sha256.slice(0, 12)}\` (${escapeMarkdown(result.snapshot.source)}) · accounts: ${accounts || 'none'} · regions: ${result.snapshot.regions.map(escapeMarkdown).join(', ') || 'none'}`,
    '',
  );

  out.push('| Critical | High | Medium | Low | Info | Waived | Errors | Skipped | Passed |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${SEVERITIES.map((sev) => counts[sev]).join(' | ')} | ${s.waived} | ${s.byStatus.error} | ${s.byStatus.skip} | ${s.byStatus.pass} |`, '');

  const view = opts.compliance && (opts.compliance.frameworks?.length || opts.compliance.history?.length) ? complianceView(result, opts.compliance) : undefined;
  if (view?.trend) out.push(...trendMarkdown(view.trend));

  const lastKnown = lastKnownSummary(result);
  if (lastKnown) {
    out.push('> [!IMPORTANT]', `> ${escapeMarkdown(lastKnownHeadline(lastKnown))}`);
    for (const place of lastKnown.places) out.push(`> - last-known: ${escapeMarkdown(place)}`);
    out.push('');
  }

  const gaps = gapsBesidesLastKnown(result);
  if (gaps.length) {
    out.push('> [!WARNING]', `> Collection was incomplete in ${gaps.length} account/region pair${gaps.length === 1 ? '' : 's'}; rules over the missing data were skipped, not passed.`);
    for (const i of gaps.slice(0, limit)) out.push(`> - ${escapeMarkdown(i.accountId)} ${escapeMarkdown(i.region)}: ${i.operations.map(escapeMarkdown).join(', ')}`);
    out.push('');
  }
  const retired = protonRetiredRegions(result.coverage);
  if (retired.length) {
    out.push(`> [!NOTE]`, `> Proton did not answer (AWS retired it on 2026-10-07) in ${retired.slice(0, limit).map((r) => `${escapeMarkdown(r.accountId)} ${escapeMarkdown(r.region)}`).join(', ')}${retired.length > limit ? ` and ${retired.length - limit} more` : ''}; rules that need Proton data were skipped, IAM and tag rules ran.`, '');
  }

  const isNew = new Set(result.baseline?.newFingerprints ?? []);
  if (result.baseline) {
    const fresh = t.fresh.list();
    const freshCount = t.fresh.count;
    const resolved = [...result.baseline.resolved].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
    out.push(`### New since the baseline: ${freshCount}`, '');
    out.push(`Baseline \`${result.baseline.sha256.slice(0, 12)}\`; ${resolved.length} finding${resolved.length === 1 ? '' : 's'} resolved since.`, '');
    if (freshCount) {
      out.push(...findingsTable(fresh, link));
      if (freshCount > limit) out.push('', `…and ${freshCount - limit} more new findings.`);
      out.push('');
    }
    if (resolved.length) {
      out.push('<details><summary>Resolved since the baseline</summary>', '');
      for (const r of resolved.slice(0, limit)) out.push(`- ${r.severity} ${link(r.ruleId)} ${escapeMarkdown(r.resource.type)} **${escapeMarkdown(truncate(r.resource.name, 80))}**`);
      if (resolved.length > limit) out.push(`- …and ${resolved.length - limit} more`);
      out.push('', '</details>', '');
    }
  }

  if (t.open.count) {
    out.push(`### Top findings (${Math.min(limit, t.open.count)} of ${t.open.count})`, '');
    out.push(...findingsTable(open, link, result.baseline ? isNew : undefined), '');
  }

  if (view) out.push(...complianceMarkdown(view.frameworks, limit));

  if (t.waived || result.expiredWaivers.length) {
    out.push(`<details><summary>Waivers: ${t.waived} finding${t.waived === 1 ? '' : 's'} waived, ${result.expiredWaivers.length} expired</summary>`, '');
    for (const [line, n] of [...t.waiverLines].slice(0, limit)) out.push(`${line} ×${n}`);
    for (const w of result.expiredWaivers.slice(0, limit)) out.push(`- **expired** ${escapeMarkdown(w.expires)}: ${escapeMarkdown(w.rule)} on ${escapeMarkdown(w.resource)} (owner ${escapeMarkdown(w.owner)}): no longer applied`);
    out.push('', '</details>', '');
  }

  if (t.errors) {
    const rules = ruleIndex(result);
    out.push(`<details><summary>Rule errors: ${t.errors}</summary>`, '');
    for (const [id, n] of [...t.errorsPerRule].sort((a, b) => compareStrings(a[0], b[0])).slice(0, limit)) {
      out.push(`- ${link(id)} ${escapeMarkdown(rules.get(id)?.title ?? '')}: ${n} error${n === 1 ? '' : 's'}`);
    }
    out.push('', '</details>', '');
  }

  let text = `${out.join('\n').trimEnd()}\n`;
  if (text.length > MAX_CHARS) text = `${text.slice(0, text.lastIndexOf('\n', MAX_CHARS - 200))}\n\n…report cut to fit GitHub's size limit; see the full report artifact.\n`;
  return text;
}
