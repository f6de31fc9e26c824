/**
 * IAM permission analysis for one role or one policy document: pure and synchronous once
 * loadIamData() has been awaited. See docs in admin.ts, wildcards.ts, escalation-paths.ts and
 * codebuild.ts for the rule behind each verdict.
 */
import type { ManagedPolicyDetail, PolicyDocument, RoleDetail, IamAnalysis, StatementRef } from '../../model/index.ts';
import { defaultPolicyDocument } from '../../knowledge/policies.ts';
import { actionId } from './actions.ts';
import { actionProblem } from './action-syntax.ts';
import { analyzeAdmin } from './admin.ts';
import { parseArn } from './arn.ts';
import { holdsCodeBuildBasicAccess } from './codebuild.ts';
import { findEscalations, type SelfContext } from './escalations.ts';
import { findCredentialExposure, findUnconstrainedPermissionsManagement, notActionAllows } from './exposure.ts';
import { knownAwsManagedDocument } from './known-policies.ts';
import { ANYWHERE, ANY_CONDITION, PermissionModel, onAllOfType, passRoleFilter } from './permissions.ts';
import { compileDocument, compareRefs, statementsOf, toList, type CompiledStatement } from './statements.ts';
import { findServiceWildcards } from './wildcards.ts';

export { loadIamData, isIamDataLoaded, expandActionPattern, actionAccessLevel, actionAcceptsOnlyStar } from './actions.ts';
export { ESCALATION_PATHS, type EscalationPath } from './escalation-catalog.ts';

interface SourcedDocument {
  source: string;
  doc: PolicyDocument;
}

/** The default version's document; undefined when the snapshot holds none. */
function defaultDocument(policy: ManagedPolicyDetail | undefined): PolicyDocument | undefined {
  const doc: unknown = policy ? defaultPolicyDocument({ PolicyVersionList: policy.PolicyVersionList ?? [] }) : undefined;
  return doc && typeof doc === 'object' ? (doc as PolicyDocument) : undefined;
}

function malformedIn(docs: readonly SourcedDocument[]): IamAnalysis['malformedActions'] {
  const out = new Map<string, { value: string; evidence: StatementRef }>();
  for (const { source, doc } of docs) {
    // Compiled statements know which of their strings name nothing in the data: only those can be
    // malformed. Statements that did not compile (no valid Effect) are read in full.
    const compiled = new Map(compileDocument(doc, source).map((c) => [c.ref.index, c]));
    statementsOf(doc).forEach((statement, index) => {
      const c = compiled.get(index);
      const values = c ? c.unknownPatterns : [...toList(statement.Action), ...toList(statement.NotAction)];
      for (const value of values) {
        if (actionProblem(value)) out.set(`${source}\u0000${index}\u0000${value}`, { value, evidence: { source, index, statement } });
      }
    });
  }
  return [...out.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : compareRefs(a.evidence, b.evidence)));
}

function analyze(
  identityDocs: readonly SourcedDocument[],
  boundaryDocs: readonly SourcedDocument[] | undefined,
  self: SelfContext,
  partition: string,
  unresolved: readonly string[],
): IamAnalysis {
  const identity: CompiledStatement[] = identityDocs.flatMap((d) => compileDocument(d.doc, d.source));
  const boundary = boundaryDocs?.flatMap((d) => compileDocument(d.doc, d.source));
  const model = new PermissionModel(identity, boundary);

  const admin = analyzeAdmin(model);
  // '*' and patterns naming every role ('arn:aws:iam::*:role/*') are equally open for PassRole.
  const passRole = actionId('iam:PassRole');
  const passRoleEvidence = model.allowedAnywhere().has(passRole) ? model.grants(passRole, onAllOfType('iam', 'role', self.account), passRoleFilter()) : [];

  return {
    adminEquivalent: admin.adminEquivalent,
    adminEvidence: admin.adminEvidence,
    conditionalAdminEvidence: admin.conditionalAdminEvidence,
    serviceWildcards: findServiceWildcards(model, admin.adminEquivalent),
    passRoleOnStar: passRoleEvidence.length > 0,
    passRoleEvidence,
    escalations: findEscalations(model, self),
    unconstrainedPermissionsManagement: findUnconstrainedPermissionsManagement(model, self),
    credentialExposure: findCredentialExposure(model, self),
    notActionAllows: notActionAllows(identity),
    malformedActions: malformedIn([...identityDocs, ...(boundaryDocs ?? [])]),
    allowedActionCount: model.allowedBits(ANYWHERE, ANY_CONDITION).count() + model.allowedLiterals().length,
    hasCodeBuildBasicAccess: holdsCodeBuildBasicAccess(model, partition, self.account),
    unresolvedPolicies: [...new Set(unresolved)].sort(),
    conditionalDenies: model.conditionalDenies,
  };
}

