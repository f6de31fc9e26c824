/**
 * OCSF hand-off: each outcome record as an OCSF 1.3.0 Detection Finding (class_uid 2004,
 * category Findings) with the `cloud` profile, the format AWS Security Lake and most SIEMs ingest.
 * schemas/ocsf-1.3.0-detection-finding.schema.json states what this emits and a test validates
 * every event against it.
 *
 * Mapping: finding_info.uid is the finding's fingerprint (stable across runs); analytic is the
 * rule; resources[0] the AWS resource; cloud the account and region; severity_id the effective
 * severity; status_id New for an open failing finding, Suppressed for a waived one, Resolved for a
 * pass, Other for a skip or an error (status_code says which). Evidence is not exported: it can be
 * large and the result JSON keeps it. Framework requirements go under unmapped.compliance, since
 * Detection Finding 1.3.0 has no compliance attribute.
 */
import type { CatalogRule, Severity } from '../model/index.ts';
import { mappingsByFramework, ruleMappings } from '../compliance/mapping.ts';
import type { OutcomeRecord, OutcomeStatus } from '../compliance/record.ts';
import type { Framework } from '../model/index.ts';

export const OCSF_VERSION = '1.3.0';
const CLASS_UID = 2004;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

export type OcsfRuleInfo = Pick<CatalogRule, 'id' | 'title' | 'family' | 'rationale' | 'remediation' | 'references'>;

export interface OcsfContext {
  /** The run's evaluation clock (ISO 8601): the event time. */
  evaluatedAt: string;
  product: { name: string; version: string };
  /** Adds unmapped.compliance with each finding's framework requirements. */
  frameworks?: readonly Framework[];
  /** Which outcomes become events (default: fail only, waived included as Suppressed). */
  statuses?: readonly OutcomeStatus[];
}

const SEVERITY_ID: Readonly<Record<Severity, [number, string]>> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

export interface OcsfDetectionFinding {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_code: string;
  status_detail?: string;
  message: string;
  metadata: { version: string; product: { name: string; vendor_name: string; version: string }; profiles: string[] };
  finding_info: {
    uid: string;
    title: string;
    desc?: string;
    types: string[];
    analytic: { uid: string; name: string; type_id: number; type: string };
  };
  cloud: { provider: string; region?: string; account: { uid: string; type_id: number; type: string } };
  resources: Array<{ uid: string; name?: string; type?: string; region?: string; cloud_partition?: string }>;
  remediation?: { desc: string; references?: string[] };
  unmapped?: Record<string, unknown>;
}

function statusOf(r: OutcomeRecord): { status_id: number; status: string; status_code: string; status_detail?: string } {
  switch (r.status) {
    case 'fail':
      return r.waived
        ? { status_id: 3, status: 'Suppressed', status_code: 'FAIL', status_detail: r.waiver ? `waived by ${r.waiver.owner} until ${r.waiver.expires}` : 'waived' }
        : { status_id: 1, status: 'New', status_code: 'FAIL' };
    case 'pass':
      return { status_id: 4, status: 'Resolved', status_code: 'PASS' };
    case 'skip':
      return { status_id: 99, status: 'Skipped', status_code: r.notCollected ? 'SKIP_NOT_COLLECTED' : 'SKIP', ...(r.reason ? { status_detail: r.reason } : {}) };
    case 'error':
      return { status_id: 99, status: 'Error', status_code: 'ERROR', ...(r.reason ? { status_detail: r.reason } : {}) };
  }
}

/** The partition of an ARN (aws, aws-cn, aws-us-gov...), when it is one. */
function partitionOf(arn: string): string | undefined {
  const m = /^arn:([a-z][a-z0-9-]*):/.exec(arn);
  return m ? m[1] : undefined;
}

export function ocsfDetectionFinding(record: OutcomeRecord, rule: OcsfRuleInfo | undefined, ctx: OcsfContext, compliance?: Record<string, string[]>): OcsfDetectionFinding {
  const time = Date.parse(ctx.evaluatedAt);
  if (Number.isNaN(time)) throw new RangeError(`evaluatedAt is not a date: ${ctx.evaluatedAt}`);
  const [severityId, severityName] = SEVERITY_ID[record.severity] ?? [0, 'Unknown'];
  const title = rule?.title ?? record.ruleId;
  const region = record.resource.region !== '' && record.resource.region !== 'global' ? record.resource.region : undefined;
  const partition = partitionOf(record.resource.arn);
  const references = (rule?.references ?? []).map((r) => r.url).filter((u) => /^https:\/\/\S+$/.test(u));
  const unmapped: Record<string, unknown> = {};
  if (compliance && Object.keys(compliance).length > 0) unmapped['compliance'] = compliance;
  if (record.waiver) unmapped['waiver'] = { ...record.waiver };
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Detection Finding: Create',
    time,
    severity_id: severityId,
    severity: severityName,
    ...statusOf(record),
    message: record.message ?? title,
    metadata: {
      version: OCSF_VERSION,
      product: { name: ctx.product.name, vendor_name: ctx.product.name, version: ctx.product.version },
      profiles: ['cloud'],
    },
    finding_info: {
      uid: record.fingerprint,
      title,
      ...(rule?.rationale ? { desc: rule.rationale.trim() } : {}),
      types: [rule?.family ?? 'unknown'],
      analytic: { uid: record.ruleId, name: title, type_id: 1, type: 'Rule' },
    },
    cloud: { provider: 'AWS', ...(region ? { region } : {}), account: { uid: record.resource.accountId, type_id: 10, type: 'AWS Account' } },
    resources: [
      {
        uid: record.resource.arn,
        ...(record.resource.name ? { name: record.resource.name } : {}),
        ...(record.resource.type ? { type: record.resource.type } : {}),
        ...(region ? { region } : {}),
        ...(partition ? { cloud_partition: partition } : {}),
      },
    ],
    ...(rule?.remediation.text.trim() ? { remediation: { desc: rule.remediation.text.trim(), ...(references.length > 0 ? { references } : {}) } } : {}),
    ...(Object.keys(unmapped).length > 0 ? { unmapped } : {}),
  };
}

/** One event per selected record, in record order. */
export function* ocsfEvents(records: Iterable<OutcomeRecord>, catalog: Iterable<OcsfRuleInfo>, ctx: OcsfContext): Generator<OcsfDetectionFinding> {
  const rules = new Map<string, OcsfRuleInfo>();
  for (const r of catalog) rules.set(r.id, r);
  const mappings = ctx.frameworks ? ruleMappings(ctx.frameworks) : undefined;
  const statuses = new Set<OutcomeStatus>(ctx.statuses ?? ['fail']);
  for (const r of records) {
    if (!statuses.has(r.status)) continue;
    yield ocsfDetectionFinding(r, rules.get(r.ruleId), ctx, mappings ? mappingsByFramework(mappings.get(r.ruleId)) : undefined);
  }
}

/** JSON Lines: one event per line, each ending with LF. */
export function* ocsfJsonLines(records: Iterable<OutcomeRecord>, catalog: Iterable<OcsfRuleInfo>, ctx: OcsfContext): Generator<string> {
  for (const event of ocsfEvents(records, catalog, ctx)) yield `${JSON.stringify(event)}\n`;
}
