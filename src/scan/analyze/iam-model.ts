/**
 * The IAM roles and policies a rendered template deploys, gathered into the shapes the live
 * audit's IAM analysis reads (RoleDetail, ManagedPolicyDetail), with the location of every
 * policy document so a verdict's evidence points at a line.
 *
 * CloudFormation: AWS::IAM::Role (Policies, ManagedPolicyArns, PermissionsBoundary,
 * AssumeRolePolicyDocument), AWS::IAM::Policy / RolePolicy / ManagedPolicy attached through
 * Roles, AWS::Serverless::Function and StateMachine roles built from `Policies`.
 * Terraform: aws_iam_role (inline_policy, managed_policy_arns, assume_role_policy),
 * aws_iam_role_policy, aws_iam_policy + aws_iam_role_policy_attachment, and
 * aws_iam_policy_document data sources.
 */
import type { PolicyDocument, PolicyStatement } from '../../model/index.ts';
import { cfnString, cfnStrings, resolvePolicyDocument } from '../iac/intrinsics.ts';
import type { IacResource, IacTemplate } from '../iac/model.ts';
import { expandSamPolicies } from '../iac/sam.ts';
import { placeholder } from '../jinja/placeholders.ts';
import type { Segment } from '../yaml/yaml-doc.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface LocatedDocument {
  /** Unique label used as the IAM analysis' evidence source. */
  label: string;
  doc: PolicyDocument;
  resource: IacResource;
  /** Path of the document under the resource's properties. */
  path: Segment[];
}

export interface ManagedAttachment {
  arn: string;
  /** Where the attachment is written. */
  resource: IacResource;
  path: Segment[];
  /** The document, when the policy is defined in the same template. */
  document?: LocatedDocument;
}

export interface RoleModel {
  resource: IacResource;
  name: string;
  trust?: LocatedDocument;
  inline: LocatedDocument[];
  managed: ManagedAttachment[];
  boundary?: ManagedAttachment;
  /** SAM policy templates not expanded (not analysed). */
  unknownTemplates: Array<{ name: string; path: Segment[] }>;
}

export interface IamModel {
  roles: RoleModel[];
  /** Managed policies defined in the template and attached to no role of it. */
  standalone: LocatedDocument[];
}

