/**
 * Checks on single rendered resources, CloudFormation and Terraform alike, table-driven:
 * stateful resources without DeletionPolicy Retain (deleting a service fails on a non-empty
 * bucket without it: https://docs.aws.amazon.com/proton/latest/userguide/template-considerations.html),
 * storage without encryption at rest where AWS does not encrypt by default, KMS keys without
 * rotation, privileged CodeBuild projects, ingress from 0.0.0.0/0 or ::/0, resource policies
 * open to everyone, and hard-coded 12-digit account ids. A value the scanner cannot know
 * (an intrinsic, a Terraform expression, a placeholder) is never judged.
 */
import { conditionEntries } from '../../facts/iam/conditions.ts';
import { statementsOf, toList } from '../../facts/iam/statements.ts';
import type { PolicyDocument } from '../../model/index.ts';
import { cfnString, resolvePolicyDocument } from '../iac/intrinsics.ts';
import type { IacResource } from '../iac/model.ts';
import { containsPlaceholder } from '../jinja/placeholders.ts';
import type { ScanIssue } from '../core/types.ts';
import type { Segment } from '../yaml/yaml-doc.ts';
import { resourceIssue, type RenderScope } from './scope.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Known = true | false | undefined;

/** true / false when the value is a literal boolean (or its string form), undefined when unknown. */
function bool(v: unknown): Known {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

function get(obj: unknown, path: readonly Segment[]): unknown {
  let cur = obj;
  for (const s of path) {
    if (Array.isArray(cur) && typeof s === 'number') cur = cur[s];
    else if (Array.isArray(cur) && typeof s === 'string') cur = isRecord(cur[0]) ? cur[0][s] : undefined; // Terraform blocks are lists
    else if (isRecord(cur)) cur = cur[String(s)];
    else return undefined;
  }
  return cur;
}

const unknownValue = (v: unknown): boolean => (typeof v === 'string' && (v.includes('${') || containsPlaceholder(v))) || (isRecord(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::')));

// ---------------------------------------------------------------- deletion policy

const STATEFUL = new Set([
  'AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem',
  'AWS::ECR::Repository', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain', 'AWS::DocDB::DBCluster',
  'AWS::Neptune::DBCluster', 'AWS::Redshift::Cluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::Kinesis::Stream', 'AWS::Serverless::SimpleTable',
  'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool', 'AWS::Backup::BackupVault', 'AWS::EC2::Volume',
]);
const SNAPSHOT_CAPABLE = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster', 'AWS::Redshift::Cluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::EC2::Volume']);

// ---------------------------------------------------------------- encryption at rest (where AWS does not encrypt by default)

interface EncryptionCheck {
  /** Encrypted when this path holds true ('flag') or any value ('present'). */
  path: Segment[];
  mode: 'flag' | 'present';
  /** Not applicable when this path holds a value (e.g. an Aurora instance encrypted by its cluster). */
  unless?: Segment[];
}

const ENCRYPTION: Record<string, EncryptionCheck> = {
  'AWS::RDS::DBInstance': { path: ['StorageEncrypted'], mode: 'flag', unless: ['DBClusterIdentifier'] },
  'AWS::RDS::DBCluster': { path: ['StorageEncrypted'], mode: 'flag' },
  'AWS::EFS::FileSystem': { path: ['Encrypted'], mode: 'flag' },
  'AWS::SNS::Topic': { path: ['KmsMasterKeyId'], mode: 'present' },
  'AWS::EC2::Volume': { path: ['Encrypted'], mode: 'flag' },
  'AWS::ElastiCache::ReplicationGroup': { path: ['AtRestEncryptionEnabled'], mode: 'flag' },
  'AWS::Kinesis::Stream': { path: ['StreamEncryption'], mode: 'present' },
  'AWS::OpenSearchService::Domain': { path: ['EncryptionAtRestOptions', 'Enabled'], mode: 'flag' },
  'AWS::Elasticsearch::Domain': { path: ['EncryptionAtRestOptions', 'Enabled'], mode: 'flag' },
  'AWS::DocDB::DBCluster': { path: ['StorageEncrypted'], mode: 'flag' },
  'AWS::Neptune::DBCluster': { path: ['StorageEncrypted'], mode: 'flag' },
  'AWS::Redshift::Cluster': { path: ['Encrypted'], mode: 'flag' },
  aws_db_instance: { path: ['storage_encrypted'], mode: 'flag', unless: ['replicate_source_db'] },
  aws_rds_cluster: { path: ['storage_encrypted'], mode: 'flag' },
  aws_efs_file_system: { path: ['encrypted'], mode: 'flag' },
  aws_sns_topic: { path: ['kms_master_key_id'], mode: 'present' },
  aws_ebs_volume: { path: ['encrypted'], mode: 'flag' },
  aws_elasticache_replication_group: { path: ['at_rest_encryption_enabled'], mode: 'flag' },
  aws_kinesis_stream: { path: ['encryption_type'], mode: 'present' },
  aws_opensearch_domain: { path: ['encrypt_at_rest', 'enabled'], mode: 'flag' },
  aws_docdb_cluster: { path: ['storage_encrypted'], mode: 'flag' },
  aws_neptune_cluster: { path: ['storage_encrypted'], mode: 'flag' },
  aws_redshift_cluster: { path: ['encrypted'], mode: 'flag' },
};

// ---------------------------------------------------------------- resource policies

const RESOURCE_POLICIES: Record<string, Segment[]> = {
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::KMS::Key': ['KeyPolicy'],
  'AWS::ECR::Repository': ['RepositoryPolicyText'],
  'AWS::SecretsManager::ResourcePolicy': ['ResourcePolicy'],
  'AWS::OpenSearchService::Domain': ['AccessPolicies'],
  'AWS::Elasticsearch::Domain': ['AccessPolicies'],
  'AWS::EFS::FileSystem': ['FileSystemPolicy'],
  'AWS::Events::EventBusPolicy': ['Statement'],
  aws_s3_bucket_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sqs_queue: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sns_topic: ['policy'],
  aws_kms_key: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_lambda_layer_version_permission: ['principal'],
};
const PUBLIC_NARROWING = /^aws:(principalorgid|principalorgpaths|principalaccount|principalarn|sourceaccount|sourcearn|sourceorgid|sourcevpce?|sourceip|vpcsourceip|principalservicename|calledvia)$|^kms:(calleraccount|viaservice)$|^s3:dataaccesspointaccount$/i;

function policyDocument(value: unknown): PolicyDocument | undefined {
  if (isRecord(value)) return resolvePolicyDocument('Statement' in value ? value : { Statement: value }) as PolicyDocument;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      const v: unknown = JSON.parse(value);
      return isRecord(v) ? (v as unknown as PolicyDocument) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return toList(principal.AWS).includes('*') || toList(principal.CanonicalUser).includes('*');
}

// ---------------------------------------------------------------- ingress

const OPEN = new Set(['0.0.0.0/0', '::/0']);

interface Ingress {
  cidr: string;
  from?: unknown;
  to?: unknown;
  protocol?: unknown;
  path: Segment[];
}

function ingressRules(r: IacResource): Ingress[] {
  const p = r.properties;
  const out: Ingress[] = [];
  const cfnRule = (rule: Record<string, unknown>, path: Segment[]): void => {
    for (const key of ['CidrIp', 'CidrIpv6']) {
      const v = cfnString(rule[key]);
      if (v && OPEN.has(v.trim())) out.push({ cidr: v.trim(), from: rule.FromPort, to: rule.ToPort, protocol: rule.IpProtocol, path: [...path, key] });
    }
  };
  const tfRule = (rule: Record<string, unknown>, path: Segment[]): void => {
    for (const key of ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6']) {
      const list = Array.isArray(rule[key]) ? (rule[key] as unknown[]) : rule[key] !== undefined ? [rule[key]] : [];
      list.forEach((v, i) => {
        if (typeof v === 'string' && OPEN.has(v.trim())) out.push({ cidr: v.trim(), from: rule.from_port, to: rule.to_port, protocol: rule.protocol ?? rule.ip_protocol, path: Array.isArray(rule[key]) ? [...path, key, i] : [...path, key] });
      });
    }
  };
  if (r.type === 'AWS::EC2::SecurityGroup' && Array.isArray(p.SecurityGroupIngress)) p.SecurityGroupIngress.forEach((rule, i) => isRecord(rule) && cfnRule(rule, ['SecurityGroupIngress', i]));
  if (r.type === 'AWS::EC2::SecurityGroupIngress') cfnRule(p, []);
  if (r.type === 'aws_security_group' && Array.isArray(p.ingress)) p.ingress.forEach((rule, i) => isRecord(rule) && tfRule(rule, ['ingress', i]));
  if (r.type === 'aws_security_group_rule' && p.type === 'ingress') tfRule(p, []);
  if (r.type === 'aws_vpc_security_group_ingress_rule') tfRule(p, []);
  return out;
}

function portText(i: Ingress): string {
  const from = typeof i.from === 'number' || typeof i.from === 'string' ? String(i.from) : undefined;
  const to = typeof i.to === 'number' || typeof i.to === 'string' ? String(i.to) : undefined;
  if (String(i.protocol) === '-1' || String(i.protocol) === 'all') return 'all ports';
  if (from === undefined) return 'unknown ports';
  return from === to || to === undefined ? `port ${from}` : `ports ${from}-${to}`;
}

// ---------------------------------------------------------------- account ids

/** Account ids AWS documentation uses as examples. */
export const DOCUMENTED_ACCOUNTS = new Set(['111122223333', '123456789012', '444455556666', '777788889999', '555555555555', '999999999999', '000000000000', '111111111111', '222222222222', '210987654321', '012345678901', '123456789000']);
const ARN_ACCOUNT = /arn:aws[\w-]*:[\w-]*:[\w-]*:(\d{12}):/g;
const BARE_ACCOUNT = /^\d{12}$/;

function accountIds(value: unknown, path: Segment[], out: Array<{ id: string; path: Segment[] }>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(ARN_ACCOUNT)) out.push({ id: m[1] ?? '', path });
    if (BARE_ACCOUNT.test(value.trim())) out.push({ id: value.trim(), path });
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => accountIds(v, [...path, i], out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) accountIds(v, [...path, k], out);
}

export function resourceIssues(scope: RenderScope, sourceText: (file: string) => string): ScanIssue[] {
  const out: ScanIssue[] = [];
  for (const r of scope.template.resources) {
    const p = r.properties;
    // Deletion policy (CloudFormation).
    if (r.language === 'cloudformation' && STATEFUL.has(r.type)) {
      const dp = r.attributes.DeletionPolicy;
      const value = typeof dp === 'string' ? dp : undefined;
      const ok = value === 'Retain' || value === 'RetainExceptOnCreate' || (value === 'Snapshot' && SNAPSHOT_CAPABLE.has(r.type));
      if (!ok && (dp === undefined || value !== undefined)) {
        const at = dp === undefined ? r.location : (scope.template.documents[0]?.locate(['Resources', r.id, 'DeletionPolicy']) ?? r.location);
        out.push(resourceIssue(scope, r, 'resource.no-retain', at, `${r.type} ${r.id} has ${dp === undefined ? 'no DeletionPolicy' : `DeletionPolicy ${value}`}: deleting the stack deletes its data${r.type === 'AWS::S3::Bucket' ? ' (and fails on a non-empty bucket, blocking the deletion of the Proton resource)' : ''}.`, 'deletion-policy', { deletionPolicy: value ?? null }));
      }
    }
    // Encryption at rest.
    const enc = ENCRYPTION[r.type];
    if (enc && !(enc.unless && get(p, enc.unless) !== undefined)) {
      const v = get(p, enc.path);
      const judged = !unknownValue(v) && (enc.mode === 'present' || v === undefined || bool(v) !== undefined);
      const encrypted = enc.mode === 'flag' ? bool(v) === true : !(v === undefined || v === null || v === '');
      if (judged && !encrypted) {
        out.push(resourceIssue(scope, r, 'resource.unencrypted', v === undefined ? r.location : r.locate(enc.path), `${r.type} ${r.id} is not encrypted at rest (${enc.path.join('.')} ${v === undefined ? 'not set' : `is ${JSON.stringify(v)}`}).`, 'encryption'));
      }
    }
    if ((r.type === 'AWS::SQS::Queue' && bool(p.SqsManagedSseEnabled) === false && p.KmsMasterKeyId === undefined) || (r.type === 'aws_sqs_queue' && bool(p.sqs_managed_sse_enabled) === false && p.kms_master_key_id === undefined)) {
      out.push(resourceIssue(scope, r, 'resource.unencrypted', r.locate([r.language === 'cloudformation' ? 'SqsManagedSseEnabled' : 'sqs_managed_sse_enabled']), `${r.type} ${r.id} turns server-side encryption off.`, 'encryption'));
    }
    // KMS rotation (symmetric keys only).
    if (r.type === 'AWS::KMS::Key' || r.type === 'aws_kms_key') {
      const spec = r.type === 'AWS::KMS::Key' ? (p.KeySpec ?? 'SYMMETRIC_DEFAULT') : (p.customer_master_key_spec ?? p.key_spec ?? 'SYMMETRIC_DEFAULT');
      const usage = r.type === 'AWS::KMS::Key' ? p.KeyUsage : p.key_usage;
      const flag = r.type === 'AWS::KMS::Key' ? 'EnableKeyRotation' : 'enable_key_rotation';
      if (spec === 'SYMMETRIC_DEFAULT' && usage !== 'GENERATE_VERIFY_MAC' && !unknownValue(p[flag]) && bool(p[flag]) !== true) {
        out.push(resourceIssue(scope, r, 'resource.kms-no-rotation', p[flag] === undefined ? r.location : r.locate([flag]), `KMS key ${r.id} does not rotate its key material (${flag} ${p[flag] === undefined ? 'not set' : 'false'}).`, 'rotation'));
      }
    }
    // Privileged CodeBuild.
    const privileged = r.type === 'AWS::CodeBuild::Project' ? { v: get(p, ['Environment', 'PrivilegedMode']), path: ['Environment', 'PrivilegedMode'] } : r.type === 'aws_codebuild_project' ? { v: get(p, ['environment', 'privileged_mode']), path: ['environment', 0, 'privileged_mode'] } : undefined;
    if (privileged && bool(privileged.v) === true) {
      out.push(resourceIssue(scope, r, 'resource.codebuild-privileged', r.locate(privileged.path), `CodeBuild project ${r.id} runs builds in privileged mode (root on the build host's Docker daemon).`, 'privileged'));
    }
    // Ingress from anywhere.
    for (const i of ingressRules(r)) {
      out.push(resourceIssue(scope, r, 'resource.open-ingress', r.locate(i.path), `${r.type} ${r.id} allows ingress from ${i.cidr} on ${portText(i)}.`, `${i.cidr}:${portText(i)}`, { cidr: i.cidr, ports: portText(i), fromPort: i.from ?? null, toPort: i.to ?? null }));
    }
    // Resource policies open to everyone.
    const policyPath = RESOURCE_POLICIES[r.type];
    if (policyPath) {
      const raw = get(p, policyPath);
      if (r.type === 'aws_lambda_layer_version_permission') {
        if (raw === '*') out.push(resourceIssue(scope, r, 'policy.public', r.locate(policyPath), `${r.type} ${r.id} shares the layer with every AWS account.`, 'public'));
      } else {
        const doc = policyDocument(raw);
        const statements = doc ? statementsOf(doc) : [];
        statements.forEach((s, i) => {
          if (s.Effect !== 'Allow' || !isEveryone(s.Principal)) return;
          if (conditionEntries(s).some((e) => PUBLIC_NARROWING.test(e.key))) return;
          const sub: Segment[] = isRecord(raw) && Array.isArray((raw as { Statement?: unknown }).Statement) ? [...policyPath, 'Statement', i] : policyPath;
          out.push(resourceIssue(scope, r, 'policy.public', r.locate(sub), `${r.type} ${r.id} allows ${toList(s.Action).slice(0, 3).join(', ') || 'actions'} to everyone (Principal "*" without a narrowing condition).`, `stmt#${i}`, { actions: toList(s.Action).slice(0, 10) }));
        });
      }
    }
    if ((r.type === 'AWS::Lambda::Permission' && cfnString(p.Principal) === '*' && p.SourceArn === undefined && p.SourceAccount === undefined && p.PrincipalOrgID === undefined) || (r.type === 'aws_lambda_permission' && p.principal === '*' && p.source_arn === undefined && p.source_account === undefined && p.principal_org_id === undefined)) {
      out.push(resourceIssue(scope, r, 'policy.public', r.locate([r.language === 'cloudformation' ? 'Principal' : 'principal']), `${r.type} ${r.id} lets anyone invoke the function.`, 'public'));
    }
    // Hard-coded account ids: written in the template itself, not given by a spec.
    const found: Array<{ id: string; path: Segment[] }> = [];
    accountIds(p, [], found);
    const reported = new Set<string>();
    for (const f of found) {
      if (DOCUMENTED_ACCOUNTS.has(f.id) || reported.has(f.id)) continue;
      const loc = r.locate(f.path);
      const text = loc.line !== undefined ? scope.lineText(loc.file, loc.line) : sourceText(loc.file);
      if (!text.includes(f.id)) continue;
      reported.add(f.id);
      out.push(resourceIssue(scope, r, 'resource.hardcoded-account', loc, `${r.type} ${r.id} hard-codes account id ${f.id}; use \${AWS::AccountId}, an environment output or an input so the template works in every account.`, f.id, { accountId: f.id }));
    }
  }
  return out;
}
