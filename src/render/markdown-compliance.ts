/**
 * The Markdown report's compliance and trend sections: per framework a status count line, the
 * requirements that fail, error or lack data (with the rules and the short fingerprints of the
 * findings behind them) and the ids of those that pass or are not assessed; and the trend of open
 * failing findings across runs. Every framework- or resource-derived string is escaped.
 */
import { REQUIREMENT_STATUSES, SEVERITIES, type FrameworkAssessment, type RequirementAssessment, type RequirementStatus } from '../model/index.ts';
import type { TrendEntry } from '../compliance/index.ts';
import { escapeMarkdown, markdownUrl, oneLine, truncate } from '../util/text.ts';
import { lastKnownNote } from './compliance-view.ts';

const STATUS_TEXT: Record<RequirementStatus, string> = {
  fail: '❌ fail',
  error: '⚠️ error',
  'not-collected': '❔ not collected',
  pass: '✅ pass',
  'not-assessed': '➖ not assessed',
};

/** Fingerprints shown per requirement; the full lists are in the JSON result. */
const REFS_SHOWN = 3;

/** The first 12 hex digits: enough to find the finding (the HTML report's search takes them). */
export function shortFingerprint(fp: string): string {
  return fp.slice(0, 12);
}

/** Text inside the HTML <summary> GitHub shows as is: entities only, no Markdown escapes. */
function htmlText(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@&#8203;');
}

function frameworkName(fw: FrameworkAssessment): string {
  const name = `${escapeMarkdown(fw.name)} ${escapeMarkdown(fw.version)}`;
  return /^https:\/\/\S+$/.test(fw.url) ? `[${name}](${markdownUrl(fw.url)})` : name;
}

function findingRefs(req: RequirementAssessment): string {
  const all = [...req.findings.fail, ...req.findings.error, ...req.findings.notCollected];
  const total = req.counts.fail + req.counts.error + req.counts.skipNotCollected;
  if (total === 0) return '—';
  const shown = all.slice(0, REFS_SHOWN).map((fp) => `\`${shortFingerprint(fp)}\``);
  return `${total}: ${shown.join(', ')}${total > shown.length ? ` (+${total - shown.length})` : ''}`;
}

function rulesCell(req: RequirementAssessment): string {
  const mark: Record<string, string> = { fail: '❌', error: '⚠️', 'not-collected': '❔', pass: '✅' };
  return req.rules.map((r) => `${escapeMarkdown(r.id)}${mark[r.state] ? ` ${mark[r.state]}` : ''}`).join(', ') || '—';
}

/** A requirement judged from last-known Proton records says so, in the status cell or the id list. */
function lastKnownMark(req: RequirementAssessment): string {
  const note = lastKnownNote(req);
  return note ? ` _(${escapeMarkdown(note)})_` : '';
}

export function complianceMarkdown(frameworks: readonly FrameworkAssessment[], limit: number): string[] {
  if (frameworks.length === 0) return [];
  const out = ['### Compliance', ''];
  out.push('| Framework | Fail | Error | Not collected | Pass | Not assessed |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const fw of frameworks) out.push(`| ${frameworkName(fw)} | ${REQUIREMENT_STATUSES.map((s) => fw.summary[s]).join(' | ')} |`);
  out.push('', 'A requirement passes only on evidence; _not collected_ and _not assessed_ are not passes. Findings are listed by fingerprint (the JSON result lists them in full).', '');
  for (const fw of frameworks) {
    const open = fw.requirements.filter((r) => r.status === 'fail' || r.status === 'error' || r.status === 'not-collected');
    out.push(`<details><summary>${htmlText(fw.name)}: ${fw.summary.fail} failing, ${fw.summary.error} with errors, ${fw.summary['not-collected']} not collected, ${fw.summary.pass} passing, ${fw.summary['not-assessed']} not assessed</summary>`, '');
    if (open.length > 0) {
      out.push('| Status | Requirement | Rules | Findings |', '| --- | --- | --- | --- |');
      for (const req of open.slice(0, limit)) {
        out.push(`| ${STATUS_TEXT[req.status]}${lastKnownMark(req)} | **${escapeMarkdown(req.id)}** ${escapeMarkdown(truncate(oneLine(req.title), 120))} | ${rulesCell(req)} | ${findingRefs(req)} |`);
      }
      if (open.length > limit) out.push('', `…and ${open.length - limit} more requirements that fail, error or lack data.`);
      out.push('');
    }
    for (const status of ['pass', 'not-assessed'] as const) {
      const ids = fw.requirements.filter((r) => r.status === status).map((r) => `${escapeMarkdown(r.id)}${lastKnownMark(r)}`);
      if (ids.length > 0) out.push(`${STATUS_TEXT[status]}: ${ids.join(', ')}`, '');
    }
    out.push('</details>', '');
  }
  return out;
}

export function trendMarkdown(trend: readonly TrendEntry[]): string[] {
  const out = ['### Trend of open failing findings', ''];
  out.push('| Run | Evaluated | Critical | High | Medium | Low | Info | Total | Change |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of trend) {
    const change = p.delta === null ? '' : p.delta > 0 ? `+${p.delta}` : p.delta < 0 ? `−${-p.delta}` : '±0';
    out.push(`| ${escapeMarkdown(truncate(oneLine(p.label ?? ''), 80))} | ${escapeMarkdown(p.evaluatedAt)} | ${SEVERITIES.map((s) => p.open[s]).join(' | ')} | **${p.total}** | ${change} |`);
  }
  out.push('');
  return out;
}
