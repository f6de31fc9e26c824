/**
 * The IAM the rendered templates deploy, judged by the live audit's own analysis
 * (facts/iam, facts/trust): administrator equivalence, service-wide wildcards, write actions on
 * Resource "*", PassRole on "*", escalation paths, trust in anyone or in an account root
 * without conditions; and `proton_cfn_iam_policy_arns` feeding a role, which lets the
 * developer who writes a component attach any policy to the administrator's role
 * (https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html).
 */
import { actionAcceptsOnlyStar, actionAccessLevel, analyzePolicyDocument, analyzeRolePermissions, expandActionPattern } from '../../facts/iam/index.ts';
import { conditionEntries } from '../../facts/iam/conditions.ts';
import { statementsOf, toList } from '../../facts/iam/statements.ts';
import { analyzeTrust } from '../../facts/trust/index.ts';
import type { StatementRef } from '../../model/index.ts';
import type { ManagedPolicyDetail, PolicyStatement, RoleDetail } from '../../model/index.ts';
import type { IacResource } from '../iac/model.ts';
import { containsPlaceholder } from '../jinja/placeholders.ts';
import type { FilterUse } from '../jinja/references.ts';
import type { ScanIssue, SourceLocation } from '../core/types.ts';
import type { Segment } from '../yaml/yaml-doc.ts';
import { iamModel, type LocatedDocument, type RoleModel } from './iam-model.ts';
import { resourceIssue, type RenderScope } from './scope.ts';

const FAKE_ACCOUNT = '000000000000';
const WRITE_LEVELS = new Set(['Write', 'Permissions management']);

function statementSub(doc: LocatedDocument, index: number): Segment[] {
  if (doc.resource.type === 'data.aws_iam_policy_document') return ['statement', index];
  return Array.isArray(doc.doc.Statement) ? [...doc.path, 'Statement', index] : [...doc.path, 'Statement'];
}

function locator(role: RoleModel) {
  // Evidence sources as the IAM analysis names them: 'inline:<PolicyName>', 'managed:<arn>', 'boundary:<arn>', 'trust'.
  const bySource = new Map<string, LocatedDocument>();
  for (const d of role.inline) bySource.set(d.label, d);
  for (const m of role.managed) if (m.document) bySource.set(`managed:${m.arn}`, m.document);
  if (role.boundary?.document) bySource.set(`boundary:${role.boundary.arn}`, role.boundary.document);
  if (role.trust) bySource.set('trust', role.trust);
  return (ref: StatementRef): { location: SourceLocation; resource: IacResource } => {
    const doc = bySource.get(ref.source);
    if (doc) return { location: doc.resource.locate(statementSub(doc, ref.index)), resource: doc.resource };
    // An AWS managed policy: point at the attachment.
    const arn = ref.source.replace(/^(managed|boundary):/, '');
    const att = role.managed.find((m) => m.arn === arn) ?? (role.boundary?.arn === arn ? role.boundary : undefined);
    return att ? { location: att.resource.locate(att.path), resource: att.resource } : { location: role.resource.location, resource: role.resource };
  };
}

function roleDetail(role: RoleModel): { detail: RoleDetail; policies: Map<string, ManagedPolicyDetail> } {
  const policies = new Map<string, ManagedPolicyDetail>();
  for (const m of role.managed) {
    if (m.document) policies.set(m.arn, { PolicyName: m.document.label, Arn: m.arn, PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: m.document.doc }] });
  }
  if (role.boundary?.document) policies.set(role.boundary.arn, { PolicyName: role.boundary.document.label, Arn: role.boundary.arn, PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: role.boundary.document.doc }] });
  const detail: RoleDetail = {
    Path: '/',
    RoleName: role.name,
    RoleId: role.resource.id,
    Arn: `arn:aws:iam::${FAKE_ACCOUNT}:role/${role.resource.id}`,
    ...(role.trust ? { AssumeRolePolicyDocument: role.trust.doc } : {}),
    RolePolicyList: role.inline.map((d) => ({ PolicyName: d.label.replace(/^inline:/, ''), PolicyDocument: d.doc })),
    AttachedManagedPolicies: role.managed.map((m) => ({ PolicyName: m.arn, PolicyArn: m.arn })),
    ...(role.boundary ? { PermissionsBoundary: { PermissionsBoundaryArn: role.boundary.arn } } : {}),
    Tags: [],
  };
  return { detail, policies };
}

