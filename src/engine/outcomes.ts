/**
 * Reading a result's compact outcomes (docs/result-format.md) as findings: one at a time, in the
 * contract order, without materialising the 1.2 million of a 100× estate. Renderers, the gate,
 * `diff` and the case harness see findings through these functions only.
 */
import { STATUSES, type AuditResult, type AuditResultV1, type CatalogRule, type Finding, type FindingResource, type OutcomeRecord, type RuleOutcomes, type Status } from '../model/index.ts';
import { fingerprint } from './findings.ts';
import { compareStrings, severityRank } from './order.ts';

/** The catalog by rule id. */
export function catalogOf(result: Pick<AuditResult, 'rules'>): Map<string, CatalogRule> {
  const map = new Map<string, CatalogRule>();
  for (const r of result.rules) map.set(r.id, r);
  return map;
}

/** Outcomes in the contract order of their rules: effective severity, then id. */
export function outcomesInOrder(result: Pick<AuditResult, 'rules' | 'outcomes'>): Array<{ outcomes: RuleOutcomes; rule: CatalogRule }> {
  const catalog = catalogOf(result);
  const out: Array<{ outcomes: RuleOutcomes; rule: CatalogRule }> = [];
  for (const o of result.outcomes) {
    const rule = catalog.get(o.rule);
    if (rule) out.push({ outcomes: o, rule });
  }
  return out.sort((a, b) => severityRank(a.rule.effectiveSeverity) - severityRank(b.rule.effectiveSeverity) || compareStrings(a.rule.id, b.rule.id));
}

const passMessages = new WeakMap<CatalogRule, string>();
/** A pass without a message of its own states the rule's title. */
export function passMessage(rule: Pick<CatalogRule, 'title'>): string {
  return `${rule.title}.`;
}

/** What a reason-only skip says. */
export function skipMessage(reason: string): string {
  return `Skipped: ${reason}.`.replace(/\.\.$/, '.');
}

function cachedPassMessage(rule: CatalogRule): string {
  let m = passMessages.get(rule);
  if (m === undefined) {
    m = passMessage(rule);
    passMessages.set(rule, m);
  }
  return m;
}

// The message id behind a record (and the findings rebuilt from it), for the case harness: not
// part of the result contract, so never written.
// A symbol-keyed property: never enumerated, so never serialised, and cheaper than a WeakMap
// for the hundreds of thousands of failing records of a large estate.
const MESSAGE_ID: unique symbol = Symbol('messageId');
type WithMessageId = { [MESSAGE_ID]?: string };

export function setMessageId(record: OutcomeRecord, id: string): void {
  (record as WithMessageId)[MESSAGE_ID] = id;
}

/** The id of the message a pass or fail finding carries (a TypeScript rule's `messageId`, or a YAML rule's 'message'). */
export function messageIdOf(finding: Finding): string | undefined {
  return (finding as WithMessageId)[MESSAGE_ID];
}

/** A finding rebuilt from a record; its fingerprint is computed when first read. */
export function findingFromRecord(rule: CatalogRule, resource: FindingResource, r: Omit<OutcomeRecord, 'fingerprint' | 'resource'>): Finding {
  let fp: string | undefined;
  const ruleId = rule.id;
  const subKey = r.subKey;
  const f: Finding = {
    get fingerprint(): string {
      return (fp ??= fingerprint(ruleId, resource.arn, subKey));
    },
    ruleId,
    title: rule.title,
    severity: rule.effectiveSeverity,
    status: r.status,
    message: r.message,
    resource,
    remediation: rule.remediation,
  };
  if (subKey !== undefined) f.subKey = subKey;
  if (r.evidence !== undefined) f.evidence = r.evidence;
  if (r.waiver !== undefined) f.waiver = r.waiver;
  if (r.skipReason !== undefined) f.skipReason = r.skipReason;
  if (r.notCollected) f.notCollected = true;
  if (r.error !== undefined) f.error = r.error;
  if (r.location !== undefined) f.location = r.location;
  if (r.lastKnown !== undefined) f.lastKnown = r.lastKnown;
  const id = (r as WithMessageId)[MESSAGE_ID];
  if (id !== undefined) (f as WithMessageId)[MESSAGE_ID] = id;
  return f;
}

