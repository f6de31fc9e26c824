/**
 * What the engine does with last-known Proton records (carried from an earlier snapshot because
 * Proton no longer answers): per rule family, evaluate them and say "as of <time>" in every
 * finding, or skip as stale where a verdict about a frozen state would mislead. Nothing computed
 * from last-known data may look freshly collected: such findings carry `lastKnown` (the machine
 * marker) and the time in their message. docs/retirement.md holds the same table (tested).
 */
import { familyOfType } from '../facts/coverage.ts';
import type { LoadedRule } from './load/rule.ts';
import type { Family, Finding, LastKnown, ResourceView } from '../model/index.ts';

export type LastKnownMode = 'evaluate' | 'skip';

export const LAST_KNOWN_POLICY: Readonly<Record<Family, { mode: LastKnownMode; why: string }>> = {
  iam: { mode: 'evaluate', why: 'the roles are read live from IAM; only which Proton resources used them comes from the last-known records' },
  trust: { mode: 'evaluate', why: 'trust policies are read live from IAM; the last-known records say which roles Proton used' },
  policies: { mode: 'evaluate', why: 'policies are read live from IAM' },
  residue: { mode: 'evaluate', why: 'what Proton left behind is judged against the last Proton state known' },
  secrets: { mode: 'evaluate', why: 'a secret once written into a spec stays exposed in the data Proton held and must be rotated' },
  encryption: { mode: 'evaluate', why: "a template's key is set at creation and cannot change; the verdict holds for the data Proton still holds" },
  versions: { mode: 'evaluate', why: 'nothing can be deployed any more, so the last-known versions are the versions the running infrastructure came from' },
  'cross-account': { mode: 'evaluate', why: 'the connections record which accounts and roles Proton could reach; those roles outlive Proton' },
  stacks: { mode: 'evaluate', why: 'stacks are read live from CloudFormation; only their owners are checked against the last-known records' },
  templates: { mode: 'evaluate', why: 'scanned from template files in the repository; no Proton record is involved' },
  specs: { mode: 'evaluate', why: 'scanned from template files in the repository; no Proton record is involved' },
  iac: { mode: 'evaluate', why: 'scanned from template files in the repository; no Proton record is involved' },
  breaking: { mode: 'evaluate', why: 'scanned from template files in the repository; no Proton record is involved' },
  deployments: { mode: 'skip', why: 'a deployment state can no longer change, and what runs now is judged live by the stack rules' },
  quotas: { mode: 'skip', why: 'Proton quotas only matter while Proton resources can be created, which is no longer possible' },
  tags: { mode: 'skip', why: 'the tags of Proton resources can no longer be read or changed through Proton, so a verdict would rest on tags that were not collected' },
};

/**
 * The last-known mark behind a rule's verdict on a resource, if any: the resource's own Proton
 * data is last-known, or the rule reads Proton data and the resource's Proton context (a role's
 * uses, a stack's owners) came from last-known records.
 */
export function lastKnownBasis(rule: Pick<LoadedRule, 'meta' | 'requires'>, resource: Pick<ResourceView, 'lastKnown'>): LastKnown | undefined {
  if (!resource.lastKnown) return undefined;
  const readsProton = familyOfType(rule.meta.resource) === 'proton' || rule.requires.includes('proton');
  return readsProton ? resource.lastKnown : undefined;
}

export function staleReason(l: LastKnown, family: Family): string {
  return `stale: last known ${l.collectedAt} (AWS Proton no longer answers; ${LAST_KNOWN_POLICY[family].why})`;
}

/** Marks a finding (or outcome record) computed from last-known data: the machine marker, and the time in its message. */
export function markLastKnown<T extends Pick<Finding, 'status' | 'message' | 'skipReason' | 'lastKnown'>>(f: T, l: LastKnown): T {
  f.lastKnown = { collectedAt: l.collectedAt, sha256: l.sha256 };
  if (f.status !== 'skip' || !f.skipReason?.startsWith('stale:')) {
    f.message = `${f.message} As of ${l.collectedAt} (last-known AWS Proton records, snapshot ${l.sha256.slice(0, 12)}).`;
  }
  return f;
}
