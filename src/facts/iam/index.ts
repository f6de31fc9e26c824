/**
 * IAM permission analysis for one role or one policy document: pure and synchronous once
 * loadIamData() has been awaited. See docs in admin.ts, wildcards.ts, escalation-paths.ts and
 * codebuild.ts for the rule behind each verdict.
 */
import type { EscalationFinding, ManagedPolicyDetail, PolicyDocument, RoleDetail, IamAnalysis, StatementRef } from '../../model/index.ts';
import { defaultPolicyDocument } from '../../knowledge/policies.ts';
import { actionId } from './actions.ts';
import { actionProblem } from './action-syntax.ts';
import { analyzeAdmin } from './admin.ts';
import { parseArn } from './arn.ts';
import { holdsCodeBuildBasicAccess } from './codebuild.ts';
import { byId, findEscalations, type SelfContext } from './escalations.ts';
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

/** Everything in an analysis but the escalations: it does not depend on which role holds the policies. */
type SharedAnalysis = Omit<IamAnalysis, 'escalations'> & { readonly model: PermissionModel };

function analyzeShared(
  identityDocs: readonly SourcedDocument[],
  boundaryDocs: readonly SourcedDocument[] | undefined,
  self: SelfContext,
  partition: string,
  unresolved: readonly string[],
): SharedAnalysis {
  const identity: CompiledStatement[] = identityDocs.flatMap((d) => compileDocument(d.doc, d.source));
  const boundary = boundaryDocs?.flatMap((d) => compileDocument(d.doc, d.source));
  const model = new PermissionModel(identity, boundary);

  const admin = analyzeAdmin(model);
  // '*' and patterns naming every role ('arn:aws:iam::*:role/*') are equally open for PassRole.
  const passRole = actionId('iam:PassRole');
  const passRoleEvidence = model.allowedAnywhere().has(passRole) ? model.grants(passRole, onAllOfType('iam', 'role', self.account), passRoleFilter()) : [];

  return {
    model,
    adminEquivalent: admin.adminEquivalent,
    adminEvidence: admin.adminEvidence,
    conditionalAdminEvidence: admin.conditionalAdminEvidence,
    serviceWildcards: findServiceWildcards(model, admin.adminEquivalent),
    passRoleOnStar: passRoleEvidence.length > 0,
    passRoleEvidence,
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
 * A role's escalation paths: those that depend only on its policies once per shared analysis
 * (frozen, shared by the roles holding the same policies), those that read its own ARN per role.
 */
const byPolicies = new WeakMap<SharedAnalysis, readonly EscalationFinding[]>();
function escalationsOf(shared: SharedAnalysis, self: SelfContext): EscalationFinding[] {
  if (!Object.isFrozen(shared)) return findEscalations(shared.model, self);
  let common = byPolicies.get(shared);
  if (!common) {
    common = findEscalations(shared.model, self, 'policies');
    freezeAnalysis(common, 'escalations');
    byPolicies.set(shared, common);
  }
  const own = findEscalations(shared.model, self, 'own');
  return own.length === 0 ? [...common] : [...common, ...own].sort(byId);
}

/** The analysis in its published key order, escalations (which depend on the role itself) put in. */
function withEscalations(shared: SharedAnalysis, self: SelfContext): IamAnalysis {
  return {
    adminEquivalent: shared.adminEquivalent,
    adminEvidence: shared.adminEvidence,
    conditionalAdminEvidence: shared.conditionalAdminEvidence,
    serviceWildcards: shared.serviceWildcards,
    passRoleOnStar: shared.passRoleOnStar,
    passRoleEvidence: shared.passRoleEvidence,
    escalations: escalationsOf(shared, self),
    unconstrainedPermissionsManagement: shared.unconstrainedPermissionsManagement,
    credentialExposure: shared.credentialExposure,
    notActionAllows: shared.notActionAllows,
    malformedActions: shared.malformedActions,
    allowedActionCount: shared.allowedActionCount,
    hasCodeBuildBasicAccess: shared.hasCodeBuildBasicAccess,
    unresolvedPolicies: shared.unresolvedPolicies,
    conditionalDenies: shared.conditionalDenies,
  };
}

function analyze(
  identityDocs: readonly SourcedDocument[],
  boundaryDocs: readonly SourcedDocument[] | undefined,
  self: SelfContext,
  partition: string,
  unresolved: readonly string[],
): IamAnalysis {
  return withEscalations(analyzeShared(identityDocs, boundaryDocs, self, partition, unresolved), self);
}

/**
 * Analyses shared by the roles of one view build that hold the same policies (same documents
 * under the same names, same attachments, boundary, account and partition): the policies are
 * compiled and judged once, and only the escalation paths (which look at the role's own ARN)
 * are found per role. Shared values are frozen. Keyed by the policies' JSON text.
 */
export class RoleAnalysisCache {
  readonly #shared = new Map<string, SharedAnalysis>();

  get(key: string, compute: () => SharedAnalysis): SharedAnalysis {
    let shared = this.#shared.get(key);
    if (!shared) {
      shared = compute();
      freezeAnalysis(shared);
      this.#shared.set(key, shared);
    }
    return shared;
  }
}

/** Freezes an analysis's own values; statements quoted as evidence are the snapshot's records, left as they are. */
function freezeAnalysis(value: unknown, key = ''): void {
  if (key === 'statement' || key === 'model' || value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const [k, v] of Object.entries(value)) freezeAnalysis(v, Array.isArray(value) ? key : k);
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
export function analyzeRolePermissions(role: RoleDetail, policiesByArn: ReadonlyMap<string, ManagedPolicyDetail>, cache?: RoleAnalysisCache): IamAnalysis {
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
  const partition = arn?.partition || 'aws';
  if (!cache) return analyze(identityDocs, boundaryDocs, self, partition, unresolved);
  const key = JSON.stringify([identityDocs, boundaryDocs ?? null, attached, self.account ?? null, partition, unresolved]);
  return withEscalations(
    cache.get(key, () => analyzeShared(identityDocs, boundaryDocs, self, partition, unresolved)),
    self,
  );
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