/**
 * One outcome to list: a record, or an index-only pass or skip (its group's reason). Plain data,
 * no closure per entry: a large estate lists close to a million of them.
 */
interface Entry {
  resource: number;
  subKey: string | undefined;
  record: OutcomeRecord | undefined;
  reason: string | undefined;
}

function compareEntries(a: Entry, b: Entry): number {
  return a.resource - b.resource || compareStrings(a.subKey ?? '', b.subKey ?? '');
}

/** One rule's findings of one status, in resource-table order then sub-key. */
export function* ruleFindings(result: Pick<AuditResult, 'resources'>, rule: CatalogRule, o: RuleOutcomes, status: Status): Generator<Finding> {
  const res = result.resources;
  const records = o.findings.filter((r) => r.status === status);
  if (status === 'fail' || status === 'error' || (status === 'skip' && o.skipped.length === 0) || (status === 'pass' && o.passed.length === 0 && o.passedKeyed.length === 0)) {
    for (const r of records) yield findingFromRecord(rule, res[r.resource] as FindingResource, r);
    return;
  }
  const entries: Entry[] = records.map((r) => ({ resource: r.resource, subKey: r.subKey, record: r, reason: undefined }));
  if (status === 'skip') {
    for (const g of o.skipped) for (const i of g.resources) entries.push({ resource: i, subKey: undefined, record: undefined, reason: g.reason });
  } else {
    for (const i of o.passed) entries.push({ resource: i, subKey: undefined, record: undefined, reason: undefined });
    for (const [i, subKey] of o.passedKeyed) entries.push({ resource: i, subKey, record: undefined, reason: undefined });
  }
  entries.sort(compareEntries);
  const passText = status === 'pass' ? cachedPassMessage(rule) : '';
  // A skip group's message, made once per reason.
  const skipText = new Map<string, string>();
  for (const e of entries) {
    const resource = res[e.resource] as FindingResource;
    if (e.record) yield findingFromRecord(rule, resource, e.record);
    else if (e.reason !== undefined) {
      let message = skipText.get(e.reason);
      if (message === undefined) skipText.set(e.reason, (message = skipMessage(e.reason)));
      yield findingFromRecord(rule, resource, { status: 'skip', message, skipReason: e.reason });
    } else yield findingFromRecord(rule, resource, e.subKey !== undefined ? { status: 'pass', message: passText, subKey: e.subKey } : { status: 'pass', message: passText });
  }
}

/** Counts of one rule's outcomes by status. */
export function ruleCounts(o: RuleOutcomes): Record<Status, number> {
  const counts = { fail: 0, error: 0, skip: 0, pass: o.passed.length + o.passedKeyed.length };
  for (const g of o.skipped) counts.skip += g.resources.length;
  // An index loop: this runs over every record of a large result, twice per evaluation.
  const findings = o.findings;
  for (let i = 0; i < findings.length; i++) counts[(findings[i] as OutcomeRecord).status]++;
  return counts;
}

/**
 * Every finding (or those of the given statuses) in the contract order: status, severity, rule
 * id, resource table order, sub-key. Findings are built as they are read.
 */
export function* iterateFindings(result: Pick<AuditResult, 'rules' | 'outcomes' | 'resources'>, statuses: readonly Status[] = STATUSES): Generator<Finding> {
  const ordered = outcomesInOrder(result);
  for (const status of STATUSES) {
    if (!statuses.includes(status)) continue;
    for (const { outcomes, rule } of ordered) yield* ruleFindings(result, rule, outcomes, status);
  }
}

/** Every finding as an array: for small results (tests, the case harness). */
export function findingsOf(result: Pick<AuditResult, 'rules' | 'outcomes' | 'resources'>, statuses?: readonly Status[]): Finding[] {
  return [...iterateFindings(result, statuses)];
}

/** Failing findings: what the gate, SARIF and the baseline look at (a few hundred thousand at most). */
export function failingFindings(result: Pick<AuditResult, 'rules' | 'outcomes' | 'resources'>): Finding[] {
  return findingsOf(result, ['fail']);
}

// ---------------------------------------------------------------- building

