/**
 * One self-contained HTML file: Handlebars template, CSS and JS from reports/html/ inlined at
 * render time, a strict CSP pinned to the hashes of exactly that CSS and JS, and no network.
 * Findings travel as compact JSON (html-data.ts) in a non-executing script block, written in
 * pieces, and are drawn a page at a time with textContent, so a million findings neither exhaust
 * the writer's memory nor build a million DOM rows, and no text opens a path for markup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { FAMILIES, SCAN_FAMILIES, SEVERITIES, STATUSES, type AuditResult, type Severity, type Status, type Waiver } from '../model/index.ts';
import { packagePath } from '../paths.ts';
import { compareStrings } from '../engine/order.ts';
import { outcomesInOrder } from '../engine/outcomes.ts';
import { gapsBesidesLastKnown, lastKnownHeadline, lastKnownSummary } from './last-known.ts';
import { batched } from './json.ts';
import { htmlDataPieces, scriptSafeJson, waiverKey, type HtmlDataOptions } from './html-data.ts';
import { summaryLine } from './table.ts';
import { complianceView, type ComplianceInputs } from './compliance-view.ts';
import { htmlComplianceSections, type HtmlComplianceSections } from './html-compliance.ts';

export { arnPrefix, nameOfArn, scriptSafeJson } from './html-data.ts';

/** What an evidence bundle tells the report about itself (the manifest, minus output hashes). */
export interface EvidenceSummary {
  entries: Array<{ label: string; value: string }>;
  files: Array<{ path: string; sha256: string }>;
}

export interface HtmlOptions {
  includePassed?: boolean;
  ruleDocsBase?: string;
  evidence?: EvidenceSummary;
  /** Frameworks for the compliance view, earlier runs for the trend. */
  compliance?: ComplianceInputs | undefined;
}

const ASSET_DIR = packagePath('reports', 'html');

interface Assets {
  template: Handlebars.TemplateDelegate<HtmlView>;
  css: string;
  js: string;
}
let assets: Assets | undefined;