/** Write-level actions an Allow statement grants on Resource "*" that could be scoped to resources. */
function writesOnStar(statement: PolicyStatement): string[] {
  if (statement.Effect !== 'Allow' || statement.NotAction !== undefined || statement.NotResource !== undefined) return [];
  if (!toList(statement.Resource).includes('*')) return [];
  const out = new Set<string>();
  for (const pattern of toList(statement.Action)) {
    if (pattern === '*' || containsPlaceholder(pattern)) continue; // '*' is the admin verdict's business
    for (const action of expandActionPattern(pattern)) {
      if (action.toLowerCase() === 'iam:passrole') continue; // its own verdict (PassRole on "*")
      const level = actionAccessLevel(action);
      if (level && WRITE_LEVELS.has(level) && !actionAcceptsOnlyStar(action)) out.add(action);
    }
  }
  return [...out].sort();
}

const NARROWING = /^aws:(principalorgid|principalorgpaths|principalaccount|principalarn|sourceaccount|sourcearn|sourceorgid|sourcevpce?|sourceip|principalservicename)$|^sts:externalid$/i;

function rootTrusts(statement: PolicyStatement): string[] {
  if (statement.Effect !== 'Allow' || !statement.Principal || statement.Principal === '*') return [];
  const aws = (statement.Principal as Record<string, unknown>).AWS;
  const values = toList(aws);
  const roots = values.filter((v) => /:root$/.test(v) || /^\d{12}$/.test(v) || /^PAUNKNOWN_account-id$/.test(v));
  if (roots.length === 0) return [];
  const guarded = conditionEntries(statement).some((e) => NARROWING.test(e.key) || /^aws:multifactorauth/i.test(e.key));
  return guarded ? [] : roots;
}

/** Variations render the same roles again and again: one analysis per distinct role. */
const analyses = new Map<string, ReturnType<typeof analyzeRolePermissions>>();
function analyzeRole(detail: RoleDetail, policies: Map<string, ManagedPolicyDetail>): ReturnType<typeof analyzeRolePermissions> {
  const key = JSON.stringify([detail, [...policies.entries()]]);
  let a = analyses.get(key);
  if (!a) {
    if (analyses.size > 5000) analyses.clear();
    a = analyzeRolePermissions(detail, policies);
    analyses.set(key, a);
  }
  return a;
}

