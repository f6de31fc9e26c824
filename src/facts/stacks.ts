/**
 * Facts about the CloudFormation stacks AWS Proton created: why each is Proton's, the Proton
 * owners its tags name and whether the Proton records still hold them, its service role as IAM
 * analyses it, and secrets in its outputs. Pure; the role analyses come from the role views.
 */
import { daysSince } from './age.ts';
import { isProtonStackName } from '../knowledge/signatures.ts';
import { scanSpec, type SecretScan } from './secrets.ts';
import type { IamAnalysis, LastKnown, Snapshot, Stack, StackFacts, StackOwner, TrustAnalysis } from '../model/index.ts';

/** The tags whose value is the ARN of the Proton resource a stack belongs to. */
export const OWNER_TAG_KEYS = ['proton:environment', 'proton:service', 'proton:service-instance'] as const;

/** Every Proton ARN the snapshot holds, and which account/regions had Proton records at all. */
export interface ProtonIndex {
  arns: ReadonlySet<string>;
  /** `account/region` → the last-known mark of its records (null: collected now). */
  regions: ReadonlyMap<string, LastKnown | null>;
}

export function indexProton(snapshot: Snapshot): ProtonIndex {
  const arns = new Set<string>();
  const regions = new Map<string, LastKnown | null>();
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const p = region.proton;
      if (!p) continue;
      regions.set(`${account.accountId}/${region.region}`, region.lastKnown ?? null);
      for (const e of p.environments) arns.add(e.arn);
      for (const s of p.services) arns.add(s.arn);
      for (const i of p.serviceInstances) arns.add(i.arn);
    }
  }
  return { arns, regions };
}

/** Where a Proton ARN lives: `account/region`. */
function placeOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length > 5 && parts[2] === 'proton' ? `${parts[4]}/${parts[3]}` : undefined;
}

export function stackOwners(stack: Stack, proton: ProtonIndex): { owners: StackOwner[]; lastKnown?: LastKnown } {
  const owners: StackOwner[] = [];
  let lastKnown: LastKnown | undefined;
  for (const t of stack.Tags ?? []) {
    if (!(OWNER_TAG_KEYS as readonly string[]).includes(t.Key) || t.Value === '') continue;
    const place = placeOf(t.Value);
    const known = place !== undefined ? proton.regions.get(place) : undefined;
    // Records of the owner's region absent: whether it exists is unknown, not "no".
    const exists = known === undefined ? null : proton.arns.has(t.Value);
    if (known) lastKnown = !lastKnown || known.collectedAt < lastKnown.collectedAt ? known : lastKnown;
    owners.push({ key: t.Key, arn: t.Value, exists });
  }
  return { owners, ...(lastKnown ? { lastKnown } : {}) };
}

/** Outputs as `Key: value` lines, so the spec scanner reads each output's key and value. */
export function scanOutputs(stack: Stack): SecretScan {
  const lines = (stack.Outputs ?? []).map((o) => `${o.OutputKey ?? 'Output'}: ${JSON.stringify((o.OutputValue ?? '').replace(/\s+/g, ' '))}`);
  return scanSpec(lines.join('\n'), 'Outputs');
}

export interface RoleAnalyses {
  iam?: IamAnalysis;
  trust?: TrustAnalysis;
}

/** The service role as IAM analyses it; `role` undefined: IAM does not hold it (deleted, or another account). */
export function serviceRoleFacts(arn: string, role: RoleAnalyses | undefined): NonNullable<StackFacts['serviceRole']> {
  const out: NonNullable<StackFacts['serviceRole']> = { arn, found: role !== undefined };
  if (role?.iam) {
    out.adminEquivalent = role.iam.adminEquivalent;
    out.adminEvidence = role.iam.adminEvidence;
  }
  if (role?.trust) {
    out.trustsProton = role.trust.trustsProton;
    out.missingConfusedDeputyConditions = role.trust.missingConfusedDeputyConditions;
    out.trustEvidence = role.trust.evidence;
  }
  return out;
}

export function stackFacts(stack: Stack, taggedArns: ReadonlySet<string>, proton: ProtonIndex, role: RoleAnalyses | undefined, now: Date): StackFacts {
  const protonBy: StackFacts['protonBy'] = [];
  if (isProtonStackName(stack.StackName)) protonBy.push('name');
  if ((stack.Tags ?? []).some((t) => t.Key.startsWith('proton:')) || taggedArns.has(stack.StackId)) protonBy.push('tag');
  const { owners, lastKnown } = stackOwners(stack, proton);
  const facts: StackFacts = {
    protonBy,
    owners,
    daysSinceDriftCheck: daysSince(stack.DriftInformation?.LastCheckTimestamp, now),
    ...(lastKnown ? { ownersLastKnown: lastKnown } : {}),
  };
  if (stack.RoleARN) facts.serviceRole = serviceRoleFacts(stack.RoleARN, role);
  return facts;
}
