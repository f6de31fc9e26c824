/**
 * PA-POL-003: malformed strings in customer managed policies. The PDF guide prints actions with
 * '>' for ':' and ARNs missing a field or broken by a line break; a copied policy keeps them and
 * IAM silently never matches. Actions come from the IAM facts (which also know the service
 * reference data); ARNs in Resource, NotResource and condition values are checked here.
 */
import { defaultPolicyDocument, defineRule, type PolicyStatement, type RuleVerdict } from '../../../src/rule-api/index.ts';

interface Problem {
  field: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';
  value: string;
  reason: string;
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;
const PARTITION = /^(aws(-[a-z]+)*|\*)$/;
const SERVICE = /^[a-z0-9*?-]+$/;

function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function actionProblem(value: string): string | undefined {
  if (value === '*' || ACTION.test(value)) return undefined;
  if (/\s/.test(value)) return 'contains whitespace';
  if (value.includes('>')) return "'>' instead of ':' between service and action";
  if (!value.includes(':')) return "no '<service>:' prefix";
  return "not of the form '<service>:<action>'";
}

/** Structural ARN check: arn:partition:service:region:account:resource, at least six fields. */
function arnProblem(value: string): string | undefined {
  if (/\s/.test(value)) return 'contains whitespace (a line break copied into the ARN?)';
  const parts = value.split(':');
  if (parts.length < 6) return 'fewer than six colon-separated fields (a service or region field is missing)';
  const [, partition = '', service = ''] = parts;
  if (!PARTITION.test(partition)) return `unknown partition '${partition}'`;
  if (service === '') return 'empty service field';
  if (!SERVICE.test(service)) return `invalid service field '${service}'`;
  return undefined;
}

function resourceProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  if (value.startsWith('arn:')) return arnProblem(value);
  return 'neither "*" nor an ARN';
}

function statementProblems(s: PolicyStatement): Problem[] {
  const out: Problem[] = [];
  for (const field of ['Action', 'NotAction'] as const) {
    for (const value of asList(s[field])) {
      const reason = actionProblem(value);
      if (reason) out.push({ field, value, reason });
    }
  }
  for (const field of ['Resource', 'NotResource'] as const) {
    for (const value of asList(s[field])) {
      const reason = resourceProblem(value);
      if (reason) out.push({ field, value, reason });
    }
  }
  for (const pairs of Object.values(s.Condition ?? {})) {
    for (const raw of Object.values(pairs)) {
      for (const value of asList(raw as string | string[])) {
        if (typeof value !== 'string' || !value.startsWith('arn:')) continue;
        const reason = arnProblem(value);
        if (reason) out.push({ field: 'Condition', value, reason });
      }
    }
  }
  return out;
}

const WHAT: Record<Problem['field'], string> = {
  Action: 'action',
  NotAction: 'NotAction entry',
  Resource: 'resource',
  NotResource: 'NotResource entry',
  Condition: 'condition ARN',
};

export default defineRule({
  meta: {
    id: 'PA-POL-003',
    title: 'Customer managed Proton policies contain only well-formed actions and ARNs',
    severity: 'medium',
    resource: 'managedPolicy',
    family: 'policies',
    rationale:
      'The PDF edition of the AWS Proton guide prints "cloudformation>DeleteStack" and "proton>DeleteService" (">" for ' +
      '":"), a Resource "arn:aws:region_id:123456789012:service-template/..." with no service field, and ARNs split by a ' +
      'line break. Copied into a policy, IAM never matches these strings: an Allow silently grants nothing (deployments ' +
      'fail on Access Denied), a Deny or a condition silently stops guarding anything. Each malformed action, resource and ' +
      'condition ARN is reported with its statement.',
    remediation: {
      text: 'Correct each reported string (cloudformation:DeleteStack, arn:aws:proton:<region>:<account>:service-template/<name>) and validate the document with IAM Access Analyzer before publishing a new default version.',
      cli:
        'aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document file://policy.json && ' +
        'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://policy.json --set-as-default',
      iac: 'Run IAM Access Analyzer policy validation (or cfn-lint) on the AWS::IAM::ManagedPolicy documents in CI.',
    },
    references: [
      { title: 'AWS Proton User Guide: service role policy with cloudformation>DeleteStack', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security_iam_service-role-policy-examples.html' },
      { title: 'AWS Proton User Guide: Resource without the proton service field', url: 'https://docs.aws.amazon.com/proton/latest/userguide/security_iam_condition-key-based-policy-examples.html' },
      { title: 'IAM: ARN format', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html' },
      { title: 'IAM Access Analyzer policy validation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-validation.html' },
    ],
    messages: {
      malformed: "Customer managed policy {{policy}} has the malformed {{what}} \"{{value}}\" in statement {{index}} ({{effect}}): {{reason}}.",
    },
  },
  requires: ['iam'],
  check(resource) {
    const policy = resource.data;
    if (policy.Arn.includes(':iam::aws:policy/')) return { status: 'skip', reason: 'AWS managed policy (AWS maintains it)' };
    const doc = defaultPolicyDocument(policy);
    if (!doc) return { status: 'skip', reason: 'the default policy version document was not collected' };
    const statements = asList(doc.Statement);
    const found = new Map<string, Problem & { index: number }>();
    statements.forEach((s, index) => {
      for (const p of statementProblems(s)) found.set(`${index}/${p.field}/${p.value}`, { ...p, index });
    });
    // Actions the IAM analysis rejects that pass the syntax check (e.g. an unknown service prefix).
    for (const m of resource.facts.iam?.malformedActions ?? []) {
      const field = asList(statements[m.evidence.index]?.NotAction).includes(m.value) ? 'NotAction' : 'Action';
      const key = `${m.evidence.index}/${field}/${m.value}`;
      if (!found.has(key)) found.set(key, { field, value: m.value, reason: 'not a known IAM action', index: m.evidence.index });
    }
    if (found.size === 0) return { status: 'pass' };
    return [...found.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([subKey, p]): RuleVerdict<'malformed'> => ({
        status: 'fail',
        subKey,
        messageId: 'malformed',
        data: { policy: policy.PolicyName, what: WHAT[p.field], value: p.value, index: p.index, effect: statements[p.index]?.Effect ?? 'unknown effect', reason: p.reason },
        evidence: { policyArn: policy.Arn, field: p.field, value: p.value, reason: p.reason, statementIndex: p.index, statement: statements[p.index] ?? null },
      }));
  },
});