function loadAssets(): Assets {
  if (assets) return assets;
  // An isolated Handlebars instance: our helper only, prototype access left at its safe default.
  const hb = Handlebars.create();
  hb.registerHelper('jsonBlock', (value: unknown) => new hb.SafeString(scriptSafeJson(value)));
  const source = readFileSync(join(ASSET_DIR, 'report.hbs'), 'utf8');
  assets = {
    template: hb.compile<HtmlView>(source, { knownHelpers: { jsonBlock: true }, knownHelpersOnly: true, strict: true, preventIndent: true }),
    css: readFileSync(join(ASSET_DIR, 'report.css'), 'utf8'),
    js: readFileSync(join(ASSET_DIR, 'report.js'), 'utf8'),
  };
  return assets;
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

// ---------------------------------------------------------------- view model

interface Bar {
  label: string;
  value: number;
  width: number;
  y: number;
  textY: number;
  tone: string;
}

/** Everything the report shows, before the template, its CSS and its JS are added. */
export interface HtmlViewModel {
  data: unknown;
  toolVersion: string;
  evaluatedAt: string;
  summaryLine: string;
  snapshot: { sha256: string; collectedAt: string; source: string; identity: string; accounts: string[]; regions: string };
  cards: Array<{ label: string; value: number; tone: string }>;
  severityChart: { height: number; bars: Bar[] };
  familyChart: { height: number; bars: Bar[] };
  coverageGaps: Array<{ accountId: string; region: string; service: string; operation: string; status: string; detail: string }>;
  incomplete: boolean;
  /** Proton records carried from an earlier snapshot: a banner saying from when. */
  lastKnown: { headline: string; places: string[] } | false;
  waivers: Array<{ rule: string; resource: string; owner: string; reason: string; expires: string; ticket: string; count: number; due: string; soon: boolean }>;
  expiredWaivers: Array<{ rule: string; resource: string; owner: string; reason: string; expires: string; ticket: string }>;
  baseline: { sha256: string; newCount: number; resolvedCount: number; resolved: Array<{ severity: string; ruleId: string; type: string; name: string; arn: string }>; more: number } | false;
  evidence: EvidenceSummary | false;
  passesOmitted: number;
  rendered: number;
  /** Compliance per framework, where the risk is, and the trend (html-compliance.ts). */
  sections: Omit<HtmlComplianceSections, 'data'>;
}

interface HtmlView extends HtmlViewModel {
  csp: string;
  css: string;
  js: string;
}

const SEVERITY_TONE: Record<Severity, string> = { critical: 'sev-critical', high: 'sev-high', medium: 'sev-medium', low: 'sev-low', info: 'sev-info' };

function bars(entries: Array<{ label: string; value: number; tone: string }>): { height: number; bars: Bar[] } {
  const max = Math.max(1, ...entries.map((e) => e.value));
  const row = 22;
  return {
    height: Math.max(row, entries.length * row),
    bars: entries.map((e, i) => ({ ...e, width: e.value === 0 ? 0 : Math.max(2, Math.round((e.value / max) * 260)), y: i * row + 3, textY: i * row + 16 })),
  };
}

function daysBetween(fromIso: string, toDay: string): number | null {
  const from = Date.parse(fromIso);
  const to = Date.parse(`${toDay}T23:59:59.999Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.floor((to - from) / 86_400_000);
}

/** Open failures per severity and family, and failing findings per waiver, from the records (no finding objects). */
function failingTallies(result: AuditResult, families: readonly string[]) {
  const open = Object.fromEntries(SEVERITIES.map((sev) => [sev, 0])) as Record<Severity, number>;
  const familyCounts = new Map<string, number>(families.map((f) => [f, 0]));
  const waiverCounts = new Map<string, { w: Waiver; count: number }>();
  for (const { outcomes, rule } of outcomesInOrder(result)) {
    for (const r of outcomes.findings) {
      if (r.status !== 'fail') continue;
      if (!r.waiver) {
        open[rule.effectiveSeverity] += 1;
        familyCounts.set(rule.family, (familyCounts.get(rule.family) ?? 0) + 1);
        continue;
      }
      const key = waiverKey(r.waiver);
      const entry = waiverCounts.get(key) ?? { w: r.waiver, count: 0 };
      entry.count += 1;
      waiverCounts.set(key, entry);
    }
  }
  return { open, familyCounts, waiverCounts };
}

/** The view model without the data block, and what the data block needs. */
function viewParts(result: AuditResult, opts: HtmlOptions): { model: Omit<HtmlViewModel, 'data'>; data: HtmlDataOptions } {
  const statuses: Status[] = opts.includePassed ? [...STATUSES] : STATUSES.filter((st) => st !== 'pass');
  const s = result.summary;

  // Scan-only families chart on a scan's page, the others on an audit's.
  const shown = FAMILIES.filter((f) => SCAN_FAMILIES.has(f) === (result.scan !== undefined) || (result.scan !== undefined && result.rules.some((r) => r.family === f)));
  const { open, familyCounts, waiverCounts } = failingTallies(result, shown);

  const { data: complianceData, ...sections } = htmlComplianceSections(complianceView(result, opts.compliance ?? {}));

  const baseline = result.baseline;
  const resolvedShown = baseline ? [...baseline.resolved].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint)).slice(0, 500) : [];

  const model: Omit<HtmlViewModel, 'data'> = {
    toolVersion: result.tool.version,
    evaluatedAt: result.evaluatedAt,
    summaryLine: summaryLine(result),
    snapshot: {
      sha256: result.snapshot.sha256,
      collectedAt: result.snapshot.collectedAt,
      source: result.snapshot.source,
      identity: result.snapshot.identity ?? 'not recorded',
      accounts: result.snapshot.accounts.map((a) => (a.name ? `${a.accountId} (${a.name})` : a.accountId)),
      regions: result.snapshot.regions.join(', '),
    },
    cards: [
      ...SEVERITIES.map((sev) => ({ label: sev, value: open[sev], tone: SEVERITY_TONE[sev] })),
      { label: 'waived', value: s.waived, tone: 'muted' },
      { label: 'errors', value: s.byStatus.error, tone: s.byStatus.error ? 'warn' : 'muted' },
      { label: 'skipped', value: s.byStatus.skip, tone: 'muted' },
      { label: 'passed', value: s.byStatus.pass, tone: 'ok' },
      { label: 'expired waivers', value: result.expiredWaivers.length, tone: result.expiredWaivers.length ? 'warn' : 'muted' },
    ],
    severityChart: bars(SEVERITIES.map((sev) => ({ label: sev, value: open[sev], tone: SEVERITY_TONE[sev] }))),
    familyChart: bars([...familyCounts].map(([label, value]) => ({ label, value, tone: 'family' }))),
    coverageGaps: result.coverage
      .filter((c) => c.status !== 'ok')
      .map((c) => ({
        accountId: c.accountId,
        region: c.region,
        service: c.service,
        operation: c.operation,
        status: c.status,
        detail: (c.errors ?? []).map((e) => `${e.code} ×${e.count}: ${e.message}`).join('; ') + (c.failedResources?.length ? ` (failed: ${c.failedResources.length} resources)` : ''),
      })),
    incomplete: gapsBesidesLastKnown(result).length > 0,
    lastKnown: ((lk) => (lk ? { headline: lastKnownHeadline(lk), places: lk.places } : false))(lastKnownSummary(result)),
    waivers: [...waiverCounts.values()]
      .map(({ w, count }) => {
        const days = daysBetween(result.evaluatedAt, w.expires);
        return { rule: w.rule, resource: w.resource, owner: w.owner, reason: w.reason, expires: w.expires, ticket: w.ticket ?? '', count, due: days === null ? '' : `${days} days left`, soon: days !== null && days <= 30 };
      })
      .sort((a, b) => compareStrings(a.expires, b.expires) || compareStrings(a.rule, b.rule) || compareStrings(a.resource, b.resource)),
    expiredWaivers: result.expiredWaivers.map((w) => ({ rule: w.rule, resource: w.resource, owner: w.owner, reason: w.reason, expires: w.expires, ticket: w.ticket ?? '' })),
    baseline: baseline
      ? {
          sha256: baseline.sha256,
          newCount: baseline.newFingerprints.length,
          resolvedCount: baseline.resolved.length,
          resolved: resolvedShown.map((r) => ({ severity: r.severity, ruleId: r.ruleId, type: r.resource.type, name: r.resource.name, arn: r.resource.arn })),
          more: baseline.resolved.length - resolvedShown.length,
        }
      : false,
    evidence: opts.evidence ?? false,
    passesOmitted: opts.includePassed ? 0 : s.byStatus.pass,
    rendered: statuses.reduce((n, st) => n + s.byStatus[st], 0),
    sections,
  };
  return { model, data: { statuses, ruleDocsBase: opts.ruleDocsBase, compliance: complianceData } };
}

/**
 * The report's view model: a pure function of the result (the golden test compares it), the data
 * block included, parsed back from its pieces. For tests and small results: the renderer streams
 * the data block instead.
 */
export function htmlView(result: AuditResult, opts: HtmlOptions = {}): HtmlViewModel {
  const { model, data } = viewParts(result, opts);
  return { data: JSON.parse([...htmlDataPieces(result, data)].join('')) as unknown, ...model };
}

// Stands in for the data block while the template is rendered; the block is written after it.
const DATA_MARK = '"__proton_audit_data__"';

/**
 * The report in chunks: the page up to the data block, the data block a piece at a time
 * (html-data.ts; a 100× estate's would be a string of tens of megabytes), then the rest.
 */
export function* renderHtmlChunks(result: AuditResult, opts: HtmlOptions = {}): Generator<string> {
  const { template, css, js } = loadAssets();
  const csp = `default-src 'none'; style-src ${cspHash(css)}; script-src ${cspHash(js)}; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const { model, data } = viewParts(result, opts);
  const page = template({ ...model, data: '__proton_audit_data__', csp, css, js });
  const at = page.indexOf(DATA_MARK);
  if (at < 0) throw new Error('the HTML template has no data block');
  yield page.slice(0, at);
  yield* batched(htmlDataPieces(result, data));
  yield page.slice(at + DATA_MARK.length);
}

export function renderHtml(result: AuditResult, opts: HtmlOptions = {}): string {
  let out = '';
  for (const chunk of renderHtmlChunks(result, opts)) out += chunk;
  return out;
}
