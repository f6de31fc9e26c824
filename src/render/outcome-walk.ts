/**
 * Walking a result's compact outcomes (schema v2) in the contract order without building a
 * finding per outcome: one rule's entries of one status are merged from its lists as they are
 * read, in exactly the order the engine's reader gives (engine/outcomes.ts ruleFindings), and the
 * outcome records the compliance views and hand-offs read are built from them directly. At 100×
 * (1.2 million outcomes) this keeps the renderers' working memory small: no per-rule arrays of
 * closures, no finding objects, and no fingerprint computed that nobody reads.
 */
import { STATUSES, type AuditResult, type CatalogRule, type FindingResource, type OutcomeRecord as ResultRecord, type RuleOutcomes, type Status } from '../model/index.ts';
import type { OutcomeRecord } from '../compliance/index.ts';
import { compareStrings } from '../engine/order.ts';
import { fingerprint } from '../engine/findings.ts';
import { outcomesInOrder, passMessage, skipMessage } from '../engine/outcomes.ts';

/** One outcome before it is a finding: a plain pass, a keyed pass, a reason-only skip or a full record. */
export type Entry = { kind: 'plain'; resource: number } | { kind: 'keyed'; resource: number; subKey: string } | { kind: 'reason'; resource: number; reason: string } | { kind: 'record'; record: ResultRecord };

/** One of a rule's lists of one status, read by position. */
interface Source {
  length: number;
  resource(i: number): number;
  subKey(i: number): string | undefined;
  entry(i: number): Entry;
}

function compareAt(a: Source, i: number, b: Source, j: number): number {
  return a.resource(i) - b.resource(j) || compareStrings(a.subKey(i) ?? '', b.subKey(j) ?? '');
}

/** The list as is when already in order, else a stably sorted view of it (results built by hand). */
function sortedSource(s: Source): Source {
  let sorted = true;
  for (let i = 1; i < s.length && sorted; i++) sorted = compareAt(s, i - 1, s, i) <= 0;
  if (sorted) return s;
  const order = Array.from({ length: s.length }, (_, i) => i).sort((i, j) => compareAt(s, i, s, j) || i - j);
  return { length: s.length, resource: (i) => s.resource(order[i] as number), subKey: (i) => s.subKey(order[i] as number), entry: (i) => s.entry(order[i] as number) };
}

/**
 * One rule's entries of one status in the contract order (resource table order, then sub-key):
 * the order of a stable sort of records, then passes or skip groups, as ruleFindings sorts them,
 * reached by merging the already sorted lists.
 */
export function* ruleEntries(o: RuleOutcomes, status: Status): Generator<Entry> {
  const records = o.findings.filter((r) => r.status === status);
  // The engine's reader keeps record order where there is nothing to merge; so does this.
  if (status === 'fail' || status === 'error' || (status === 'skip' && o.skipped.length === 0) || (status === 'pass' && o.passed.length === 0 && o.passedKeyed.length === 0)) {
    for (const record of records) yield { kind: 'record', record };
    return;
  }
  const sources: Source[] = [{ length: records.length, resource: (i) => (records[i] as ResultRecord).resource, subKey: (i) => (records[i] as ResultRecord).subKey, entry: (i) => ({ kind: 'record', record: records[i] as ResultRecord }) }];
  if (status === 'pass') {
    const { passed, passedKeyed } = o;
    sources.push({ length: passed.length, resource: (i) => passed[i] as number, subKey: () => undefined, entry: (i) => ({ kind: 'plain', resource: passed[i] as number }) });
    sources.push({
      length: passedKeyed.length,
      resource: (i) => (passedKeyed[i] as [number, string])[0],
      subKey: (i) => (passedKeyed[i] as [number, string])[1],
      entry: (i) => ({ kind: 'keyed', resource: (passedKeyed[i] as [number, string])[0], subKey: (passedKeyed[i] as [number, string])[1] }),
    });
  } else {
    for (const g of o.skipped) {
      const list = g.resources;
      sources.push({ length: list.length, resource: (i) => list[i] as number, subKey: () => undefined, entry: (i) => ({ kind: 'reason', resource: list[i] as number, reason: g.reason }) });
    }
  }
  const lists = sources.filter((s) => s.length > 0).map(sortedSource);
  const at = lists.map(() => 0);
  for (;;) {
    // Ties go to the earlier list, as a stable sort of their concatenation would keep them.
    let best = -1;
    for (let k = 0; k < lists.length; k++) {
      if ((at[k] as number) >= (lists[k] as Source).length) continue;
      if (best < 0 || compareAt(lists[k] as Source, at[k] as number, lists[best] as Source, at[best] as number) < 0) best = k;
    }
    if (best < 0) return;
    const i = at[best] as number;
    at[best] = i + 1;
    yield (lists[best] as Source).entry(i);
  }
}

