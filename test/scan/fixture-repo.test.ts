/**
 * The fixture template repository (environment, service with pipeline, SAM service, Terraform
 * and CodeBuild environments, a component, specs and sync files) with planted problems: each
 * must be reported at the line of the source file that holds it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fsTree } from '../../src/scan/source/fs-tree.ts';
import { prepareScan, scanTree, type ScanResult } from '../../src/scan/scan.ts';
import { FIXTURE_FILES, FIXTURE_REPO, lineOf } from './helpers.ts';

let result: ScanResult;
beforeAll(async () => {
  await prepareScan();
  result = scanTree(fsTree(FIXTURE_REPO, ['.']));
});

const { VPC, VPC_SCHEMA, VPC_SPEC, WEB, PIPE, SAM, TF, TF_BACKEND, CDK, COMPONENT, WEB_SPEC } = FIXTURE_FILES;

/** [code, file, text on the expected line, also-expected message fragment] */
const PLANTED: Array<[string, string, string, string?]> = [
  ['jinja.truncate-leeway', VPC, 'truncate(32)'],
  ['resource.no-retain', VPC, '  LogsBucket:'],
  ['resource.open-ingress', VPC, 'CidrIp: 0.0.0.0/0', 'port 22'],
  ['resource.kms-no-rotation', VPC, '  EventsKey:'],
  ['resource.unencrypted', VPC, "{{ topic | title }}Topic:"],
  ['iam.trust-root-unconditioned', VPC, "- Effect: Allow\n            Principal:\n              AWS: arn:aws:iam::853240018376:root"],
  ['resource.hardcoded-account', VPC, 'arn:aws:iam::853240018376:root'],
  ['schema.default-invalid', VPC_SCHEMA, 'default: "thirty"'],
  ['inputs.unused', VPC_SCHEMA, 'log_retention_days:'],
  ['schema.required-with-default', VPC_SCHEMA, 'default: platform'],
  ['spec.unknown-key', VPC_SPEC, 'vpc_cidrr', "did you mean 'vpc_cidr'"],
  ['spec.enum', VPC_SPEC, 'size: medium'],
  ['iam.component-policy-arns', WEB, 'proton_cfn_iam_policy_arns'],
  ['iam.service-wildcard', WEB, "- Effect: Allow\n                Action: 's3:*'"],
  ['iam.passrole-star', WEB, "- Effect: Allow\n                Action: iam:PassRole"],
  ['inputs.undeclared', WEB, 'sidecar_imagee'],
  ['render.error', WEB, 'environment.outputs.ClusterArn', 'ClusterArn'],
  ['jinja.component-output-unguarded', WEB, 'outputs.QueueUrl'],
  ['iam.admin', PIPE, "- Effect: Allow\n                Action: '*'"],
  ['resource.codebuild-privileged', PIPE, 'PrivilegedMode: true'],
  ['codebuild.pipe-to-shell', PIPE, 'curl -sSL https://get.example.com/tool.sh | bash'],
  ['resource.no-retain', PIPE, 'DeployBucket{{ loop.index }}:'],
  ['resource.no-retain', SAM, '  ItemsTable:'],
  ['iam.service-wildcard', SAM, "- Effect: Allow\n              Action: 'dynamodb:*'", 'dynamodb'],
  ['policy.public', SAM, "Principal: '*'"],
  ['terraform.backend-unencrypted', TF_BACKEND, 'backend "s3"'],
  ['terraform.default-tags', TF_BACKEND, 'provider "aws"'],
  ['resource.open-ingress', TF, 'cidr_blocks = ["0.0.0.0/0"]', 'port 3389'],
  ['iam.admin', TF, '{\n        Effect   = "Allow"\n        Action   = "*"'],
  ['inputs.undeclared', TF, 'bucket_sufix', "Did you mean 'bucket_prefix'"],
  ['codebuild.unpinned-image', CDK, 'standard:latest'],
  ['codebuild.pipe-to-shell', CDK, '| sudo bash'],
  ['secret.codebuild-env', CDK, 'DB_PASSWORD'],
  ['jinja.unescaped-dynamic-reference', COMPONENT, '{{resolve:ssm:'],
  ['spec.enum', WEB_SPEC, 'cpu: "2048"'],
  ['spec.unknown-key', WEB_SPEC, 'memroy', "did you mean 'memory'"],
  ['spec.bounds', WEB_SPEC, 'desired_count: 0'],
  ['secret.spec', WEB_SPEC, 'db_password'],
  ['spec.pipeline-unexpected', 'specs/functions-dev.yaml', 'pipeline:'],
  ['sync.ops-incomplete-instance', 'configuration/proton-ops.yaml', 'web-prod-b:'],
];

/** The expected line; a multi-line `text` (consecutive lines, checked) names its first line. */
function expectedLine(file: string, text: string): number {
  const parts = text.split('\n');
  const last = lineOf(FIXTURE_REPO, file, (parts.at(-1) as string).trim());
  const first = last - parts.length + 1;
  const lines = readFileSync(join(FIXTURE_REPO, file), 'utf8').split('\n');
  parts.forEach((p, i) => expect(lines[first - 1 + i]?.trim(), `${file}:${first + i}`).toContain(p.trim()));
  return first;
}