function resourceKey(r: FindingResource): string {
  return `${r.arn}\u0000${r.accountId}\u0000${r.type}\u0000${r.name}\u0000${r.region}`;
}

/** Resource table order: ARN, account, type, name, region. */
export function compareResources(a: FindingResource, b: FindingResource): number {
  return compareStrings(a.arn, b.arn) || compareStrings(a.accountId, b.accountId) || compareStrings(a.type, b.type) || compareStrings(a.name, b.name) || compareStrings(a.region, b.region);
}

/**
 * Builds a result's resource table and outcomes from findings (a v1 result, hand-made results in
 * tests): every finding becomes a full record, so nothing is lost.
 */
export function outcomesFromFindings(findings: readonly Finding[]): { resources: FindingResource[]; outcomes: RuleOutcomes[] } {
  const unique = new Map<string, FindingResource>();
  for (const f of findings) {
    const key = resourceKey(f.resource);
    if (!unique.has(key)) unique.set(key, { arn: f.resource.arn, type: f.resource.type, name: f.resource.name, accountId: f.resource.accountId, region: f.resource.region });
  }
  const resources = [...unique.values()].sort(compareResources);
  const index = new Map(resources.map((r, i) => [resourceKey(r), i]));
  const byRule = new Map<string, OutcomeRecord[]>();
  for (const f of findings) {
    const rec: OutcomeRecord = { fingerprint: fingerprint(f.ruleId, f.resource.arn, f.subKey), resource: index.get(resourceKey(f.resource)) ?? 0, status: f.status, message: f.message };
    if (f.subKey !== undefined) rec.subKey = f.subKey;
    if (f.evidence !== undefined) rec.evidence = f.evidence;
    if (f.waiver !== undefined) rec.waiver = f.waiver;
    if (f.skipReason !== undefined) rec.skipReason = f.skipReason;
    if (f.notCollected) rec.notCollected = true;
    if (f.error !== undefined) rec.error = f.error;
    if (f.location !== undefined) rec.location = f.location;
    if (f.lastKnown !== undefined) rec.lastKnown = f.lastKnown;
    const list = byRule.get(f.ruleId);
    if (list) list.push(rec);
    else byRule.set(f.ruleId, [rec]);
  }
  const outcomes = [...byRule]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([rule, records]) => ({ rule, passed: [], passedKeyed: [], skipped: [], findings: records.sort(compareRecords) }));
  return { resources, outcomes };
}

export function compareRecords(a: Pick<OutcomeRecord, 'resource' | 'subKey'>, b: Pick<OutcomeRecord, 'resource' | 'subKey'>): number {
  return a.resource - b.resource || compareStrings(a.subKey ?? '', b.subKey ?? '');
}

/** A finding's rule that the catalog lacks (hand-made or v1 results): a minimal entry from the finding. */
function syntheticRule(f: Finding): CatalogRule {
  return {
    id: f.ruleId, title: f.title, severity: f.severity, resource: f.resource.type, family: 'policies', rationale: '',
    remediation: f.remediation, references: [], pack: 'unknown', file: '', sha256: '0'.repeat(64), kind: 'yaml',
    effectiveSeverity: f.severity, enabled: true,
  };
}

/** A version 1 result as version 2: every finding a full record (lossless). */
export function resultFromV1(v1: AuditResultV1): AuditResult {
  const rules = [...v1.rules];
  const known = new Set(rules.map((r) => r.id));
  for (const f of v1.findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push(syntheticRule(f));
  }
  rules.sort((a, b) => compareStrings(a.id, b.id));
  const { resources, outcomes } = outcomesFromFindings(v1.findings);
  const result: AuditResult = {
    schemaVersion: 2,
    tool: v1.tool,
    evaluatedAt: v1.evaluatedAt,
    snapshot: v1.snapshot,
    coverage: v1.coverage,
    rules,
    resources,
    outcomes,
    expiredWaivers: v1.expiredWaivers,
    summary: v1.summary,
  };
  if (v1.scan !== undefined) result.scan = v1.scan;
  // A v1 baseline section is left out: v1 did not record what became of resolved findings, and
  // a result read back is compared by its findings, never by its own baseline.
  return result;
}
