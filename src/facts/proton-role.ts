/**
 * Why a role is judged as a role AWS Proton used. Each reason is one a reviewer can check:
 * a Proton record names it (collected now, or last-known and dated), it trusts
 * proton.amazonaws.com, it is the service role of an AWSProton-* CodeBuild project or the
 * RoleARN of a stack Proton created, or its policies carry a Proton signature. The last three
 * stay in the account after Proton was retired, so roles are still found without Proton.
 */
import { isProtonProjectName, isProtonStackName, type SignatureHit } from '../knowledge/signatures.ts';
import type { AccountSnapshot, ProtonRoleFacts, ProtonRoleReason, RoleDetail } from '../model/index.ts';
import { roleKey } from '../knowledge/roles.ts';
import type { RoleReference } from './usage.ts';

export interface ResidueNamer {
  kind: 'codebuild-project' | 'stack';
  /** Stack id or project ARN. */
  source: string;
  name: string;
}

/** Stack RoleARNs and CodeBuild service roles, by role key (account/name). */
export function indexResidueNamers(accounts: readonly AccountSnapshot[]): Map<string, ResidueNamer[]> {
  const index = new Map<string, ResidueNamer[]>();
  const add = (roleArn: string | undefined, namer: ResidueNamer): void => {
    const key = roleArn ? roleKey(roleArn) : undefined;
    if (!key) return;
    const list = index.get(key) ?? [];
    list.push(namer);
    index.set(key, list);
  };
  for (const account of accounts) {
    for (const region of account.regions) {
      // Collection keeps only Proton's stacks and projects; a hand-made snapshot may hold others.
      for (const s of region.cloudformation?.stacks ?? []) {
        if (isProtonStackName(s.StackName) || (s.Tags ?? []).some((t) => t.Key.startsWith('proton:'))) add(s.RoleARN, { kind: 'stack', source: s.StackId, name: s.StackName });
      }
      for (const p of region.codebuild?.projects ?? []) if (isProtonProjectName(p.name)) add(p.serviceRole, { kind: 'codebuild-project', source: p.arn, name: p.name });
    }
  }
  return index;
}

/** 'arn:aws:proton:us-east-1:1111:environment/prod' → 'environment prod'; the account pseudo-ARN → 'account settings of …'. */
function describeRecord(arn: string): string {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (resource === 'account') return `the account settings of ${parts[4] ?? '?'}/${parts[3] ?? '?'}`;
  const slash = resource.indexOf('/');
  const type = slash > 0 ? resource.slice(0, slash).replace(/-/g, ' ') : resource;
  return `${type} ${arn}`;
}

const KIND_ORDER: Readonly<Record<ProtonRoleReason['kind'], number>> = { named: 0, trust: 1, stack: 2, 'codebuild-project': 3, signature: 4 };

export interface ProtonRoleInput {
  role: RoleDetail;
  /** Proton records naming the role (from src/facts/usage.ts). */
  references: readonly RoleReference[];
  residue: readonly ResidueNamer[];
  /** The trust policy allows a Proton service principal. */
  trustsProton: boolean;
  signatures: readonly SignatureHit[];
}

/** Undefined when nothing marks the role as Proton's. */
export function protonRoleFacts(input: ProtonRoleInput): ProtonRoleFacts | undefined {
  const reasons: ProtonRoleReason[] = [];
  const seen = new Set<string>();
  const push = (r: ProtonRoleReason): void => {
    const key = `${r.kind}\u0000${r.source ?? ''}\u0000${r.field ?? ''}\u0000${r.detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    reasons.push(r);
  };
  for (const ref of input.references) {
    const record = describeRecord(ref.by);
    push({
      kind: 'named',
      detail: ref.lastKnown
        ? `named by last-known record field ${ref.field} of ${record} (as of ${ref.lastKnown.collectedAt})`
        : `named by record field ${ref.field} of ${record}`,
      source: ref.by,
      field: ref.field,
      ...(ref.lastKnown ? { lastKnown: ref.lastKnown } : {}),
    });
  }
  // Details read as the apposition in "Role X, <detail>, is ..." messages.
  if (input.trustsProton) push({ kind: 'trust', detail: 'trusted by proton.amazonaws.com' });
  for (const n of input.residue) {
    push(
      n.kind === 'stack'
        ? { kind: 'stack', detail: `the RoleARN of stack ${n.name} (${n.source}), which AWS Proton created`, source: n.source }
        : { kind: 'codebuild-project', detail: `the service role of CodeBuild project ${n.name} (${n.source}), which AWS Proton created`, source: n.source },
    );
  }
  for (const h of input.signatures) push({ kind: 'signature', detail: `carrying a Proton signature (${h.detail})`, source: h.source });
  if (reasons.length === 0) return undefined;
  reasons.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || ((a.source ?? '') < (b.source ?? '') ? -1 : (a.source ?? '') > (b.source ?? '') ? 1 : 0) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0));
  // A hand-edited snapshot may carry a Path that is not a string: not service-linked, never a crash.
  return { reasons, serviceLinked: typeof input.role.Path === 'string' && input.role.Path.startsWith('/aws-service-role/') };
}
