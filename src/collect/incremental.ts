/**
 * `collect --since <previous snapshot>`: everything is listed again, but a resource whose list
 * entry is unchanged (same timestamps, deployment ids, status and every other field the list
 * returns) keeps the detail the previous snapshot holds instead of a Get. Records are found by
 * ARN, which already names account and region. A detail that failed last time, or that a
 * redacted snapshot no longer has, is fetched again.
 */
import type { ManagedPolicyDetail, ProtonData, Snapshot } from '../model/index.ts';
import { PROTON_LISTS, type ProtonListKey } from '../snapshot/empty.ts';

export type { ProtonListKey };
import { toPlain, type Plain } from '../snapshot/normalize/plain.ts';


/** Every record list of a region's Proton data, in snapshot order. */

/** Fields that move whenever a resource changes: equal on both sides or the detail is fetched. */
const CHANGE_FIELDS = [
  'createdAt',
  'lastModifiedAt',
  'lastDeploymentAttemptedAt',
  'lastDeploymentSucceededAt',
  'lastAttemptedDeploymentId',
  'lastSucceededDeploymentId',
  'deploymentStatus',
  'status',
  'requestedAt',
];

/** Detail fields a redacted snapshot dropped: such records cannot stand in for a Get. */
const REDACTED_FIELDS: Partial<Record<ProtonListKey, string>> = {
  environments: 'spec',
  services: 'spec',
  serviceInstances: 'spec',
  components: 'serviceSpec',
  environmentTemplateVersions: 'schema',
  serviceTemplateVersions: 'schema',
};

type PlainRecord = { [key: string]: Plain };

export function plainEqual(a: Plain | undefined, b: Plain | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => plainEqual(v, b[i]));
  const ao = a as PlainRecord;
  const bo = b as PlainRecord;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && plainEqual(ao[k], bo[k]));
}

export class PreviousSnapshot {
  private readonly records = new Map<ProtonListKey, Map<string, PlainRecord>>();
  /** ARNs (or names) whose detail call failed in the previous collection. */
  private readonly failed = new Set<string>();
  private readonly awsPolicies = new Map<string, ManagedPolicyDetail['PolicyVersionList'][number]>();
  readonly redacted: boolean;
  /** Resources whose secrets the previous snapshot replaced: their specs hold placeholders, not values. */
  private readonly withSecrets = new Set<string>();
  reused = 0;
  fetched = 0;

  constructor(
    snapshot: Snapshot,
    readonly sha256: string,
  ) {
    this.redacted = snapshot.collection.redacted === true;
    for (const key of PROTON_LISTS) this.records.set(key, new Map());
    for (const account of snapshot.accounts) {
      for (const region of account.regions) {
        const proton = region.proton;
        if (!proton) continue;
        for (const key of PROTON_LISTS) {
          const map = this.records.get(key) as Map<string, PlainRecord>;
          for (const record of proton[key] as ReadonlyArray<{ arn: string }>) map.set(record.arn, record as unknown as PlainRecord);
        }
      }
      for (const policy of account.iam?.policies ?? []) {
        const version = policy.PolicyVersionList[0];
        if (policy.Arn.startsWith('arn:') && /:iam::aws:policy\//.test(policy.Arn) && version) {
          this.awsPolicies.set(`${policy.Arn}\u0000${version.VersionId}`, version);
        }
      }
    }
    for (const e of snapshot.coverage) for (const r of e.failedResources ?? []) this.failed.add(r);
    if (snapshot.secrets?.values === 'replaced') {
      // A pipeline's records are under the pipeline's ARN; its service's record holds the spec.
      const serviceOf = new Map<string, string>();
      for (const a of snapshot.accounts) {
        for (const r of a.regions) for (const s of r.proton?.services ?? []) if (s.pipeline) serviceOf.set(s.pipeline.arn || `${s.arn}/pipeline`, s.arn);
      }
      for (const r of snapshot.secrets.found) this.withSecrets.add(serviceOf.get(r.arn) ?? r.arn);
    }
  }

  /**
   * The previous record standing in for this list entry's Get, when nothing the list shows has
   * changed; undefined means fetch it.
   */
  detail(type: ProtonListKey, summary: object): PlainRecord | undefined {
    const current = toPlain(summary) as PlainRecord;
    const arn = current.arn;
    if (typeof arn !== 'string') return undefined;
    const previous = this.records.get(type)?.get(arn);
    if (!previous || this.failed.has(arn)) return undefined;
    const redactedField = REDACTED_FIELDS[type];
    if (this.redacted && redactedField && !(redactedField in previous)) return undefined;
    // Its spec was rewritten with placeholders: only a fresh Get gives the text to scan again.
    if (this.withSecrets.has(arn)) return undefined;
    for (const [key, value] of Object.entries(current)) if (!plainEqual(value, previous[key])) return undefined;
    for (const key of CHANGE_FIELDS) if (!plainEqual(current[key], previous[key])) return undefined;
    return previous;
  }

  /** The previous default version of an AWS managed policy, when its version id is unchanged. */
  policyVersion(arn: string, versionId: string): ManagedPolicyDetail['PolicyVersionList'][number] | undefined {
    return this.awsPolicies.get(`${arn}\u0000${versionId}`);
  }
}