/**
 * A managed policy's document from the snapshot, or (for the few AWS managed policies a verdict
 * depends on) its known content; `unresolved` collects ARNs whose document the snapshot lacks.
 */
function lookUp(arn: string, policiesByArn: ReadonlyMap<string, ManagedPolicyDetail>, unresolved: string[]): PolicyDocument | undefined {
  const doc = defaultDocument(policiesByArn.get(arn));
  if (doc) return doc;
  unresolved.push(arn);
  return knownAwsManagedDocument(arn);
}

/** The permissions a role holds through its inline and attached policies, capped by its boundary. */
export function analyzeRolePermissions(role: RoleDetail, policiesByArn: ReadonlyMap<string, ManagedPolicyDetail>): IamAnalysis {
  const unresolved: string[] = [];
  const identityDocs: SourcedDocument[] = [];
  for (const inline of role.RolePolicyList ?? []) {
    if (inline?.PolicyDocument) identityDocs.push({ source: `inline:${inline.PolicyName}`, doc: inline.PolicyDocument });
  }
  const attached = (role.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn).filter((a): a is string => typeof a === 'string');
  for (const arn of attached) {
    const doc = lookUp(arn, policiesByArn, unresolved);
    if (doc) identityDocs.push({ source: `managed:${arn}`, doc });
  }
  let boundaryDocs: SourcedDocument[] | undefined;
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundaryArn) {
    const doc = lookUp(boundaryArn, policiesByArn, unresolved);
    // A boundary whose document is unknown caps nothing we can see: analyse without it (and say so in unresolvedPolicies).
    if (doc) boundaryDocs = [{ source: `boundary:${boundaryArn}`, doc }];
  }
  const arn = parseArn(role.Arn ?? '');
  const self: SelfContext = {
    ...(role.Arn ? { roleArn: role.Arn } : {}),
    attachedPolicyArns: attached,
    ...(arn?.account ? { account: arn.account } : {}),
    partition: arn?.partition || 'aws',
  };
  return analyze(identityDocs, boundaryDocs, self, arn?.partition || 'aws', unresolved);
}

/**
 * One policy document on its own (a managedPolicy resource). `source` labels the evidence, e.g.
 * 'managed:<arn>'; when it holds the policy's ARN, that ARN is "self" for the policy-rewrite paths
 * and its account scopes account-level questions.
 */
export function analyzePolicyDocument(doc: PolicyDocument, source: string): IamAnalysis {
  const policyArn = /arn:[^\s]+/.exec(source)?.[0];
  const arn = policyArn ? parseArn(policyArn) : undefined;
  const account = arn?.account && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
  const self: SelfContext = { attachedPolicyArns: policyArn ? [policyArn] : [], ...(account ? { account } : {}), partition: arn?.partition || 'aws' };
  return analyze([{ source, doc }], undefined, self, arn?.partition || 'aws', []);
}

/** Whether a document on its own allows every action on '*' (see admin.ts for the rule of thumb). */
export function isAdminEquivalentDocument(doc: PolicyDocument): boolean {
  return analyzeAdmin(new PermissionModel(compileDocument(doc, 'document'))).adminEquivalent;
}
