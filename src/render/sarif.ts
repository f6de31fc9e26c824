/**
 * SARIF 2.1.0 shaped for GitHub code scanning. Cloud resources have no source file, so each
 * result points at a scheme-less pseudo-path (aws/<account>/<region>/proton/<type>/<name>) and
 * carries the ARN as a logical location: an ARN or https URI in artifactLocation gets the whole
 * upload rejected. Findings of `scan` have a real place: a repository-relative URI under
 * %SRCROOT% with the source line, and the element's logical path. Fingerprints are ours (never
 * a line number), so alerts stay stable across runs and line shifts.
 */
import { gzipSync } from 'node:zlib';
import type { Location, Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import { SEVERITIES, type AuditResult, type CatalogRule, type Finding, type Severity } from '../model/index.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { isOpenFailure } from '../engine/gate.ts';
import { severityRank } from '../engine/order.ts';
import { iterateFindings } from '../engine/outcomes.ts';
import { escapeMarkdown, oneLine, stripControl, truncate } from '../util/text.ts';

/** GitHub's documented ceilings; exceeding any of them rejects the upload. */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  tagsPerRule: 20,
  descriptionChars: 1024,
  gzippedBytes: 10 * 1024 * 1024,
} as const;

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where the tool is published; SARIF wants an absolute URI here. */
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/proton-audit';
export const FINGERPRINT_KEY = 'protonAudit/v1';

/** GitHub reads these as strings: >9 critical, 7-8.9 high, 4-6.9 medium, <4 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

type Level = 'error' | 'warning' | 'note';
export function sarifLevel(severity: Severity): Level {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

export interface SarifOptions {
  /** Absolute base URL of the rule docs (ends with '/'); rules then get a helpUri. */
  ruleDocsBase?: string;
  /** Lower the result cap (tests); never above GitHub's. */
  maxResults?: number;
  /** Lower the gzipped-size cap (tests); never above GitHub's. */
  maxGzippedBytes?: number;
}

// ---------------------------------------------------------------- locations

