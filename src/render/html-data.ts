/**
 * The HTML report's embedded data, written a piece at a time in the result's own compact shape
 * (schema v2): each resource once in a table, then per status and rule (the contract order) a
 * group of entries, where a plain pass is only its resource's index and anything else is a short
 * positional row. report.js expands what it shows from this; nothing here is one object per
 * finding or one string of the whole data, so a 100× estate's 1.2 million findings are written
 * with bounded memory. Every piece is escaped as scriptSafeJson does.
 */
import { RESOURCE_TYPES, SCAN_RESOURCE_TYPES, SEVERITIES, STATUSES, type AuditResult, type CatalogRule, type OutcomeRecord, type Status, type Waiver } from '../model/index.ts';
import { compareStrings } from '../engine/order.ts';
import { fingerprint } from '../engine/findings.ts';
import { outcomesInOrder, passMessage, skipMessage } from '../engine/outcomes.ts';
import type { HtmlComplianceSections } from './html-compliance.ts';
import { ruleEntries, type Entry } from './outcome-walk.ts';

const UNSAFE = /[<>&\u2028\u2029]/;

/** Serialises data for a <script type="application/json"> block: nothing in it can end the element. */
export function scriptSafeJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!UNSAFE.test(json)) return json;
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
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

export function waiverKey(w: Waiver): string {
  return [w.rule, w.resource, w.owner, w.reason, w.expires, w.ticket ?? ''].join('\u0000');
}

/** A skip's or an error's own text (the detail's "Skip reason" or "Error"). */
function noteOf(r: OutcomeRecord): string | undefined {
  return r.status === 'skip' ? r.skipReason : r.status === 'error' ? r.error : undefined;
}

export interface HtmlDataOptions {
  statuses: readonly Status[];
  ruleDocsBase: string | undefined;
  compliance: HtmlComplianceSections['data'];
}

/**
 * The data block's JSON, in pieces. Keys: version, severities, statuses, types, baseline,
 * ruleDocsBase, rules, frameworks, evaluatedAt, places ([account, region, ARN prefix]),
 * resources ([place, rest of the ARN, type, name if not the ARN's last segment]), groups
 * ([rule, status, entries]), then the tables entries refer to: strings, evidence, waivers.
 * An entry is a resource index (a pass with the rule's pass message) or a row read by position
 * (ENTRY in report.js): resource, message (null: the status's usual message), sub-key, evidence,
 * note (skip reason or error), waiver, new since the baseline, last-known time, not collected.
 */
