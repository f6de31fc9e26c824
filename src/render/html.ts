/**
 * One self-contained HTML file: Handlebars template, CSS and JS from reports/html/ inlined at
 * render time, a strict CSP pinned to the hashes of exactly that CSS and JS, and no network.
 * Findings travel as JSON in a non-executing script block and are drawn a page at a time with
 * textContent, so 100,000 findings neither freeze the browser nor open a path for markup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { FAMILIES, RESOURCE_TYPES, SCAN_FAMILIES, SCAN_RESOURCE_TYPES, SEVERITIES, STATUSES, type AuditResult, type Finding, type Severity, type Status, type Waiver } from '../model/index.ts';
import { packagePath } from '../paths.ts';
import { isOpenFailure } from '../engine/gate.ts';
import { compareStrings } from '../engine/order.ts';
import { iterateFindings } from '../engine/outcomes.ts';
import { gapsBesidesLastKnown, lastKnownHeadline, lastKnownSummary } from './last-known.ts';
import { openBySeverity, ruleIndex } from './order.ts';
import { batched } from './json.ts';
import { summaryLine } from './table.ts';
import { complianceView, type ComplianceInputs } from './compliance-view.ts';
import { htmlComplianceSections, type HtmlComplianceSections } from './html-compliance.ts';

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

/** Serialises data for a <script type="application/json"> block: nothing in it can end the element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

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

function waiverKey(w: Waiver): string {
  return [w.rule, w.resource, w.owner, w.reason, w.expires, w.ticket ?? ''].join('\u0000');
}

/** `arn:partition:service:region:account:` — what ARNs of one place share. */
export function arnPrefix(arn: string): string {
  if (!arn.startsWith('arn:')) return '';
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = arn.indexOf(':', at + 1);
    if (at < 0) return '';
  }
  return arn.slice(0, at + 1);
}

/** The name a reader would give an ARN: its last path segment (report.js derives the same). */
export function nameOfArn(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return arn.slice((slash >= 0 ? slash : arn.lastIndexOf(':')) + 1);
}

/**
 * Findings as compact positional rows that report.js reads by the same positions (ROW in
 * report.js). Everything a finding shares with its rule (title, severity, resource type,
 * remediation) or can be rebuilt exactly (the ARN's account/region prefix, a name that is the
 * ARN's last segment, the fingerprint: sha256 of rule id, ARN and sub-key) is left out; repeated
 * messages, notes and evidence are stored once and referenced by index; trailing empty fields are
 * dropped. 100,000 findings stay well under 20 MB with every detail still in the report.
 */