export function iamIssues(scope: RenderScope, policyArnFilters: readonly FilterUse[]): ScanIssue[] {
  const out: ScanIssue[] = [];
  const model = iamModel(scope.template);
  for (const role of model.roles) {
    const locate = locator(role);
    const { detail, policies } = roleDetail(role);
    const analysis = analyzeRole(detail, policies);
    const what = `Role ${role.resource.id}`;
    if (analysis.adminEquivalent) {
      const ev = analysis.adminEvidence[0];
      const at = ev ? locate(ev) : { location: role.resource.location, resource: role.resource };
      out.push(resourceIssue(scope, role.resource, 'iam.admin', at.location, `${what} is administrator-equivalent.`, 'admin', { statements: analysis.adminEvidence.length }));
    } else {
      for (const w of analysis.serviceWildcards) {
        const ev = w.evidence[0];
        const at = ev ? locate(ev) : { location: role.resource.location };
        out.push(resourceIssue(scope, role.resource, 'iam.service-wildcard', at.location, `${what} is granted ${w.service}:* (${w.accessLevels.join(', ')}) on every resource.`, w.service, { service: w.service, accessLevels: w.accessLevels }));
      }
    }
    // Administrator equivalence subsumes PassRole on "*" and every escalation path: one finding, not twenty.
    if (analysis.passRoleOnStar && !analysis.adminEquivalent) {
      const ev = analysis.passRoleEvidence[0];
      const at = ev ? locate(ev) : { location: role.resource.location };
      out.push(resourceIssue(scope, role.resource, 'iam.passrole-star', at.location, `${what} may pass any role (iam:PassRole on "*" without iam:PassedToService).`, 'passrole'));
    }
    for (const e of analysis.adminEquivalent ? [] : analysis.escalations) {
      const ev = e.evidence[0];
      const at = ev ? locate(ev) : { location: role.resource.location };
      out.push(resourceIssue(scope, role.resource, 'iam.escalation', at.location, `${what} can escalate its privileges: ${e.description}`, e.id, { path: e.id, actions: e.actions }));
    }
    if (!analysis.adminEquivalent) {
      for (const d of [...role.inline, ...role.managed.flatMap((m) => (m.document ? [m.document] : []))]) {
        statementsOf(d.doc).forEach((s, i) => {
          const writes = writesOnStar(s);
          if (writes.length === 0) return;
          const services = [...new Set(writes.map((a) => a.split(':')[0]))];
          if (services.every((svc) => analysis.serviceWildcards.some((w) => w.service === svc))) return;
          out.push(
            resourceIssue(scope, role.resource, 'iam.write-on-star', d.resource.locate(statementSub(d, i)), `${what} may ${writes.slice(0, 3).join(', ')}${writes.length > 3 ? ` and ${writes.length - 3} more write actions` : ''} on every resource (Resource "*"); scope them to the resources the template creates.`, `${d.label}#${i}`, { actions: writes.slice(0, 20) }),
          );
        });
      }
    }
    if (role.trust) {
      const trust = analyzeTrust(detail, FAKE_ACCOUNT);
      const statements = statementsOf(role.trust.doc);
      if (trust.trustsAnyone) {
        const i = statements.findIndex((s) => s.Effect === 'Allow' && (s.Principal === '*' || toList((s.Principal as Record<string, unknown> | undefined)?.AWS).includes('*')));
        out.push(resourceIssue(scope, role.resource, 'iam.trust-anyone', role.trust.resource.locate(statementSub(role.trust, Math.max(0, i))), `${what} can be assumed by anyone (Principal "*" without a narrowing condition).`, 'trust-anyone'));
      }
      statements.forEach((s, i) => {
        const roots = rootTrusts(s);
        if (roots.length === 0 || !role.trust) return;
        out.push(resourceIssue(scope, role.resource, 'iam.trust-root-unconditioned', role.trust.resource.locate(statementSub(role.trust, i)), `${what} trusts an account root (${roots.map((r) => (containsPlaceholder(r) ? 'its own account' : r)).join(', ')}) without conditions: any principal there allowed sts:AssumeRole can assume it.`, `root#${i}`));
      });
    }
    for (const t of role.unknownTemplates) {
      out.push(resourceIssue(scope, role.resource, 'iam.sam-template-unknown', role.resource.locate(t.path), `SAM policy template ${t.name} of ${role.resource.id} is not known to the scanner; its permissions are not analysed.`, t.name));
    }
  }
  for (const d of model.standalone) {
    const analysis = analyzePolicyDocument(d.doc, d.label);
    const ev = analysis.adminEvidence[0];
    if (analysis.adminEquivalent) out.push(resourceIssue(scope, d.resource, 'iam.admin', d.resource.locate(ev ? statementSub(d, ev.index) : d.path), `Managed policy ${d.resource.id} is administrator-equivalent.`, 'admin'));
    for (const w of analysis.serviceWildcards) {
      const e = w.evidence[0];
      out.push(resourceIssue(scope, d.resource, 'iam.service-wildcard', d.resource.locate(e ? statementSub(d, e.index) : d.path), `Managed policy ${d.resource.id} grants ${w.service}:* (${w.accessLevels.join(', ')}) on every resource.`, w.service));
    }
  }
  // proton_cfn_iam_policy_arns: which resource does the filter's line belong to?
  if (scope.template.language === 'cloudformation' && policyArnFilters.length > 0) {
    const file = scope.template.files[0];
    const declared = scope.template.resources.filter((r) => r.location.line !== undefined).sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
    for (const f of policyArnFilters) {
      const owner = [...declared].reverse().find((r) => (r.location.line ?? 0) <= f.line);
      if (!owner) continue;
      out.push(
        resourceIssue(
          scope,
          owner,
          'iam.component-policy-arns',
          { file: file ?? owner.location.file, line: f.line },
          `${owner.type === 'AWS::IAM::Role' ? 'Role' : owner.type} ${owner.id} takes managed policy ARNs from component outputs (proton_cfn_iam_policy_arns): whoever writes a directly defined component chooses policies for it.`,
          'component-policy-arns',
        ),
      );
    }
  }
  return out;
}
