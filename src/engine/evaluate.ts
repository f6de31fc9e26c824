/**
 * Evaluation: every enabled rule over every resource of its type. Pure — the snapshot, rules,
 * config and clock come in, the AuditResult goes out. Four outcomes: pass, fail, skip (with
 * reason) and error (the rule threw or returned nonsense; the run goes on).
 */
import { ruleConfigView } from '../config/defaults.ts';
import { SCAN_RESOURCE_TYPES } from '../model/index.ts';
import type { ResultIntegrity, Config, Snapshot, AuditResult, Collected, FindingResource, OutcomeRecord, ResourceType, ResourceView, RuleOutcomes, Status, Verdict } from '../model/index.ts';
import { scrubbedCopy } from '../facts/secret-records.ts';
import { accountArn, createSnapshotView, familyOfType, type DataFamily, type FactAnalyzers, type SnapshotView } from '../facts/index.ts';
import { catalogEntry } from './load/catalog.ts';
import type { RuleContext } from '../rule-api/core/define-rule.ts';
import { asRuleView } from '../rule-api/core/view.ts';
import { LAST_KNOWN_POLICY, lastKnownBasis, markLastKnown, staleReason } from './last-known.ts';
import { isUnwaivable } from './load/config-check.ts';
import { mergeOptions } from './load/options.ts';
import { fingerprint, safeEvidence } from './findings.ts';
import { compareStrings } from './order.ts';
import { compareRecords, compareResources, passMessage, setMessageId, skipMessage } from './outcomes.ts';
import type { LoadedRule } from './load/rule.ts';
import { summarize } from './summary.ts';
import { applyWaivers } from './waivers.ts';
import { RuleTimer, describeThrown, type RuleBudget } from './budget.ts';
import { attribute, isolated } from './isolation.ts';
import { hasDistinctSubKeys, PASS } from './cel/yaml-rule.ts';

export interface EvaluateInput {
  snapshot: Snapshot;
  /** sha256 of the snapshot file: the evidence anchor. */
  sha256: string;
  rules: readonly LoadedRule[];
  config: Config;
  /** The evaluation clock. */
  now: Date;
  toolVersion: string;
  /**
   * What the caller found of the snapshot's integrity (snapshot/integrity.ts): the result states
   * its source ('edited' when the digest or signature does not hold) and the check itself.
   */
  integrity?: ResultIntegrity & { source: string };
  /** Stand-in IAM/trust analyses (tests); defaults to the real ones. */
  analyzers?: FactAnalyzers;
  /** A view built elsewhere (scan: the scanned repository's resources) instead of the snapshot's. */
  view?: SnapshotView;
  /** What a scan read, recorded in the result. */
  scan?: AuditResult['scan'];
  /** Per-rule time budget (the CLI's default: DEFAULT_RULE_BUDGET_MS); none when absent. */
  budget?: RuleBudget;
}

const TYPE_LABEL: Record<ResourceType, string> = {
  account: 'accounts',
  environmentTemplate: 'environment templates',
  environmentTemplateVersion: 'environment template versions',
  serviceTemplate: 'service templates',
  serviceTemplateVersion: 'service template versions',
  environment: 'environments',
  service: 'services',
  servicePipeline: 'service pipelines',
  serviceInstance: 'service instances',
  component: 'components',
  environmentAccountConnection: 'environment account connections',
  repository: 'repositories',
  role: 'IAM roles',
  managedPolicy: 'managed policies',
  provisionedResource: 'provisioned resources',
  templateRepository: 'scanned repositories',
  templateBundle: 'template bundles',
  templateSpec: 'spec files',
  iacResource: 'rendered template resources',
  stack: 'CloudFormation stacks AWS Proton created',
};

/**
 * Outcomes of one rule as they are found: passes and reason-only skips as resource indexes,
 * everything else as full records (docs/result-format.md). Indexes are positions in the
 * evaluation's resource list until `finish` sorts the table and renumbers them.
 */
class RuleAccumulator {
  readonly passed: number[] = [];
  readonly passedKeyed: Array<[number, string]> = [];
  readonly skipped = new Map<string, number[]>();
  readonly records: OutcomeRecord[] = [];

  constructor(
    readonly rule: LoadedRule,
    readonly table: ResourceTable,
  ) {}