function compactData(result: AuditResult, findings: () => Iterable<Finding>, ruleDocsBase: string | undefined, compliance: HtmlComplianceSections['data']) {
  const rules = [...result.rules].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIdx = new Map(rules.map((r, i) => [r.id, i]));
  const extraRules: Array<{ id: string; title: string }> = [];
  const waivers: Waiver[] = [];
  const waiverIdx = new Map<string, number>();
  const isNew = new Set(result.baseline?.newFingerprints ?? []);

  const places: Array<[string, string, string]> = [];
  const placeIdx = new Map<string, number>();
  const place = (accountId: string, region: string, prefix: string): number => {
    const key = `${accountId}\u0000${region}\u0000${prefix}`;
    let i = placeIdx.get(key);
    if (i === undefined) {
      i = places.length;
      placeIdx.set(key, i);
      places.push([accountId, region, prefix]);
    }
    return i;
  };
  // Strings seen more than once (skip reasons, gap messages) go to a table; unique ones stay inline.
  const counts = new Map<string, number>();
  const note = (f: Finding): string | null => (f.status === 'skip' ? (f.skipReason ?? null) : f.status === 'error' ? (f.error ?? null) : null);
  for (const f of findings()) {
    counts.set(f.message, (counts.get(f.message) ?? 0) + 1);
    const n = note(f);
    if (n !== null) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const strings: string[] = [];
  const stringIdx = new Map<string, number>();
  const text = (value: string): string | number => {
    if ((counts.get(value) ?? 0) < 2) return value;
    let i = stringIdx.get(value);
    if (i === undefined) {
      i = strings.length;
      stringIdx.set(value, i);
      strings.push(value);
    }
    return i;
  };
  const evidence: unknown[] = [];
  const evidenceIdx = new Map<string, number>();

  const rows: unknown[][] = [];
  for (const f of findings()) rows.push(rowOf(f));
  function rowOf(f: Finding): unknown[] {
    let r = ruleIdx.get(f.ruleId);
    if (r === undefined) {
      r = rules.length + extraRules.length;
      ruleIdx.set(f.ruleId, r);
      extraRules.push({ id: f.ruleId, title: f.title });
    }
    let w: number | null = null;
    if (f.waiver) {
      const key = waiverKey(f.waiver);
      w = waiverIdx.get(key) ?? null;
      if (w === null) {
        w = waivers.length;
        waiverIdx.set(key, w);
        waivers.push(f.waiver);
      }
    }
    let ev: number | null = null;
    if (f.evidence !== undefined && f.evidence !== null) {
      const key = JSON.stringify(f.evidence);
      ev = evidenceIdx.get(key) ?? null;
      if (ev === null) {
        ev = evidence.length;
        evidenceIdx.set(key, ev);
        evidence.push(f.evidence);
      }
    }
    const rule = rules[r];
    const prefix = arnPrefix(f.resource.arn);
    const n = note(f);
    const row: unknown[] = [
      r,
      STATUSES.indexOf(f.status),
      place(f.resource.accountId, f.resource.region, prefix),
      f.resource.arn.slice(prefix.length),
      text(f.message),
      f.resource.name === nameOfArn(f.resource.arn) ? null : f.resource.name,
      f.subKey ?? null,
      ev,
      n === null ? null : text(n),
      w,
      rule !== undefined && rule.effectiveSeverity === f.severity ? null : SEVERITIES.indexOf(f.severity),
      rule !== undefined && rule.resource === f.resource.type ? null : RESOURCE_TYPES.indexOf(f.resource.type),
      rule !== undefined && JSON.stringify(rule.remediation) === JSON.stringify(f.remediation) ? null : f.remediation,
      isNew.has(f.fingerprint) ? 1 : null,
      rule !== undefined && rule.title === f.title ? null : f.title,
      f.lastKnown ? f.lastKnown.collectedAt : null,
      f.notCollected === true ? 1 : null,
    ];
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  }
  return {
    version: 2,
    severities: SEVERITIES,
    statuses: STATUSES,
    // A cloud audit's page lists only the cloud types (scan types come last, so indexes agree).
    types: result.scan ? RESOURCE_TYPES : RESOURCE_TYPES.filter((t) => !SCAN_RESOURCE_TYPES.has(t)),
    baseline: result.baseline !== undefined,
    ruleDocsBase: ruleDocsBase ?? '',
    rules: [
      ...rules.map((r) => ({
        id: r.id,
        title: r.title,
        severity: SEVERITIES.indexOf(r.effectiveSeverity),
        type: RESOURCE_TYPES.indexOf(r.resource),
        family: r.family,
        rationale: r.rationale,
        remediation: r.remediation,
        references: r.references,
        compliance: compliance.mappings[r.id] ?? '',
      })),
      ...extraRules.map((r) => ({ id: r.id, title: r.title, severity: SEVERITIES.indexOf('info'), type: -1, family: 'policies', rationale: '', remediation: { text: '' }, references: [], compliance: '' })),
    ],
    frameworks: compliance.frameworks,
    evaluatedAt: result.evaluatedAt,
    places,
    strings,
    evidence,
    waivers,
    findings: rows,
  };
}

/** The report's view model: a pure function of the result (the golden test compares it). */
export function htmlView(result: AuditResult, opts: HtmlOptions = {}): HtmlViewModel {
  const statuses: Status[] = opts.includePassed ? [...STATUSES] : STATUSES.filter((st) => st !== 'pass');
  const failing = [...iterateFindings(result, ['fail'])];
  const open = openBySeverity(failing);
  const s = result.summary;
  const rules = ruleIndex(result);

  // Scan-only families chart on a scan's page, the others on an audit's.
  const shown = FAMILIES.filter((f) => SCAN_FAMILIES.has(f) === (result.scan !== undefined) || (result.scan !== undefined && result.rules.some((r) => r.family === f)));
  const familyCounts = new Map<string, number>(shown.map((f) => [f, 0]));
  for (const f of failing) {
    if (!isOpenFailure(f)) continue;
    const fam = rules.get(f.ruleId)?.family ?? 'policies';
    familyCounts.set(fam, (familyCounts.get(fam) ?? 0) + 1);
  }

  const waiverCounts = new Map<string, { w: Waiver; count: number }>();
  for (const f of failing) {
    if (!f.waiver) continue;
    const key = waiverKey(f.waiver);
    const entry = waiverCounts.get(key) ?? { w: f.waiver, count: 0 };
    entry.count += 1;
    waiverCounts.set(key, entry);
  }

  const { data: complianceData, ...sections } = htmlComplianceSections(complianceView(result, opts.compliance ?? {}));

  const baseline = result.baseline;
  const resolvedShown = baseline ? [...baseline.resolved].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint)).slice(0, 500) : [];

  return {
    data: compactData(result, () => iterateFindings(result, statuses), opts.ruleDocsBase, complianceData),
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
}

// Stands in for the findings rows while the template is rendered; they are written after it.
const ROWS_MARK = '"__proton_audit_rows__"';

/**
 * The report in chunks: the page around the data block, then the findings rows one by one (a
 * 100× estate's rows would make one string of a hundred megabytes), escaped as scriptSafeJson does.
 */
export function* renderHtmlChunks(result: AuditResult, opts: HtmlOptions = {}): Generator<string> {
  const { template, css, js } = loadAssets();
  const csp = `default-src 'none'; style-src ${cspHash(css)}; script-src ${cspHash(js)}; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const view = htmlView(result, opts);
  const data = view.data as { findings: unknown[] };
  const rows = data.findings;
  const page = template({ ...view, data: { ...data, findings: '__proton_audit_rows__' }, csp, css, js });
  const at = page.indexOf(ROWS_MARK);
  if (at < 0) {
    yield page;
    return;
  }
  yield page.slice(0, at);
  yield* batched(rowPieces(rows));
  yield page.slice(at + ROWS_MARK.length);
}

function* rowPieces(rows: unknown[]): Generator<string> {
  yield '[';
  for (let i = 0; i < rows.length; i++) yield (i ? ',' : '') + scriptSafeJson(rows[i]);
  yield ']';
}

export function renderHtml(result: AuditResult, opts: HtmlOptions = {}): string {
  let out = '';
  for (const chunk of renderHtmlChunks(result, opts)) out += chunk;
  return out;
}