/** A policy value as a document: an object, JSON text, or a reference resolved by `lookup`. */
function asDocument(value: unknown, lookup: (ref: string) => PolicyDocument | undefined): PolicyDocument | undefined {
  if (isRecord(value) && ('Statement' in value || 'Version' in value)) return resolvePolicyDocument(value) as PolicyDocument;
  if (typeof value === 'string') {
    const ref = /^\$\{([^}]+)\}$/.exec(value.trim());
    if (ref) return lookup(ref[1] ?? '');
    try {
      const parsed: unknown = JSON.parse(value);
      return isRecord(parsed) ? (parsed as unknown as PolicyDocument) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const refTarget = (v: unknown): string | undefined => (isRecord(v) && typeof v.Ref === 'string' ? v.Ref : isRecord(v) && Array.isArray(v['Fn::GetAtt']) ? String(v['Fn::GetAtt'][0]) : undefined);

function cloudFormationModel(template: IacTemplate): IamModel {
  const roles = new Map<string, RoleModel>();
  const managedDocs = new Map<string, LocatedDocument>();
  const attached = new Set<string>();
  const none = (): undefined => undefined;
  for (const r of template.resources) {
    const props = r.properties;
    if (r.type === 'AWS::IAM::ManagedPolicy') {
      const doc = asDocument(props.PolicyDocument, none);
      if (doc) managedDocs.set(r.id, { label: `managed:${r.id}`, doc, resource: r, path: ['PolicyDocument'] });
    }
  }
  const roleOf = (r: IacResource, name: string): RoleModel => {
    let m = roles.get(r.id);
    if (!m) {
      m = { resource: r, name, inline: [], managed: [], unknownTemplates: [] };
      roles.set(r.id, m);
    }
    return m;
  };
  const attachArn = (m: RoleModel, value: unknown, resource: IacResource, path: Segment[]): void => {
    const target = refTarget(value);
    const doc = target ? managedDocs.get(target) : undefined;
    if (doc && target) attached.add(target);
    m.managed.push({ arn: doc ? `managed:${target}` : (cfnString(value) ?? placeholder('policy-arn')), resource, path, ...(doc ? { document: doc } : {}) });
  };
  for (const r of template.resources) {
    const props = r.properties;
    if (r.type === 'AWS::IAM::Role') {
      const m = roleOf(r, cfnString(props.RoleName) ?? r.id);
      const trust = asDocument(props.AssumeRolePolicyDocument, none);
      if (trust) m.trust = { label: 'trust', doc: trust, resource: r, path: ['AssumeRolePolicyDocument'] };
      (Array.isArray(props.Policies) ? props.Policies : []).forEach((p, i) => {
        const doc = isRecord(p) ? asDocument(p.PolicyDocument, none) : undefined;
        if (doc) m.inline.push({ label: `inline:${r.id}#${i}`, doc, resource: r, path: ['Policies', i, 'PolicyDocument'] });
      });
      (Array.isArray(props.ManagedPolicyArns) ? props.ManagedPolicyArns : []).forEach((a, i) => attachArn(m, a, r, ['ManagedPolicyArns', i]));
      if (props.PermissionsBoundary !== undefined) {
        const target = refTarget(props.PermissionsBoundary);
        const doc = target ? managedDocs.get(target) : undefined;
        m.boundary = { arn: doc ? `managed:${target}` : (cfnString(props.PermissionsBoundary) ?? placeholder('boundary')), resource: r, path: ['PermissionsBoundary'], ...(doc ? { document: doc } : {}) };
      }
    } else if ((r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') && props.Role === undefined) {
      // SAM creates the role from Policies; functions also get AWSLambdaBasicExecutionRole.
      const m = roleOf(r, `${r.id}Role`);
      const principal = r.type === 'AWS::Serverless::Function' ? 'lambda.amazonaws.com' : 'states.amazonaws.com';
      m.trust = { label: 'trust', doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] }, resource: r, path: [] };
      const sam = expandSamPolicies(props.Policies);
      for (const d of sam.inline) m.inline.push({ label: `inline:${r.id}#${d.name}`, doc: resolvePolicyDocument(d.doc) as PolicyDocument, resource: r, path: d.path });
      for (const a of sam.managedArns) m.managed.push({ arn: a.arn, resource: r, path: a.path });
      m.unknownTemplates.push(...sam.unknownTemplates);
    }
  }
  // Policies attached to roles through their Roles property.
  for (const r of template.resources) {
    if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::RolePolicy' && r.type !== 'AWS::IAM::ManagedPolicy') continue;
    const doc = asDocument(r.properties.PolicyDocument, none);
    if (!doc) continue;
    const targets = r.type === 'AWS::IAM::RolePolicy' ? [r.properties.RoleName] : Array.isArray(r.properties.Roles) ? r.properties.Roles : [];
    for (const t of targets) {
      const id = refTarget(t) ?? [...roles.values()].find((m) => m.name === cfnString(t))?.resource.id;
      const m = id ? roles.get(id) : undefined;
      if (!m) continue;
      if (r.type === 'AWS::IAM::ManagedPolicy') {
        attached.add(r.id);
        const located = managedDocs.get(r.id);
        if (located && !m.managed.some((a) => a.document === located)) m.managed.push({ arn: `managed:${r.id}`, resource: r, path: ['Roles'], document: located });
      } else m.inline.push({ label: `inline:${r.id}`, doc, resource: r, path: ['PolicyDocument'] });
    }
  }
  return { roles: [...roles.values()], standalone: [...managedDocs.entries()].filter(([id]) => !attached.has(id)).map(([, d]) => d) };
}

/** aws_iam_policy_document data source → PolicyDocument. */
function policyDocumentOf(body: Record<string, unknown>): PolicyDocument {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  const statements: PolicyStatement[] = (Array.isArray(body.statement) ? body.statement : []).filter(isRecord).map((s) => {
    const st: PolicyStatement = { Effect: s.effect === 'Deny' ? 'Deny' : 'Allow' };
    if (s.actions !== undefined) st.Action = list(s.actions);
    if (s.not_actions !== undefined) st.NotAction = list(s.not_actions);
    if (s.resources !== undefined) st.Resource = list(s.resources);
    if (s.not_resources !== undefined) st.NotResource = list(s.not_resources);
    const principals = (Array.isArray(s.principals) ? s.principals : []).filter(isRecord);
    if (principals.length > 0) {
      const p: Record<string, string[]> = {};
      for (const pr of principals) p[String(pr.type)] = [...(p[String(pr.type)] ?? []), ...list(pr.identifiers)];
      st.Principal = p;
    }
    const conditions = (Array.isArray(s.condition) ? s.condition : []).filter(isRecord);
    if (conditions.length > 0) {
      const c: Record<string, Record<string, string[]>> = {};
      for (const cond of conditions) (c[String(cond.test)] ??= {})[String(cond.variable)] = list(cond.values);
      st.Condition = c;
    }
    return st;
  });
  return { Version: '2012-10-17', Statement: statements };
}

function terraformModel(template: IacTemplate): IamModel {
  const dataDocs = new Map<string, { doc: PolicyDocument; resource: IacResource }>();
  for (const r of template.resources) if (r.type === 'data.aws_iam_policy_document') dataDocs.set(r.id.replace(/^data\.aws_iam_policy_document\./, ''), { doc: policyDocumentOf(r.properties), resource: r });
  const lookup = (ref: string): PolicyDocument | undefined => {
    const m = /^data\.aws_iam_policy_document\.([\w-]+)\.json$/.exec(ref);
    return m ? dataDocs.get(m[1] ?? '')?.doc : undefined;
  };
  const located = (r: IacResource, value: unknown, path: Segment[], label: string): LocatedDocument | undefined => {
    const doc = asDocument(value, lookup);
    if (!doc) return undefined;
    // A document from a data source is located at its statements there.
    const ref = typeof value === 'string' ? /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(value.trim()) : null;
    const data = ref ? dataDocs.get(ref[1] ?? '') : undefined;
    return data ? { label, doc, resource: data.resource, path: ['statement'] } : { label, doc, resource: r, path };
  };
  const roles = new Map<string, RoleModel>();
  const policies = new Map<string, LocatedDocument>();
  for (const r of template.resources) {
    if (r.type === 'aws_iam_policy') {
      const d = located(r, r.properties.policy, ['policy'], `managed:${r.id}`);
      if (d) policies.set(r.id, d);
    }
  }
  const attached = new Set<string>();
  for (const r of template.resources) {
    if (r.type !== 'aws_iam_role') continue;
    const m: RoleModel = { resource: r, name: typeof r.properties.name === 'string' ? r.properties.name : r.id, inline: [], managed: [], unknownTemplates: [] };
    const trust = located(r, r.properties.assume_role_policy, ['assume_role_policy'], 'trust');
    if (trust) m.trust = trust;
    (Array.isArray(r.properties.inline_policy) ? r.properties.inline_policy : []).forEach((p, i) => {
      const d = isRecord(p) ? located(r, p.policy, ['inline_policy', i, 'policy'], `inline:${r.id}#${i}`) : undefined;
      if (d) m.inline.push(d);
    });
    cfnStrings(r.properties.managed_policy_arns).forEach((arn, i) => {
      const ref = /^\$\{(aws_iam_policy\.[\w-]+)\.arn\}$/.exec(arn);
      const doc = ref ? policies.get(ref[1] ?? '') : undefined;
      if (doc && ref) attached.add(ref[1] ?? '');
      m.managed.push({ arn: doc ? doc.label : arn, resource: r, path: ['managed_policy_arns', i], ...(doc ? { document: doc } : {}) });
    });
    roles.set(r.id, m);
  }
  const roleFor = (value: unknown): RoleModel | undefined => {
    const s = typeof value === 'string' ? value : '';
    const ref = /^\$\{(aws_iam_role\.[\w-]+)\.(id|name|arn)\}$/.exec(s);
    if (ref) return roles.get(ref[1] ?? '');
    return [...roles.values()].find((m) => m.name === s);
  };
  for (const r of template.resources) {
    if (r.type === 'aws_iam_role_policy') {
      const m = roleFor(r.properties.role);
      const d = located(r, r.properties.policy, ['policy'], `inline:${r.id}`);
      if (m && d) m.inline.push(d);
    } else if (r.type === 'aws_iam_role_policy_attachment') {
      const m = roleFor(r.properties.role);
      if (!m) continue;
      const arn = String(r.properties.policy_arn ?? '');
      const ref = /^\$\{(aws_iam_policy\.[\w-]+)\.arn\}$/.exec(arn);
      const doc = ref ? policies.get(ref[1] ?? '') : undefined;
      if (doc && ref) attached.add(ref[1] ?? '');
      m.managed.push({ arn: doc ? doc.label : arn, resource: r, path: ['policy_arn'], ...(doc ? { document: doc } : {}) });
    }
  }
  return { roles: [...roles.values()], standalone: [...policies.entries()].filter(([id]) => !attached.has(id)).map(([, d]) => d) };
}

export function iamModel(template: IacTemplate): IamModel {
  return template.language === 'cloudformation' ? cloudFormationModel(template) : terraformModel(template);
}

/** The statements of a document as a list, with their paths under the document. */
export function statementPaths(doc: PolicyDocument): Array<{ statement: PolicyStatement; path: Segment[] }> {
  const raw: unknown = doc.Statement;
  if (Array.isArray(raw)) return raw.filter(isRecord).map((s, i) => ({ statement: s as unknown as PolicyStatement, path: ['Statement', i] }));
  return isRecord(raw) ? [{ statement: raw as unknown as PolicyStatement, path: ['Statement'] }] : [];
}