  record(resource: number, status: Status, message: string, extra?: Partial<OutcomeRecord>): OutcomeRecord {
    const rec = new FullRecord(this, resource, status, message);
    if (extra) Object.assign(rec, extra);
    this.records.push(rec);
    return rec;
  }

  private lastReason: string | undefined;
  private lastScrubbed = '';

  /** A skip reason scrubbed; a rule gives the same reason over and over, so the last one is kept. */
  scrubbedReason(reason: string, scrub: (text: string) => string): string {
    if (reason !== this.lastReason) {
      this.lastScrubbed = scrub(reason);
      this.lastReason = reason;
    }
    return this.lastScrubbed;
  }

  skip(resource: number, reason: string): void {
    const list = this.skipped.get(reason);
    if (list) list.push(resource);
    else this.skipped.set(reason, [resource]);
  }

  /** Drops what was recorded for a resource whose evaluation was stopped part way. */
  forget(resource: number): void {
    const keep = <T>(list: T[], at: (x: T) => number): void => {
      let n = 0;
      for (const x of list) if (at(x) !== resource) list[n++] = x;
      list.length = n;
    };
    keep(this.passed, (i) => i);
    keep(this.passedKeyed, ([i]) => i);
    keep(this.records, (r) => r.resource);
    for (const [reason, list] of this.skipped) {
      keep(list, (i) => i);
      if (list.length === 0) this.skipped.delete(reason);
    }
  }
}

/**
 * One full outcome record. Its fingerprint is derived when read (the writer, the gate): most
 * records are never asked for it. It is an own enumerable accessor, so the record serialises
 * as a plain one does, but its getter is one shared function, not a closure per record.
 */
class FullRecord {
  declare readonly fingerprint: string;
  declare subKey?: string;
  readonly #owner: RuleAccumulator;

  constructor(
    owner: RuleAccumulator,
    public resource: number,
    public status: Status,
    public message: string,
  ) {
    Object.defineProperty(this, 'fingerprint', FINGERPRINT);
    this.#owner = owner;
  }

  static fingerprintOf(rec: FullRecord): string {
    const owner = rec.#owner;
    return fingerprint(owner.rule.meta.id, owner.table.arnOf(rec.resource), rec.subKey);
  }
}

const FINGERPRINT: PropertyDescriptor = {
  get(this: FullRecord): string {
    return FullRecord.fingerprintOf(this);
  },
  enumerable: true,
  configurable: true,
};

/** The resource table: the view's resources first, then places and pipelines only a skip names. */
class ResourceTable {
  readonly rows: FindingResource[] = [];
  private readonly extra = new Map<string, number>();

  constructor(views: readonly ResourceView[]) {
    for (let i = 0; i < views.length; i++) {
      const v = views[i] as ResourceView;
      this.rows.push({ arn: v.arn, type: v.type, name: v.name, accountId: v.accountId, region: v.region });
    }
  }

  add(r: FindingResource): number {
    const key = `${r.arn}\u0000${r.accountId}\u0000${r.type}\u0000${r.name}\u0000${r.region}`;
    let i = this.extra.get(key);
    if (i === undefined) {
      i = this.rows.length;
      this.rows.push(r);
      this.extra.set(key, i);
    }
    return i;
  }

  arnOf(i: number): string {
    return (this.rows[i] as FindingResource).arn;
  }
}

