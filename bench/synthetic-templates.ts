/**
 * A synthetic template repository for the scan benchmark: `bundles` bundles (environment
 * CloudFormation, services with pipelines, SAM services, Terraform environments, in turn) and
 * `specs` spec files spread over them, with loops, conditionals and filters in every template.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MANIFEST = 'infrastructure:\n  templates:\n    - file: "cloudformation.yaml"\n      rendering_engine: jinja\n      template_language: cloudformation\n';

function envBundle(i: number): Record<string, string> {
  return {
    'schema/schema.yaml': `schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "Env${i}"\n  types:\n    Env${i}:\n      type: object\n      properties:\n        vpc_cidr:\n          type: string\n          default: "10.${i % 250}.0.0/16"\n        public:\n          type: boolean\n          default: false\n        topics:\n          type: array\n          default: ["a", "b", "c"]\n        size:\n          type: string\n          enum: ["small", "large"]\n          default: small\n`,
    'infrastructure/manifest.yaml': MANIFEST,
    'infrastructure/cloudformation.yaml': `Resources:\n  VPC:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: '{{ environment.inputs.vpc_cidr }}'\n  Bucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: '{{ environment.name | truncate(30, true, "", 0) }}-b'\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: sg\n      SecurityGroupIngress:\n{% if environment.inputs.public %}\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n{% else %}\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8 }\n{% endif %}\n{% for t in environment.inputs.topics %}\n  Topic{{ loop.index }}:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n      TopicName: '{{ environment.name }}-{{ t }}'\n{% endfor %}\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - { Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - { Effect: Allow, Action: ['s3:GetObject'], Resource: !Sub '\${Bucket.Arn}/*' }\n{% if environment.inputs.size == "large" %}\n              - { Effect: Allow, Action: 'sqs:*', Resource: '*' }\n{% endif %}\nOutputs:\n  VpcId:\n    Value: !Ref VPC\n  BucketName:\n    Value: !Ref Bucket\n`,
  };
}

function serviceBundle(i: number, env: string): Record<string, string> {
  return {
    '.template-registration.yaml': `compatible_environments:\n  - ${env}:1\nsupported_component_sources:\n  - DIRECTLY_DEFINED\n`,
    'schema/schema.yaml': `schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "Svc${i}"\n  pipeline_input_type: "Pipe${i}"\n  types:\n    Svc${i}:\n      type: object\n      properties:\n        image:\n          type: string\n        port:\n          type: number\n          default: 80\n        debug:\n          type: boolean\n          default: false\n      required: [image]\n    Pipe${i}:\n      type: object\n      properties:\n        test_command:\n          type: string\n          default: "make test"\n`,
    'instance_infrastructure/manifest.yaml': MANIFEST,
    'instance_infrastructure/cloudformation.yaml': `Resources:\n  TaskRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }\n      ManagedPolicyArns:\n        {{ service_instance.components.default.outputs | proton_cfn_iam_policy_arns }}\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: '{{ service_instance.inputs.image }}'\n          PortMappings: [{ ContainerPort: {{ service_instance.inputs.port }} }]\n          Environment:\n            {{ service_instance.components.default.outputs | proton_cfn_ecs_task_definition_formatted_env_vars }}\n{% if service_instance.inputs.debug %}\n            - { Name: DEBUG, Value: '1' }\n{% endif %}\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{ Key: vpc, Value: '{{ environment.outputs.VpcId }}' }]\nOutputs:\n  TaskArn:\n    Value: !Ref Task\n`,
    'pipeline_infrastructure/manifest.yaml': MANIFEST,
    'pipeline_infrastructure/cloudformation.yaml': `Resources:\n  Project:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Environment: { Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: 'aws/codebuild/standard:7.0' }\n      Source:\n        Type: NO_SOURCE\n        BuildSpec: |\n          version: 0.2\n          phases:\n            build:\n              commands:\n                - {{ pipeline.inputs.test_command }}\n{% for si in service_instances %}\n  Deploy{{ loop.index }}:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: '{{ si.name }} {{ si.outputs.TaskArn }}'\n{% endfor %}\n`,
  };
}

function samBundle(i: number): Record<string, string> {
  return {
    '.template-registration.yaml': 'compatible_environments:\n  - env-0:1\n',
    'schema/schema.yaml': `schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "Fn${i}"\n  types:\n    Fn${i}:\n      type: object\n      properties:\n        memory:\n          type: integer\n          default: 128\n          minimum: 128\n`,
    'instance_infrastructure/manifest.yaml': MANIFEST,
    'instance_infrastructure/cloudformation.yaml': `Transform: AWS::Serverless-2016-10-31\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      MemorySize: {{ service_instance.inputs.memory }}\n      Runtime: python3.12\n      Handler: a.b\n      Policies:\n        - DynamoDBCrudPolicy: { TableName: !Ref Table }\n`,
  };
}

function tfBundle(i: number): Record<string, string> {
  return {
    'schema/schema.yaml': `schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "Tf${i}"\n  types:\n    Tf${i}:\n      type: object\n      properties:\n        cidr:\n          type: string\n          default: "10.0.0.0/16"\n`,
    'infrastructure/manifest.yaml': 'infrastructure:\n  templates:\n    - file: "*"\n      rendering_engine: hcl\n      template_language: terraform\n',
    'infrastructure/main.tf': `terraform {\n  backend "s3" {\n    encrypt = true\n  }\n}\nprovider "aws" {\n  default_tags {\n    tags = var.proton_tags\n  }\n}\nresource "aws_vpc" "v" {\n  cidr_block = var.environment.inputs.cidr\n}\nresource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\noutput "vpc" {\n  value = aws_vpc.v.id\n}\n`,
  };
}

export function writeSyntheticRepository(dir: string, bundles: number, specs: number): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const put = (rel: string, content: string): void => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
    files++;
    bytes += Buffer.byteLength(content);
  };
  const kinds: Array<{ root: string; kind: 'env' | 'svc' | 'sam' | 'tf' }> = [];
  for (let i = 0; i < bundles; i++) {
    const kind = (['env', 'svc', 'svc', 'env', 'sam', 'tf', 'svc', 'env', 'svc', 'env'] as const)[i % 10] as 'env' | 'svc' | 'sam' | 'tf';
    const root = `${kind === 'env' || kind === 'tf' ? 'environment' : 'service'}-templates/${kind}-${i}/v1`;
    const content = kind === 'env' ? envBundle(i) : kind === 'svc' ? serviceBundle(i, `env-${Math.max(0, i - 1 - ((i - 1) % 10))}`) : kind === 'sam' ? samBundle(i) : tfBundle(i);
    for (const [rel, text] of Object.entries(content)) put(`${root}/${rel}`, text);
    kinds.push({ root, kind });
  }
  for (let s = 0; s < specs; s++) {
    const b = kinds[s % kinds.length] as { root: string; kind: string };
    const name = `${b.root.split('/')[1]}-${s}`;
    if (b.kind === 'env' || b.kind === 'tf') put(`specs/${name}.yaml`, `proton: EnvironmentSpec\nspec:\n  ${b.kind === 'env' ? `vpc_cidr: "10.${s % 250}.0.0/16"\n  size: large` : 'cidr: "10.1.0.0/16"'}\n`);
    else if (b.kind === 'svc') put(`specs/${name}.yaml`, `proton: ServiceSpec\npipeline:\n  test_command: "npm test"\ninstances:\n  - name: ${name}-a\n    environment: e\n    spec:\n      image: "registry.example.com/app:${s}"\n      port: 8080\n  - name: ${name}-b\n    environment: e\n    spec:\n      image: "registry.example.com/app:${s}"\n`);
    else put(`specs/${name}.yaml`, `proton: ServiceSpec\ninstances:\n  - name: ${name}\n    environment: e\n    spec:\n      memory: 256\n`);
  }
  // Bind every spec explicitly, as a configuration would: the synthetic schemas overlap on purpose.
  return { files, bytes };
}

/** Bindings for the synthetic specs: spec name prefix → bundle template name. */
export function syntheticBindings(bundles: number): Array<{ spec: string; template: string }> {
  const out: Array<{ spec: string; template: string }> = [];
  for (let i = 0; i < bundles; i++) {
    const kind = (['env', 'svc', 'svc', 'env', 'sam', 'tf', 'svc', 'env', 'svc', 'env'] as const)[i % 10];
    out.push({ spec: `specs/${kind}-${i}-*.yaml`, template: `${kind}-${i}` });
  }
  return out;
}