export function* htmlDataPieces(result: AuditResult, opts: HtmlDataOptions): Generator<string> {
  const rules = [...result.rules].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIdx = new Map(rules.map((r, i) => [r.id, i]));
  const statuses = STATUSES.filter((s) => opts.statuses.includes(s));
  const ordered = outcomesInOrder(result);
  const table = result.resources;

  // Which resources the shown findings use, and how often each message or note occurs: text
  // seen more than once goes to the strings table, text seen once stays in its row.
  const used = new Uint8Array(table.length);
  const counts = new Map<string, number>();
  const count = (text: string, n = 1): void => {
    counts.set(text, (counts.get(text) ?? 0) + n);
  };
  for (const { outcomes: o } of ordered) {
    for (const r of o.findings) {
      if (!statuses.includes(r.status)) continue;
      used[r.resource] = 1;
      count(r.message);
      const note = noteOf(r);
      if (note !== undefined) count(note);
    }
    if (statuses.includes('pass')) {
      for (const i of o.passed) used[i] = 1;
      for (const [i] of o.passedKeyed) used[i] = 1;
    }
    if (statuses.includes('skip')) {
      for (const g of o.skipped) {
        for (const i of g.resources) used[i] = 1;
        count(g.reason, g.resources.length);
      }
    }
  }

  const places: Array<[string, string, string]> = [];
  const placeIdx = new Map<string, number>();
  const remap = new Int32Array(table.length).fill(-1);
  const placeOf = new Int32Array(table.length);
  let shown = 0;
  for (let i = 0; i < table.length; i++) {
    if (!used[i]) continue;
    remap[i] = shown++;
    const res = table[i] as AuditResult['resources'][number];
    const prefix = arnPrefix(res.arn);
    const key = `${res.accountId}\u0000${res.region}\u0000${prefix}`;
    let p = placeIdx.get(key);
    if (p === undefined) {
      p = places.length;
      placeIdx.set(key, p);
      places.push([res.accountId, res.region, prefix]);
    }
    placeOf[i] = p;
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
  const waivers: Waiver[] = [];
  const waiverIdx = new Map<string, number>();
  const isNew = new Set(result.baseline?.newFingerprints ?? []);

  const head = {
    version: 3,
    severities: SEVERITIES,
    statuses: STATUSES,
    // A cloud audit's page lists only the cloud types (scan types come last, so indexes agree).
    types: result.scan ? RESOURCE_TYPES : RESOURCE_TYPES.filter((t) => !SCAN_RESOURCE_TYPES.has(t)),
    baseline: result.baseline !== undefined,
    ruleDocsBase: opts.ruleDocsBase ?? '',
    rules: rules.map((r) => ({
      id: r.id,
      title: r.title,
      severity: SEVERITIES.indexOf(r.effectiveSeverity),
      type: RESOURCE_TYPES.indexOf(r.resource),
      family: r.family,
      rationale: r.rationale,
      remediation: r.remediation,
      references: r.references,
      compliance: opts.compliance.mappings[r.id] ?? '',
    })),
    frameworks: opts.compliance.frameworks,
    evaluatedAt: result.evaluatedAt,
    places,
  };
  const headJson = scriptSafeJson(head);
  yield `${headJson.slice(0, -1)},"resources":[`;
  for (let i = 0, n = 0; i < table.length; i++) {
    if (!used[i]) continue;
    const res = table[i] as AuditResult['resources'][number];
    const row: unknown[] = [placeOf[i], res.arn.slice((places[placeOf[i] as number] as [string, string, string])[2].length), RESOURCE_TYPES.indexOf(res.type)];
    if (res.name !== nameOfArn(res.arn)) row.push(res.name);
    yield (n++ ? ',' : '') + scriptSafeJson(row);
  }
  yield '],"groups":[';

  const encode = (rule: CatalogRule, status: Status, e: Entry): string => {
    if (e.kind === 'plain') return String(remap[e.resource]);
    if (e.kind === 'keyed') return scriptSafeJson([remap[e.resource], null, e.subKey]);
    if (e.kind === 'reason') return `[${remap[e.resource]},null,null,null,${scriptSafeJson(text(e.reason))}]`;
    const r = e.record;
    const note = noteOf(r) ?? null;
    const usual = status === 'pass' ? r.message === passMessage(rule) : status === 'skip' && note !== null && r.message === skipMessage(note);
    let ev: number | null = null;
    if (r.evidence !== undefined && r.evidence !== null) {
      const key = JSON.stringify(r.evidence);
      ev = evidenceIdx.get(key) ?? null;
      if (ev === null) {
        ev = evidence.length;
        evidenceIdx.set(key, ev);
        evidence.push(r.evidence);
      }
    }
    let w: number | null = null;
    if (r.waiver) {
      const key = waiverKey(r.waiver);
      w = waiverIdx.get(key) ?? null;
      if (w === null) {
        w = waivers.length;
        waiverIdx.set(key, w);
        waivers.push(r.waiver);
      }
    }
    const res = table[r.resource] as AuditResult['resources'][number];
    const row: unknown[] = [
      remap[r.resource],
      usual ? null : text(r.message),
      r.subKey ?? null,
      ev,
      note === null ? null : text(note),
      w,
      status === 'fail' && isNew.size > 0 && isNew.has(fingerprint(rule.id, res.arn, r.subKey)) ? 1 : null,
      r.lastKnown ? r.lastKnown.collectedAt : null,
      r.notCollected === true ? 1 : null,
    ];
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return scriptSafeJson(row);
  };

  let groups = 0;
  for (const status of statuses) {
    for (const { outcomes: o, rule } of ordered) {
      let n = 0;
      for (const e of ruleEntries(o, status)) {
        if (n === 0) yield `${groups++ ? ',' : ''}[${ruleIdx.get(rule.id) ?? -1},${STATUSES.indexOf(status)},[`;
        yield (n++ ? ',' : '') + encode(rule, status, e);
      }
      if (n > 0) yield ']]';
    }
  }
  yield '],"strings":[';
  for (let i = 0; i < strings.length; i++) yield (i ? ',' : '') + scriptSafeJson(strings[i]);
  yield '],"evidence":[';
  for (let i = 0; i < evidence.length; i++) yield (i ? ',' : '') + scriptSafeJson(evidence[i]);
  yield `],"waivers":${scriptSafeJson(waivers)}}`;
}