export function evaluate(input: EvaluateInput): AuditResult {
  const { snapshot, config, now } = input;
  const view = input.view ?? createSnapshotView(snapshot, config, now, input.analyzers);
  const ruleView = asRuleView(view);
  const cfgView = ruleConfigView(config);
  // Rules over scanned templates run on a scan's view only (and rules over the estate only on a snapshot's).
  const rules = input.rules.filter((r) => SCAN_RESOURCE_TYPES.has(r.meta.resource) === (input.view !== undefined)).sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const enabled = rules.filter((r) => !config.disabled.includes(r.meta.id));
  const table = new ResourceTable(view.resources);
  // Each type's resources are one run of the view's list (sorted by type, then ARN).
  const firstOfType = new Map<ResourceType, number>();
  view.resources.forEach((r, i) => {
    if (!firstOfType.has(r.type)) firstOfType.set(r.type, i);
  });
  const evaluated = new Set<string>();
  const evaluatedTypes = new Set<ResourceType>();
  const accumulators: RuleAccumulator[] = [];

  for (const rule of enabled) {
    const ctx: RuleContext = { options: mergeOptions(rule.meta.options, config.options[rule.meta.id]), config: cfgView, now, view: ruleView };
    const families = [...new Set<DataFamily>([familyOfType(rule.meta.resource), ...rule.requires])];
    const acc = new RuleAccumulator(rule, table);
    accumulators.push(acc);
    gapFindings(acc, table, view);
    const resources = view.ofType(rule.meta.resource);
    if (!evaluatedTypes.has(rule.meta.resource)) {
      evaluatedTypes.add(rule.meta.resource);
      for (let i = 0; i < resources.length; i++) evaluated.add((resources[i] as ResourceView).arn);
    }
    const coverage = new PlaceCoverage(view, families, rule.meta.resource);
    const first = firstOfType.get(rule.meta.resource) ?? 0;
    const timer = new RuleTimer(input.budget);
    let i = 0;
    const walk = (): void => {
      for (; i < resources.length; i++) {
        // Past its budget, the rule's remaining resources get an error outcome each, not silence.
        const overrun = timer.overrun();
        if (overrun) errorRecord(acc, first + i, overrun);
        else evaluateOne(acc, resources[i] as ResourceView, first + i, coverage, ctx, view);
      }
    };
    // A user's TypeScript rule is stopped by a watchdog even inside one call (isolation.ts).
    const stopped = isUserCode(rule) ? isolated(timer, walk) : (walk(), undefined);
    if (stopped !== undefined && i < resources.length) {
      acc.forget(first + i);
      errorRecord(acc, first + i, stopped);
      for (i++; i < resources.length; i++) errorRecord(acc, first + i, timer.notReached());
    }
  }

  const { resources, outcomes } = finish(accumulators, table);
  disambiguate(outcomes, resources, view, new Map(enabled.map((r) => [r.meta.id, r.meta.resource])));
  const unwaivable = new Set(rules.filter((r) => isUnwaivable(config, r, r.meta.id)).map((r) => r.meta.id));
  const { expired } = applyWaivers(outcomes, resources, config, unwaivable, now);
  const catalog = rules.map((r) => catalogEntry(r, config));
  const regions = [...new Set(snapshot.accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  const identity = snapshot.accounts.find((a) => a.identity)?.identity?.Arn;
  const lastKnown = snapshot.accounts.flatMap((a) => a.regions.flatMap((r) => (r.lastKnown && r.proton ? [{ accountId: a.accountId, region: r.region, ...r.lastKnown }] : [])));
  return {
    schemaVersion: 2,
    tool: { name: 'proton-audit', version: input.toolVersion },
    evaluatedAt: now.toISOString(),
    snapshot: {
      sha256: input.sha256,
      collectedAt: snapshot.collectedAt,
      source: input.integrity?.source ?? snapshot.collection.source,
      accounts: snapshot.accounts.map((a) => ({ accountId: a.accountId, ...(a.name !== undefined ? { name: a.name } : {}) })),
      regions,
      ...(identity ? { identity } : {}),
      ...(lastKnown.length > 0 ? { lastKnown } : {}),
      ...(input.integrity ? { integrity: integrityOf(input.integrity) } : {}),
    },
    // AWS error text can repeat a known secret: scrubbed like every other output text.
    coverage: scrubbedCopy(snapshot.coverage, view.scrub),
    ...(input.scan ? { scan: input.scan } : {}),
    rules: catalog,
    resources,
    outcomes,
    expiredWaivers: expired,
    summary: summarize(outcomes, catalog, snapshot.coverage, enabled.length, evaluated.size, expired.length),
  };
}

function integrityOf(i: ResultIntegrity): ResultIntegrity {
  return {
    digest: i.digest,
    signature: i.signature,
    ...(i.signerKeySha256 !== undefined ? { signerKeySha256: i.signerKeySha256 } : {}),
    ...(i.trusted !== undefined ? { trusted: i.trusted } : {}),
  };
}

/**
 * Whether a rule's data was collected where a resource lives, asked once per account and region
 * (resources of a type come grouped by place); per resource only where a detail call failed
 * for some resources there, since only then does the answer depend on the resource.
 */
class PlaceCoverage {
  private accountId = '';
  private region = '';
  private answer: Collected | 'per-resource' = { ok: true };
  private primed = false;

  constructor(
    private readonly view: SnapshotView,
    private readonly families: readonly DataFamily[],
    private readonly type: ResourceType,
  ) {}

  check(resource: ResourceView): Collected {
    if (!this.primed || resource.accountId !== this.accountId || resource.region !== this.region) {
      this.accountId = resource.accountId;
      this.region = resource.region;
      this.primed = true;
      this.answer = this.forPlace();
    }
    if (this.answer !== 'per-resource') return this.answer;
    for (const family of this.families) {
      const c = this.view.collected(family, resource.accountId, resource.region, resource.arn, this.type);
      if (!c.ok) return c;
    }
    return OK;
  }

  private forPlace(): Collected | 'per-resource' {
    let perResource = false;
    for (const family of this.families) {
      if (this.view.dependsOnResource(family, this.accountId, this.region)) {
        perResource = true;
        continue;
      }
      const c = this.view.collected(family, this.accountId, this.region, undefined, this.type);
      if (!c.ok) return c;
    }
    return perResource ? 'per-resource' : OK;
  }
}

const OK: Collected = Object.freeze({ ok: true });

/**
 * Where a rule meets a resource: runs its logic and returns its verdicts, or throws (the caller
 * turns a throw into an `error` outcome). The one place a rule's code is called: a user's
 * TypeScript rule has the promises it makes traced to this resource (isolation.ts).
 */
export function runRule(rule: LoadedRule, resource: ResourceView, ctx: RuleContext, scrub: (text: string) => string): readonly Verdict[] {
  if (isUserCode(rule)) attribute(rule.meta.id, resource, scrub);
  return rule.run(resource, ctx);
}

/** A user pack's TypeScript rule: isolated from the process. Built-in rules are trusted; YAML rules have CEL's cost limits. */
function isUserCode(rule: LoadedRule): boolean {
  return rule.kind === 'typescript' && rule.pack !== 'builtin';
}

function errorRecord(acc: RuleAccumulator, resource: number, detail: string): void {
  acc.record(resource, 'error', `Rule ${acc.rule.meta.id} could not be evaluated on this resource: ${detail}`, { error: detail });
}

function skipRecord(acc: RuleAccumulator, resource: number, reason: string, notCollected: boolean, subKey?: string, message = skipMessage(reason)): OutcomeRecord {
  const extra: Partial<OutcomeRecord> = subKey !== undefined ? { subKey, skipReason: reason } : { skipReason: reason };
  if (notCollected) extra.notCollected = true;
  return acc.record(resource, 'skip', message, extra);
}

function evaluateOne(acc: RuleAccumulator, resource: ResourceView, index: number, coverage: PlaceCoverage, ctx: RuleContext, view: SnapshotView): void {
  const c = coverage.check(resource);
  if (!c.ok) {
    skipRecord(acc, index, view.scrub(c.reason), true);
    return;
  }
  const lastKnown = lastKnownBasis(acc.rule, resource);
  if (lastKnown && LAST_KNOWN_POLICY[acc.rule.meta.family].mode === 'skip') {
    const rec = skipRecord(acc, index, staleReason(lastKnown, acc.rule.meta.family), false);
    rec.lastKnown = { collectedAt: lastKnown.collectedAt, sha256: lastKnown.sha256 };
    return;
  }
  const before = acc.records.length;
  judge(acc, resource, index, ctx, view, lastKnown === undefined);
  // Computed from last-known records: every outcome is a full record saying so.
  if (lastKnown) for (let i = before; i < acc.records.length; i++) markLastKnown(acc.records[i] as OutcomeRecord, lastKnown);
}

/** Runs the rule on one resource and records its verdicts; `compact` allows index-only passes and skips. */
function judge(acc: RuleAccumulator, resource: ResourceView, index: number, ctx: RuleContext, view: SnapshotView, compact: boolean): void {
  const scrub = view.scrub;
  let verdicts: readonly Verdict[];
  try {
    verdicts = runRule(acc.rule, resource, ctx, scrub);
  } catch (err) {
    const detail = describeThrown(err);
    const factErrors = view.factErrors(resource.arn);
    errorRecord(acc, index, scrub(factErrors.length ? `${detail} (${factErrors.join('; ')})` : detail));
    return;
  }
  if (!Array.isArray(verdicts)) {
    errorRecord(acc, index, 'returned something that is not a list of verdicts');
    return;
  }
  // Two verdicts with one sub-key would share a fingerprint: that is a rule bug, not two findings.
  if (verdicts.length > 1 && !hasDistinctSubKeys(verdicts)) {
    const k = repeatedSubKey(verdicts);
    if (k !== undefined) {
      errorRecord(acc, index, `returned more than one verdict for sub-key '${scrub(k)}'`);
      return;
    }
  }
  for (let n = 0; n < verdicts.length; n++) {
    const v = verdicts[n] as Verdict;
    // The common case, a YAML rule's shared plain pass, is known valid.
    if (v === PASS && compact) {
      acc.passed.push(index);
      continue;
    }
    const problem = verdictProblem(v);
    if (problem) {
      errorRecord(acc, index, problem);
      continue;
    }
    const subKey = typeof v.subKey === 'string' && v.subKey !== '' ? v.subKey : undefined;
    if (v.status === 'skip') {
      const reason = acc.scrubbedReason(v.reason, scrub);
      if (compact && subKey === undefined && v.notCollected !== true && !v.location) acc.skip(index, reason);
      else {
        const rec = skipRecord(acc, index, reason, v.notCollected === true, subKey);
        if (v.location) rec.location = v.location;
      }
      continue;
    }
    if (compact && v.status === 'pass' && v.message === undefined && v.evidence === undefined && v.messageId === undefined && !v.location) {
      if (subKey === undefined) acc.passed.push(index);
      else acc.passedKeyed.push([index, subKey]);
      continue;
    }
    // A pass without its own message states the rule's title: rule metadata, not resource data.
    const message = v.message !== undefined ? scrub(v.message) : passMessage(acc.rule.meta);
    const evidence = safeEvidence(v.evidence, scrub);
    const rec = acc.record(index, v.status, message);
    if (subKey !== undefined) rec.subKey = subKey;
    if (evidence) rec.evidence = evidence;
    if (v.location) rec.location = v.location;
    if (v.messageId !== undefined) setMessageId(rec, v.messageId);
  }
}

/** The first sub-key two verdicts share (none: ''), or undefined. */
function repeatedSubKey(verdicts: readonly Verdict[]): string | undefined {
  const keys = new Set<string>();
  for (const v of verdicts) {
    const k = v !== null && typeof v === 'object' && typeof v.subKey === 'string' ? v.subKey : '';
    if (keys.has(k)) return k;
    keys.add(k);
  }
  return undefined;
}

function verdictProblem(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return 'returned a verdict that is not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.then === 'function') return 'returned a Promise; check() must be synchronous (no I/O)';
  if (o.status === 'pass') return o.message === undefined || typeof o.message === 'string' ? undefined : 'pass message must be a string';
  if (o.status === 'fail') return typeof o.message === 'string' && !isBlank(o.message) ? undefined : 'a fail verdict needs a message';
  if (o.status === 'skip') return typeof o.reason === 'string' && !isBlank(o.reason) ? undefined : 'a skip verdict needs a reason';
  return `returned status ${JSON.stringify(o.status)}; expected pass, fail or skip`;
}

/** Whether `trim()` would leave nothing, without the copy it makes (every fail message is checked). */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  // Almost every message starts with a letter: no scan, no copy.
  if (text.length > 0 && first > 32 && first < 127) return false;
  return text.trim() === '';
}

/** Skips for places whose resources could not be listed: the rule could not look there. */
function gapFindings(acc: RuleAccumulator, table: ResourceTable, view: SnapshotView): void {
  const type = acc.rule.meta.resource;
  for (const account of view.snapshot.accounts) {
    const { accountId } = account;
    if (type === 'role' || type === 'managedPolicy') {
      const c = view.collected('iam', accountId, 'global');
      if (!c.ok) gap(acc, table, { arn: `arn:aws:iam::${accountId}:root`, type, name: `${TYPE_LABEL[type]} of ${accountId}`, accountId, region: 'global' }, view.scrub(c.reason));
      continue;
    }
    if (type === 'account') continue;
    for (const region of account.regions) {
      const c =
        type === 'provisionedResource'
          ? view.collected('tagging', accountId, region.region)
          : type === 'stack'
            ? view.collected('cloudformation', accountId, region.region)
            : view.listingGap(accountId, region.region, type);
      if (!c.ok) {
        gap(acc, table, { arn: accountArn(accountId, region.region), type, name: `${TYPE_LABEL[type]} in ${accountId}/${region.region}`, accountId, region: region.region }, view.scrub(c.reason));
      } else if (type === 'servicePipeline') {
        hiddenPipelines(acc, table, view, accountId, region.region);
      }
    }
  }
}

/**
 * A pipeline is only known from its service's GetService: when that call failed, the service is
 * listed but whether it has a pipeline, and in what state, is not. Each such service gets a skip
 * on its pipeline's ARN, so the finding it would have had is not silently absent.
 */
function hiddenPipelines(acc: RuleAccumulator, table: ResourceTable, view: SnapshotView, accountId: string, region: string): void {
  const failed = view.failedDetails(accountId, region, 'GetService');
  const reason = view.scrub(failed.reason);
  for (const name of failed.names) {
    const service = view.byArn(name) ?? view.ofType('service').find((s) => s.name === name && s.accountId === accountId && s.region === region);
    if (!service || service.type !== 'service') continue;
    const arn = `${service.arn}/pipeline`;
    if (view.byArn(arn)) continue;
    const i = table.add({ arn, type: 'servicePipeline', name: service.name, accountId, region });
    skipRecord(acc, i, `${reason} for service ${service.name}`, true, undefined, `The pipeline of service ${service.name} could not be evaluated: ${reason} for the service.`);
  }
}

function gap(acc: RuleAccumulator, table: ResourceTable, resource: FindingResource, reason: string): void {
  const i = table.add(resource);
  skipRecord(acc, i, reason, true, undefined, `No ${TYPE_LABEL[resource.type]} could be evaluated in ${resource.accountId}${resource.region === 'global' ? '' : `/${resource.region}`}: ${reason}.`);
}

/** Sorts the resource table, renumbers every outcome and puts each list in its contract order. */
function finish(accumulators: readonly RuleAccumulator[], table: ResourceTable): { resources: FindingResource[]; outcomes: RuleOutcomes[] } {
  const rows = table.rows;
  const order = rows.map((_, i) => i).sort((a, b) => compareResources(rows[a] as FindingResource, rows[b] as FindingResource));
  const renumber = new Int32Array(rows.length);
  order.forEach((old, i) => (renumber[old] = i));
  const resources = order.map((i) => rows[i] as FindingResource);
  // Fingerprints read the table by the new numbers from here on.
  rows.length = 0;
  rows.push(...resources);
  const outcomes = accumulators.map((acc): RuleOutcomes => {
    const passed = renumbered(acc.passed, renumber);
    const keyed = acc.passedKeyed;
    for (let i = 0; i < keyed.length; i++) {
      const pk = keyed[i] as [number, string];
      pk[0] = renumber[pk[0]] as number;
    }
    const passedKeyed = sortedBy(acc.passedKeyed, comparePassedKeyed);
    const skipped = [...acc.skipped].sort((a, b) => compareStrings(a[0], b[0])).map(([reason, list]) => ({ reason, resources: renumbered(list, renumber) }));
    const records = acc.records;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as OutcomeRecord;
      r.resource = renumber[r.resource] as number;
    }
    return { rule: acc.rule.meta.id, passed, passedKeyed, skipped, findings: sortedBy(acc.records, compareRecords) };
  });
  return { resources, outcomes };
}