function kebab(type: string): string {
  return type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** One URI path segment: percent-encoded (':' included), never '.'/'..' or empty. */
function segment(raw: string): string {
  const enc = encodeURIComponent(stripControl(raw)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (enc === '') return '_';
  return /^\.+$/.test(enc) ? enc.replace(/\./g, '%2E') : enc;
}

/** The repo-relative pseudo-path GitHub shows as the alert's file. */
export function pseudoPath(resource: Finding['resource']): string {
  const account = segment(resource.accountId);
  switch (resource.type) {
    case 'role':
      return `aws/${account}/global/iam/role/${segment(resource.name)}`;
    case 'managedPolicy':
      return `aws/${account}/global/iam/policy/${segment(resource.name)}`;
    case 'account':
      return `aws/${account}/${segment(resource.region)}/proton/account`;
    case 'provisionedResource': {
      const service = resource.arn.split(':')[2] || 'unknown';
      return `aws/${account}/${segment(resource.region)}/provisioned/${segment(service)}/${segment(resource.name)}`;
    }
    default:
      return `aws/${account}/${segment(resource.region)}/proton/${kebab(resource.type)}/${segment(resource.name)}`;
  }
}

/** A repository path as a relative URI reference: each segment percent-encoded, '/' kept. */
export function repositoryUri(file: string): string {
  return file.split('/').map(segment).join('/');
}

function location(f: Finding): Location {
  const at = f.location;
  if (at) {
    // A scanned file: a repository-relative URI under %SRCROOT%, so GitHub annotates the line in the pull request.
    return {
      physicalLocation: {
        artifactLocation: { uri: repositoryUri(at.file), uriBaseId: '%SRCROOT%' },
        ...(at.line !== undefined ? { region: { startLine: at.line, ...(at.endLine !== undefined ? { endLine: at.endLine } : {}) } } : {}),
      },
      logicalLocations: [
        {
          name: stripControl(at.logical ?? f.resource.name),
          fullyQualifiedName: stripControl(`${at.file}#${at.logical ?? f.resource.name}`),
          kind: at.logical ? 'element' : 'resource',
        },
      ],
    };
  }
  return {
    physicalLocation: {
      artifactLocation: { uri: pseudoPath(f.resource) },
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    },
    logicalLocations: [{ name: stripControl(f.resource.name), fullyQualifiedName: stripControl(f.resource.arn), kind: 'resource' }],
  };
}

// ---------------------------------------------------------------- rules

/** A code fence longer than any backtick run inside, so the content cannot close it. */
function fence(content: string, lang = ''): string {
  const longest = Math.max(2, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${stripControl(content)}\n${ticks}`;
}

function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>()]+$/i.test(url);
}

function ruleName(title: string): string {
  const words = oneLine(title).replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ');
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return truncate(name || 'Rule', 255);
}

function helpText(rule: CatalogRule): string {
  const lines = [oneLine(rule.title), '', stripControl(rule.rationale), '', `Remediation: ${stripControl(rule.remediation.text)}`];
  if (rule.remediation.cli) lines.push(`CLI: ${stripControl(rule.remediation.cli)}`);
  if (rule.remediation.iac) lines.push(`IaC: ${stripControl(rule.remediation.iac)}`);
  if (rule.references.length) lines.push('', 'References:', ...rule.references.map((r) => `- ${oneLine(r.title)}: ${oneLine(r.url)}`));
  return lines.join('\n');
}

function helpMarkdown(rule: CatalogRule): string {
  const parts = [`**${escapeMarkdown(rule.title)}**`, escapeMarkdown(rule.rationale), `**Remediation:** ${escapeMarkdown(rule.remediation.text)}`];
  if (rule.remediation.cli) parts.push(fence(rule.remediation.cli, 'sh'));
  if (rule.remediation.iac) parts.push(`**IaC:**\n\n${fence(rule.remediation.iac)}`);
  if (rule.references.length) {
    parts.push(
      `**References**\n\n${rule.references
        .map((r) => (isWebUrl(r.url) ? `- [${escapeMarkdown(r.title)}](${r.url})` : `- ${escapeMarkdown(r.title)} (${escapeMarkdown(r.url)})`))
        .join('\n')}`,
    );
  }
  return parts.join('\n\n');
}

function tags(rule: CatalogRule): string[] {
  const out = ['security', 'proton', rule.family, kebab(rule.resource)];
  for (const id of rule.compliance?.['cis-aws-foundations'] ?? []) out.push(`cis-aws/${oneLine(id)}`);
  for (const id of rule.compliance?.['nist-800-53'] ?? []) out.push(`nist-800-53/${oneLine(id)}`);
  return [...new Set(out)].slice(0, GITHUB_LIMITS.tagsPerRule);
}

function descriptor(rule: CatalogRule, opts: SarifOptions): ReportingDescriptor {
  const severity = rule.effectiveSeverity;
  const d: ReportingDescriptor = {
    id: rule.id,
    name: ruleName(rule.title),
    shortDescription: { text: truncate(oneLine(rule.title), GITHUB_LIMITS.descriptionChars) },
    fullDescription: { text: truncate(oneLine(rule.rationale) || oneLine(rule.title), GITHUB_LIMITS.descriptionChars) },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: sarifLevel(severity), enabled: rule.enabled },
    properties: {
      tags: tags(rule),
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[severity],
      'problem.severity': sarifLevel(severity) === 'note' ? 'recommendation' : sarifLevel(severity),
      severity,
      family: rule.family,
      resourceType: rule.resource,
    },
  };
  if (opts.ruleDocsBase && isWebUrl(opts.ruleDocsBase)) d.helpUri = `${opts.ruleDocsBase}${encodeURIComponent(rule.id)}.md`;
  return d;
}

/** A finding whose rule is missing from the catalog still gets a valid descriptor. */
function syntheticRule(f: Finding): CatalogRule {
  return {
    id: f.ruleId, title: f.title, severity: f.severity, resource: f.resource.type, family: 'policies', rationale: f.title,
    remediation: f.remediation, references: [], pack: 'unknown', file: '', sha256: '0'.repeat(64), kind: 'yaml',
    effectiveSeverity: f.severity, enabled: true,
  };
}

// ---------------------------------------------------------------- results

function resultFor(f: Finding, ruleIndex: number): Result {
  const r: Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    kind: 'fail',
    message: { text: f.location ? `${oneLine(f.message)}${f.location.instances ? ` (instances: ${f.location.instances.map(oneLine).join(', ')})` : ''}` : `${oneLine(f.message)} (resource: ${oneLine(f.resource.arn)})` },
    locations: [location(f)],
    partialFingerprints: {
      [FINGERPRINT_KEY]: f.fingerprint,
      // The only key GitHub reads; set here so upload-sarif does not hash a file that is not there.
      primaryLocationLineHash: `${f.fingerprint.slice(0, 16)}:1`,
    },
    properties: {
      arn: oneLine(f.resource.arn),
      resourceType: f.resource.type,
      accountId: f.resource.accountId,
      region: f.resource.region,
      severity: f.severity,
      ...(f.subKey === undefined ? {} : { subKey: oneLine(f.subKey) }),
      // Computed from last-known Proton records: when and in which snapshot they were collected.
      ...(f.lastKnown ? { lastKnown: { collectedAt: f.lastKnown.collectedAt, sha256: f.lastKnown.sha256 } } : {}),
    },
  };
  if (f.waiver) {
    const w = f.waiver;
    r.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: oneLine(`${w.reason} (owner: ${w.owner}; expires: ${w.expires}${w.ticket ? `; ticket: ${w.ticket}` : ''})`),
        properties: { owner: oneLine(w.owner), expires: w.expires, ...(w.ticket ? { ticket: oneLine(w.ticket) } : {}) },
      },
    ];
  }
  return r;
}

/** Where a failing finding ranks for the cap: open before waived, then most severe first. */
function rankOf(f: Finding): number {
  return (isOpenFailure(f) ? 0 : SEVERITY_COUNT) + severityRank(f.severity);
}
/** Severity ranks: the known severities, then one for an unknown one (severityRank gives it). */
const SEVERITY_COUNT = SEVERITIES.length + 1;

/**
 * Which failing findings fit under the cap, as a stable sort by rank cut at the cap would choose
 * them, from counts alone: every finding ranked before `rank`, and the first `take` of that rank
 * in the findings' order. Undefined: all fit.
 */
function capLine(countsByRank: readonly number[], total: number, cap: number): { rank: number; take: number } | undefined {
  if (total <= cap) return undefined;
  let left = cap;
  for (let rank = 0; rank < countsByRank.length; rank++) {
    const n = countsByRank[rank] ?? 0;
    if (n >= left) return { rank, take: left };
    left -= n;
  }
  return undefined;
}

function automationId(result: AuditResult): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
  if (result.scan) {
    const paths = [...result.scan.paths].map(clean).sort();
    return `proton-audit/scan/${paths.length <= 3 ? paths.join('+') : `${paths.length}-paths-${sha256Hex(paths.join(',')).slice(0, 12)}`}/`;
  }
  const accounts = result.snapshot.accounts.map((a) => clean(a.accountId)).sort();
  const regions = [...result.snapshot.regions].map(clean).sort();
  // Long lists would make an unwieldy category; a digest keeps it stable and short.
  const part = (items: string[], noun: string, max: number): string =>
    items.length === 0 ? `no-${noun}` : items.length <= max ? items.join('+') : `${items.length}-${noun}-${sha256Hex(items.join(',')).slice(0, 12)}`;
  return `proton-audit/${part(accounts, 'accounts', 3)}/${part(regions, 'regions', 4)}/`;
}

const NOTIFICATION_DESCRIPTORS: ReportingDescriptor[] = [
  { id: 'PA-COVERAGE', shortDescription: { text: 'Collection was incomplete: rules over the missing data were skipped.' } },
  { id: 'PA-RULE-ERROR', shortDescription: { text: 'A rule failed while evaluating a resource; other rules still ran.' } },
  { id: 'PA-TRUNCATED', shortDescription: { text: 'Results beyond GitHub limits were left out, least severe first.' } },
  { id: 'PA-WAIVER-EXPIRED', shortDescription: { text: 'A waiver is past its expiry and no longer applies.' } },
  { id: 'PA-LAST-KNOWN', shortDescription: { text: 'AWS Proton did not answer: its records are last-known, carried from an earlier snapshot.' } },
];
const MAX_ERROR_NOTIFICATIONS = 1000;
const NOTE_INDEX = { coverage: 0, error: 1, truncated: 2, expired: 3, lastKnown: 4 } as const;

function note(kind: keyof typeof NOTE_INDEX, level: Level, text: string, rule?: { id: string; index: number }): Notification {
  const n: Notification = {
    descriptor: { id: NOTIFICATION_DESCRIPTORS[NOTE_INDEX[kind]]?.id ?? kind, index: NOTE_INDEX[kind] },
    level,
    message: { text },
  };
  if (rule) n.associatedRule = rule;
  return n;
}

function buildLog(result: AuditResult, opts: SarifOptions, cap: number): Log {
  const catalog = [...result.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Two passes over the failing and erroring findings, none of them kept but the results written
  // (at 100x, 283,784 failing findings for at most 25,000 results). First: counts, the rules they
  // name, the first errors.
  const known = new Set(catalog.map((r) => r.id));
  const referenced = new Set<string>();
  const countsByRule = new Map<string, number[]>();
  const firstErrors: Finding[] = [];
  let failingCount = 0;
  let errorCount = 0;
  for (const f of iterateFindings(result, ['fail', 'error'])) {
    if (f.status === 'error') {
      if (firstErrors.length < MAX_ERROR_NOTIFICATIONS) firstErrors.push(f);
      errorCount++;
      continue;
    }
    failingCount++;
    if (!known.has(f.ruleId)) {
      known.add(f.ruleId);
      catalog.push(syntheticRule(f));
    }
    referenced.add(f.ruleId);
    let counts = countsByRule.get(f.ruleId);
    if (!counts) countsByRule.set(f.ruleId, (counts = new Array<number>(2 * SEVERITY_COUNT).fill(0)));
    const rank = rankOf(f);
    counts[rank] = (counts[rank] ?? 0) + 1;
  }
  // Rules that produced results come first when the catalog itself is over the limit.
  const rules = catalog.length <= GITHUB_LIMITS.rulesPerRun ? catalog : catalog.filter((r) => referenced.has(r.id)).slice(0, GITHUB_LIMITS.rulesPerRun);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const countsByRank = new Array<number>(2 * SEVERITY_COUNT).fill(0);
  let eligible = 0;
  for (const [ruleId, counts] of countsByRule) {
    if (!indexOf.has(ruleId)) continue;
    counts.forEach((n, rank) => (countsByRank[rank] = (countsByRank[rank] ?? 0) + n));
    for (const n of counts) eligible += n;
  }
  // Second pass: the results, in the findings' order.
  const line = capLine(countsByRank, eligible, cap);
  const results: Result[] = [];
  let takenAtLine = 0;
  for (const f of iterateFindings(result, ['fail'])) {
    const index = indexOf.get(f.ruleId);
    if (index === undefined) continue;
    if (line) {
      const rank = rankOf(f);
      if (rank > line.rank) continue;
      if (rank === line.rank && takenAtLine++ >= line.take) continue;
    }
    results.push(resultFor(f, index));
  }
  const omitted = failingCount - results.length;

  const notifications: Notification[] = [];
  if (omitted > 0) {
    notifications.push(note('truncated', 'warning', `${omitted} of ${failingCount} failing findings were left out to stay within GitHub's limits; the most severe are kept. The JSON result has them all.`));
  }
  for (const p of result.snapshot.lastKnown ?? []) {
    notifications.push(
      note(
        'lastKnown',
        'warning',
        `AWS Proton did not answer in account ${oneLine(p.accountId)}, region ${oneLine(p.region)}: its records are last-known, collected ${oneLine(p.collectedAt)} (snapshot ${p.sha256}, ${oneLine(p.source)}), not with this snapshot. Results computed from them say "as of" that time and carry properties.lastKnown.`,
      ),
    );
  }
  for (const c of result.coverage) {
    // Last-known operations are reported once per account/region above.
    if (c.status === 'ok' || c.status === 'last-known') continue;
    const codes = (c.errors ?? []).map((e) => `${oneLine(e.code)}: ${truncate(oneLine(e.message), 200)}`).join('; ');
    notifications.push(note('coverage', 'warning', `Not collected: ${c.service}:${oneLine(c.operation)} in account ${oneLine(c.accountId)}, region ${oneLine(c.region)} (${c.status})${codes ? ` - ${codes}` : ''}.`));
  }
  // One notification per rule error up to a bound; a rule that throws everywhere would otherwise flood the log.
  for (const f of firstErrors) {
    const index = indexOf.get(f.ruleId);
    notifications.push(note('error', 'error', `Rule ${f.ruleId} failed on ${oneLine(f.resource.arn)}: ${truncate(oneLine(f.error ?? f.message), 500)}`, index === undefined ? undefined : { id: f.ruleId, index }));
  }
  if (errorCount > MAX_ERROR_NOTIFICATIONS) {
    notifications.push(note('error', 'error', `${errorCount - MAX_ERROR_NOTIFICATIONS} more rule errors not listed; the JSON result has them all.`));
  }
  for (const w of result.expiredWaivers) {
    notifications.push(note('expired', 'warning', `Waiver for ${oneLine(w.rule)} on ${oneLine(w.resource)} (owner ${oneLine(w.owner)}) expired on ${w.expires} and no longer applies.`));
  }

  const run: Run = {
    tool: {
      driver: {
        name: 'proton-audit',
        version: result.tool.version,
        semanticVersion: result.tool.version,
        informationUri: TOOL_INFORMATION_URI,
        rules: rules.map((r) => descriptor(r, opts)),
        notifications: NOTIFICATION_DESCRIPTORS,
      },
    },
    automationDetails: { id: automationId(result) },
    invocations: [{ executionSuccessful: errorCount === 0, toolExecutionNotifications: notifications }],
    results,
    properties: {
      evaluatedAt: result.evaluatedAt,
      snapshotSha256: result.snapshot.sha256,
      // 'edited' or 'unverified' when the snapshot's collection digest does not hold (docs/evidence.md).
      snapshotSource: result.snapshot.source,
      accounts: result.snapshot.accounts.map((a) => a.accountId),
      regions: result.snapshot.regions,
      failing: failingCount,
      emitted: results.length,
      truncated: omitted > 0,
      omitted,
      errors: errorCount,
      skipped: result.summary.byStatus.skip,
      passed: result.summary.byStatus.pass,
      incompleteCollection: result.summary.incomplete.length > 0,
      ...(result.scan ? { scan: result.scan } : {}),
      ...(result.snapshot.lastKnown?.length ? { lastKnown: result.snapshot.lastKnown.map((p) => ({ ...p })) } : {}),
    },
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** SARIF text, byte-identical for the same input, within GitHub's result and size limits. */
export function renderSarif(result: AuditResult, opts: SarifOptions = {}): string {
  let cap = Math.min(opts.maxResults ?? GITHUB_LIMITS.resultsPerRun, GITHUB_LIMITS.resultsPerRun);
  const maxBytes = Math.min(opts.maxGzippedBytes ?? GITHUB_LIMITS.gzippedBytes, GITHUB_LIMITS.gzippedBytes);
  for (;;) {
    const log = buildLog(result, opts, cap);
    const text = canonicalJson(log);
    const size = gzipSync(text).length;
    const emitted = log.runs[0]?.results?.length ?? 0;
    if (size <= maxBytes || emitted === 0) return text;
    // Shrink in proportion, with a margin; each pass is deterministic so the output is too.
    cap = Math.floor((emitted * maxBytes * 0.9) / size);
  }
}
