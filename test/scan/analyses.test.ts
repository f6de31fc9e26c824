import { beforeAll, describe, expect, it } from 'vitest';
import { imageProblem, isPipeToShell } from '../../src/scan/analyze/codebuild.ts';
import { schemaHygiene } from '../../src/scan/analyze/schema-hygiene.ts';
import { checkValue, closest } from '../../src/scan/analyze/values.ts';
import { discover } from '../../src/scan/discover/index.ts';
import { loadHclParser, parseHcl } from '../../src/scan/iac/hcl.ts';
import { cfnString } from '../../src/scan/iac/intrinsics.ts';
import { expandSamPolicies } from '../../src/scan/iac/sam.ts';
import { pyRepr } from '../../src/scan/jinja/python-format.ts';
import { memoryTree } from '../../src/scan/source/tree.ts';
import { parseYaml } from '../../src/scan/yaml/yaml-doc.ts';

beforeAll(loadHclParser);

describe('values against a property schema', () => {
  it('checks type, enum, pattern, bounds and nested objects', () => {
    expect(checkValue({ type: 'integer' }, 1.5).map((p) => p.kind)).toEqual(['type']);
    expect(checkValue({ type: 'number' }, 3)).toEqual([]);
    expect(checkValue({ type: 'string', enum: ['a'] }, 'b').map((p) => p.kind)).toEqual(['enum']);
    expect(checkValue({ type: 'string', pattern: '^[a-z]+$', maxLength: 3 }, 'abcd1').map((p) => p.kind)).toEqual(['pattern', 'bounds']);
    expect(checkValue({ type: 'array', items: { type: 'number', minimum: 1 }, maxItems: 1 }, [0, 2]).map((p) => `${p.kind}@${p.path.join('.')}`)).toEqual(['bounds@', 'bounds@0']);
    expect(checkValue({ type: 'object', properties: { port: { type: 'number' } }, required: ['port'] }, { prot: 1 }).map((p) => p.message)).toEqual([
      "'prot' is not declared in the schema; did you mean 'port'?",
      "required input 'port' is missing and has no default",
    ]);
  });
  it('suggests only close names', () => {
    expect(closest('vpc_cidrr', ['vpc_cidr', 'size'])).toBe('vpc_cidr');
    expect(closest('zzz', ['vpc_cidr', 'size'])).toBeUndefined();
  });
});

describe('schema hygiene', () => {
  it('reports input types that do not exist, bad types, contradictory bounds and pipeline mismatches', () => {
    const schema = `schema:
  format:
    openapi: "3.1.0"
  service_input_type: "Missing"
  pipeline_input_type: "P"
  types:
    P:
      type: object
      properties:
        retries:
          type: int
        level:
          type: number
          minimum: 10
          maximum: 1
        colour:
          type: string
          enum: [red, 3]
          default: blue
`;
    const inv = discover(memoryTree({ 's/v1/schema/schema.yaml': schema, 's/v1/instance_infrastructure/manifest.yaml': 'infrastructure:\n  templates:\n    - file: a.yaml\n      rendering_engine: jinja\n', 's/v1/instance_infrastructure/a.yaml': 'Resources: {}\n' }));
    const codes = schemaHygiene(inv.bundles[0]!).map((i) => `${i.code}@${i.location.line}`);
    expect(codes).toEqual([
      'schema.bad-format@3',
      'schema.input-type-unknown@4',
      'schema.pipeline-input-type-without-pipeline@5',
      'schema.property-bad-type@11',
      'schema.bounds-contradict@14',
      'schema.enum-wrong-type@18',
      'schema.default-invalid@19',
    ]);
  });
});

describe('parsers', () => {
  it('reads CloudFormation short forms as CloudFormation does', () => {
    const doc = parseYaml('A: !Ref X\nB: !GetAtt R.Arn\nC: !Sub "arn:${AWS::Partition}:s3:::b"\nD: !If [c, 1, 2]\nE: !Condition c\n', { intrinsics: true });
    expect(doc.value).toEqual({ A: { Ref: 'X' }, B: { 'Fn::GetAtt': ['R', 'Arn'] }, C: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' }, D: { 'Fn::If': ['c', 1, 2] }, E: { Condition: 'c' } });
    expect(doc.warnings).toEqual([]);
    expect(cfnString({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' })).toBe('arn:aws:s3:::PAUNKNOWN_ref-Bucket/*');
  });
  it('parses Terraform with positions and keeps expressions symbolic', () => {
    const doc = parseHcl('resource "aws_s3_bucket" "b" {\n  bucket = "${var.environment.inputs.name}-x"\n  tags = { team = "a" }\n}\n');
    expect(doc.value).toEqual({ resource: { aws_s3_bucket: { b: { bucket: '${var.environment.inputs.name}-x', tags: { team: 'a' } } } } });
    expect(doc.lineOf(['resource', 'aws_s3_bucket', 'b', 'tags', 'team'])).toBe(3);
  });
  it('expands SAM policy templates into statements', () => {
    const sam = expandSamPolicies([{ S3ReadPolicy: { BucketName: 'data' } }, 'AmazonSQSFullAccess', { NoSuchPolicy: {} }]);
    expect(JSON.stringify(sam.inline[0]?.doc)).toContain('arn:aws:s3:::data/*');
    expect(sam.managedArns[0]?.arn).toBe('arn:aws:iam::aws:policy/AmazonSQSFullAccess');
    expect(sam.unknownTemplates.map((t) => t.name)).toEqual(['NoSuchPolicy']);
  });
});

describe('small predicates', () => {
  it('pipe-to-shell and unpinned images', () => {
    expect(isPipeToShell('curl -fsSL https://x | sh')).toBe(true);
    expect(isPipeToShell('wget -qO- https://x | sudo -E bash')).toBe(true);
    expect(isPipeToShell('curl -o tool https://x && sha256sum -c tool.sha256')).toBe(false);
    expect(imageProblem('aws/codebuild/standard:7.0')).toBeUndefined();
    expect(imageProblem('public.ecr.aws/x/y')).toBe('has no tag');
    expect(imageProblem('repo/img@sha256:abcd')).toBeUndefined();
  });
  it('prints like Python', () => {
    expect(pyRepr(['a', "it's", true, null, 1.5, { k: 'v' }])).toBe(`['a', "it's", True, None, 1.5, {'k': 'v'}]`);
  });
});