describe('scan of the fixture template repository', () => {
  it('discovers every bundle with its kind, name and major version', () => {
    const bundles = result.inventory.bundles.map((b) => `${b.root}|${b.kind}|${b.name}|${b.major ?? '-'}|${b.parts.map((p) => `${p.role}:${p.engine}`).join(',')}`);
    expect(bundles).toEqual([
      'components/queue|component|queue|-|component:cloudformation',
      'environment-templates/cdk-env/v1|environment|cdk-env|1|infrastructure:codebuild',
      'environment-templates/tf-env/v1|environment|tf-env|1|infrastructure:terraform',
      'environment-templates/vpc-env/v1|environment|vpc-env|1|infrastructure:cloudformation',
      'legacy-templates/old-svc|service|old-svc|-|infrastructure:cloudformation,pipeline:cloudformation',
      'service-templates/fargate-svc/v1|service|fargate-svc|1|instance:cloudformation,pipeline:cloudformation',
      'service-templates/lambda-svc/v1|service|lambda-svc|1|instance:cloudformation',
    ]);
  });

  it('binds each spec by the documented order and says how', () => {
    expect(result.bindings.map((b) => `${b.spec.file} -> ${b.bundle?.root ?? '-'} (${b.via ?? '-'})`)).toEqual([
      'environment-templates/vpc-env/v1/spec/spec.yaml -> environment-templates/vpc-env/v1 (spec-folder)',
      'specs/functions-dev.yaml -> service-templates/lambda-svc/v1 (schema-overlap)',
      'specs/web-prod.yaml -> service-templates/fargate-svc/v1 (schema-overlap)',
    ]);
  });

  for (const [code, file, text, fragment] of PLANTED) {
    it(`${code} in ${file} at the line holding ${JSON.stringify(text.split('\n').at(-1)?.trim())}`, () => {
      const line = expectedLine(file, text);
      const hits = result.issues.filter((i) => i.code === code && i.location.file === file);
      expect(hits.map((h) => h.location.line), `${code} issues in ${file}`).toContain(line);
      if (fragment) expect(hits.find((h) => h.location.line === line)?.message).toContain(fragment);
    });
  }

  it('merges resources a loop renders from one source line into one issue listing the instances', () => {
    const topics = result.issues.filter((i) => i.code === 'resource.unencrypted' && i.location.file === VPC);
    expect(topics).toHaveLength(1);
    expect(topics[0]?.instances).toEqual(['BillingTopic', 'OrdersTopic']);
    const buckets = result.issues.filter((i) => i.code === 'resource.no-retain' && i.location.file === PIPE);
    expect(buckets).toHaveLength(1);
    expect(buckets[0]?.instances).toEqual(['DeployBucket1', 'DeployBucket2']);
  });

  it('reports a branch only a variation renders, naming the variation', () => {
    const open = result.issues.find((i) => i.code === 'resource.open-ingress' && i.location.file === VPC);
    expect(JSON.stringify(open?.data)).toContain('environment.inputs.allow_ssh = true');
  });

  it('reports the pre-GA bundle and the service without a registration file, and scans on', () => {
    const preGa = result.issues.find((i) => i.code === 'layout.pre-ga');
    expect(preGa?.location).toEqual({ file: 'legacy-templates/old-svc/infrastructure/manifest.yaml', line: lineOf(FIXTURE_REPO, 'legacy-templates/old-svc/infrastructure/manifest.yaml', 'engine: jinja') });
    const schema = 'service-templates/lambda-svc/v1/schema/schema.yaml';
    expect(result.issues.find((i) => i.code === 'layout.missing-registration')?.location).toEqual({ file: schema, line: lineOf(FIXTURE_REPO, schema, 'service_input_type') });
  });

  it('never treats a Secrets Manager reference as a secret, and never prints a secret', () => {
    expect(result.issues.some((i) => i.message.includes('API_TOKEN'))).toBe(false);
    const text = JSON.stringify(result.issues);
    for (const secret of ['Sup3r-S3cret-Value', 'Tr0ub4dor-and-3']) expect(text).not.toContain(secret);
  });

  it('does not repeat a render failure that a more specific issue explains', () => {
    const sidecar = lineOf(FIXTURE_REPO, WEB, 'sidecar_imagee');
    expect(result.issues.filter((i) => i.location.file === WEB && i.location.line === sidecar).map((i) => i.code)).toEqual(['inputs.undeclared']);
  });

  it('gives every issue a file and a line one can click', () => {
    expect(result.issues.filter((i) => i.location.line === undefined).map((i) => `${i.code} ${i.location.file}`)).toEqual([]);
  });

  it('is deterministic', () => {
    const again = scanTree(fsTree(FIXTURE_REPO, ['.']));
    expect(JSON.stringify(again.issues)).toBe(JSON.stringify(result.issues));
  });
});