const byNumber = (a: number, b: number): number => a - b;
const comparePassedKeyed = (a: [number, string], b: [number, string]): number => a[0] - b[0] || compareStrings(a[1], b[1]);

/** A list of resource indexes renumbered in place, ascending (a rule's resources mostly keep their order: checked before sorting). */
function renumbered(list: number[], renumber: Int32Array): number[] {
  for (let i = 0; i < list.length; i++) list[i] = renumber[list[i] as number] as number;
  return sortedBy(list, byNumber);
}

/** Sorts in place unless the list is in order already (one pass instead of a sort). */
function sortedBy<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1] as T, list[i] as T) > 0) return list.sort(compare);
  return list;
}

/** Whether the resources belong to more than one account: only then can two of them collide across accounts. */
function spansAccounts(resources: readonly ResourceView[]): boolean {
  const first = resources[0]?.accountId;
  for (let i = 1; i < resources.length; i++) if ((resources[i] as ResourceView).accountId !== first) return true;
  return false;
}

/**
 * A resource seen from several accounts (an AWS managed policy is `arn:aws:iam::aws:policy/...`
 * in every account) would give equal fingerprints; the account then joins the sub-key.
 */
function disambiguate(outcomes: RuleOutcomes[], resources: readonly FindingResource[], view: SnapshotView, typeOfRule: ReadonlyMap<string, ResourceType>): void {
  // Only a resource whose ARN the view holds in more than one account can collide: the view's
  // ARN index gives each ARN's first resource, which every later one is compared with.
  if (!spansAccounts(view.resources)) return;
  const shared = new Set<string>();
  const sharedTypes = new Set<ResourceType>();
  for (const r of view.resources) {
    const first = view.byArn(r.arn);
    if (first !== undefined && first !== r && first.accountId !== r.accountId) {
      shared.add(r.arn);
      sharedTypes.add(r.type);
    }
  }
  if (shared.size === 0) return;
  // Looked up once per table row, not once per outcome (a large estate has a million outcomes).
  const sharedRow = new Uint8Array(resources.length);
  for (let i = 0; i < resources.length; i++) if (shared.has((resources[i] as FindingResource).arn)) sharedRow[i] = 1;
  const isShared = (i: number): boolean => sharedRow[i] === 1;
  for (const o of outcomes) {
    // A rule over another type has no outcome on a shared ARN (its gap skips name places, not resources).
    const type = typeOfRule.get(o.rule);
    if (type !== undefined && !sharedTypes.has(type)) continue;
    // Every outcome on a shared ARN, as (resource, sub-key) with a way to give it a new sub-key.
    type Item = { resource: number; subKey: string | undefined; rekey: (subKey: string) => void };
    const items: Item[] = [];
    const movedPasses = new Set<number>();
    const movedSkips = new Map<number, string>();
    for (const i of o.passed) if (isShared(i)) items.push({ resource: i, subKey: undefined, rekey: (k) => { movedPasses.add(i); o.passedKeyed.push([i, k]); } });
    for (const pk of o.passedKeyed) if (isShared(pk[0])) items.push({ resource: pk[0], subKey: pk[1], rekey: (k) => (pk[1] = k) });
    for (const g of o.skipped) for (const i of g.resources) if (isShared(i)) items.push({ resource: i, subKey: undefined, rekey: () => movedSkips.set(i, g.reason) });
    for (const r of o.findings) if (isShared(r.resource)) items.push({ resource: r.resource, subKey: r.subKey, rekey: (k) => (r.subKey = k) });
    if (items.length < 2) continue;
    const groups = new Map<string, Item[]>();
    for (const it of items) {
      const key = `${(resources[it.resource] as FindingResource).arn}\n${it.subKey ?? ''}`;
      const g = groups.get(key);
      if (g) g.push(it);
      else groups.set(key, [it]);
    }
    let changed = false;
    for (const group of groups.values()) {
      if (new Set(group.map((it) => (resources[it.resource] as FindingResource).accountId)).size < 2) continue;
      changed = true;
      for (const it of group) {
        const account = (resources[it.resource] as FindingResource).accountId;
        it.rekey(it.subKey !== undefined ? `${account}/${it.subKey}` : account);
      }
    }
    if (!changed) continue;
    if (movedPasses.size) o.passed = o.passed.filter((i) => !movedPasses.has(i));
    if (movedSkips.size) {
      for (const g of o.skipped) g.resources = g.resources.filter((i) => !movedSkips.has(i));
      o.skipped = o.skipped.filter((g) => g.resources.length > 0);
      for (const [i, reason] of movedSkips) {
        const account = (resources[i] as FindingResource).accountId;
        o.findings.push({ fingerprint: fingerprint(o.rule, (resources[i] as FindingResource).arn, account), resource: i, status: 'skip', message: skipMessage(reason), subKey: account, skipReason: reason });
      }
    }
    o.passedKeyed.sort((a, b) => a[0] - b[0] || compareStrings(a[1], b[1]));
    o.findings.sort(compareRecords);
  }
}