/** The resource an entry is about (an index into the result's resource table). */
export function entryResource(e: Entry): number {
  return e.kind === 'record' ? e.record.resource : e.resource;
}

/**
 * The result's outcomes as compliance records, in the contract order, the same records
 * `recordsFromFindings(iterateFindings(result))` gives; the fingerprint is computed when read.
 */
export function* recordsFromOutcomes(result: Pick<AuditResult, 'rules' | 'outcomes' | 'resources'>): Generator<OutcomeRecord> {
  const ordered = outcomesInOrder(result);
  for (const status of STATUSES) {
    for (const { outcomes, rule } of ordered) {
      for (const e of ruleEntries(outcomes, status)) yield recordOf(result.resources[entryResource(e)] as FindingResource, rule, status, e);
    }
  }
}

function recordOf(res: FindingResource, rule: CatalogRule, status: Status, e: Entry): OutcomeRecord {
  const r = e.kind === 'record' ? e.record : undefined;
  const message = r ? r.message : e.kind === 'reason' ? skipMessage(e.reason) : passMessage(rule);
  const reason = r ? (r.skipReason ?? r.error) : e.kind === 'reason' ? e.reason : undefined;
  const rec = new WalkRecord(rule, status, res, e.kind === 'keyed' ? e.subKey : r?.subKey, r?.waiver !== undefined, r?.notCollected === true);
  // The same keys in the same order as recordsFromFindings writes them.
  if (message) rec.message = message;
  if (reason !== undefined) rec.reason = reason;
  if (r?.lastKnown) rec.lastKnown = r.lastKnown.collectedAt;
  if (r?.waiver) rec.waiver = { owner: r.waiver.owner, expires: r.waiver.expires, reason: r.waiver.reason, ...(r.waiver.ticket !== undefined ? { ticket: r.waiver.ticket } : {}) };
  return rec;
}

/**
 * One compliance record, built a million times at 100×: a class (one shape, fields in the order
 * recordsFromFindings writes them) whose fingerprint is an own enumerable accessor sharing one
 * getter, derived when read, instead of an object literal with a closure and spreads per record.
 */
class WalkRecord implements OutcomeRecord {
  readonly ruleId: string;
  readonly status: Status;
  readonly severity: OutcomeRecord['severity'];
  readonly waived: boolean;
  readonly notCollected: boolean;
  declare readonly fingerprint: string;
  declare readonly resource: OutcomeRecord['resource'];
  declare message?: string;
  declare reason?: string;
  declare lastKnown?: string;
  declare waiver?: OutcomeRecord['waiver'];
  readonly #subKey: string | undefined;
  #fingerprint: string | undefined;

  constructor(rule: CatalogRule, status: Status, res: FindingResource, subKey: string | undefined, waived: boolean, notCollected: boolean) {
    this.ruleId = rule.id;
    this.status = status;
    this.severity = rule.effectiveSeverity;
    this.waived = waived;
    this.notCollected = notCollected;
    Object.defineProperty(this, 'fingerprint', FINGERPRINT);
    (this as { resource: OutcomeRecord['resource'] }).resource = { accountId: res.accountId, region: res.region, arn: res.arn, type: res.type, name: res.name };
    this.#subKey = subKey;
  }

  static fingerprintOf(rec: WalkRecord): string {
    return (rec.#fingerprint ??= fingerprint(rec.ruleId, rec.resource.arn, rec.#subKey));
  }
}

const FINGERPRINT: PropertyDescriptor = {
  get(this: WalkRecord): string {
    return WalkRecord.fingerprintOf(this);
  },
  enumerable: true,
  configurable: true,
};
