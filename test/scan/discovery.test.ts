import { beforeAll, describe, expect, it } from 'vitest';
import { deployedSpecVerdicts } from '../../src/scan/breaking/deployed.ts';
import { discover } from '../../src/scan/discover/index.ts';
import { memoryTree } from '../../src/scan/source/tree.ts';
import { prepareScan, scanTree } from '../../src/scan/scan.ts';

beforeAll(prepareScan);

const M = (file: string, engine = 'jinja'): string => `infrastructure:\n  templates:\n    - file: "${file}"\n      rendering_engine: ${engine}\n`;
const ENV_SCHEMA = 'schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "E"\n  types:\n    E:\n      type: object\n      properties:\n        VpcId:\n          type: string\n        Subnets:\n          type: array\n';

describe('discovery of unusual layouts', () => {
  it('tells a customer-managed environment (schema only) and flags its non-string outputs', () => {
    const r = scanTree(memoryTree({ 'cm-env/v2/schema/schema.yaml': ENV_SCHEMA }));
    expect(r.inventory.bundles.map((b) => `${b.kind}:${b.name}:${b.major}`)).toEqual(['customer-managed-environment:cm-env:2']);
    expect(r.issues.map((i) => `${i.code}@${i.location.line}`)).toEqual(['schema.customer-managed-not-string@12']);
  });

  it('reports a layout it does not know, and a manifest naming a missing file, without failing', () => {
    const r = scanTree(
      memoryTree({
        'odd/schema/schema.yaml': 'schema:\n  format:\n    openapi: "3.0.0"\n  types: {}\n',
        'env/v1/schema/schema.yaml': ENV_SCHEMA,
        'env/v1/infrastructure/manifest.yaml': M('missing.yaml'),
      }),
    );
    const codes = r.issues.map((i) => `${i.code}:${i.location.file}`);
    expect(codes).toContain('layout.unknown:odd/schema/schema.yaml');
    expect(codes).toContain('layout.manifest-file-missing:env/v1/infrastructure/manifest.yaml');
  });

  it('reads JSON CloudFormation templates with their lines', () => {
    const json = '{\n  "Resources": {\n    "Data": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": { "BucketName": "{{ environment.name }}" }\n    }\n  }\n}\n';
    const r = scanTree(memoryTree({ 'j/v1/schema/schema.yaml': ENV_SCHEMA.replace(/        VpcId:[\s\S]*$/, '        n:\n          type: string\n          default: x\n'), 'j/v1/infrastructure/manifest.yaml': M('template.json'), 'j/v1/infrastructure/template.json': json }));
    expect(r.issues.find((i) => i.code === 'resource.no-retain')?.location).toEqual({ file: 'j/v1/infrastructure/template.json', line: 3 });
  });
});

describe('deployed specs against a changed schema', () => {
  it('fails the resources whose recorded spec no longer validates and skips those not collected', () => {
    const inv = discover(memoryTree({ 'env/v1/schema/schema.yaml': ENV_SCHEMA.replace('        Subnets:\n          type: array\n', '        Size:\n          type: string\n          enum: [s]\n      required: [Size]\n'), 'env/v1/infrastructure/manifest.yaml': M('c.yaml'), 'env/v1/infrastructure/c.yaml': 'Resources: {}\n' }));
    const verdicts = deployedSpecVerdicts(inv.bundles, [
      { kind: 'environment', name: 'prod', templateName: 'env', templateMajorVersion: '1', spec: 'proton: EnvironmentSpec\nspec:\n  VpcId: v\n' },
      { kind: 'environment', name: 'dev', templateName: 'env', templateMajorVersion: '1', spec: 'proton: EnvironmentSpec\nspec:\n  Size: s\n' },
      { kind: 'environment', name: 'redacted', templateName: 'env', templateMajorVersion: '1' },
      { kind: 'environment', name: 'other-major', templateName: 'env', templateMajorVersion: '2', spec: 'x: 1' },
    ]);
    expect(verdicts.map((v) => `${v.target.name}:${v.status}`)).toEqual(['prod:fail', 'dev:pass', 'redacted:skip']);
    expect(verdicts[0]?.status === 'fail' && verdicts[0].problems).toEqual(["required input 'Size' is missing and has no default"]);
  });
});

describe('a directly defined component attached', () => {
  it('is rendered as a variant, so filter output that breaks the YAML only with a component is caught', () => {
    const schema = 'schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "S"\n  types:\n    S:\n      type: object\n      properties:\n        image:\n          type: string\n          default: nginx:1\n';
    const iac = 'Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: "{{ service_instance.inputs.image }}"\n          Environment: {{ service_instance.components.default.outputs | proton_cfn_ecs_task_definition_formatted_env_vars }}\n';
    const r = scanTree(memoryTree({ 's/v1/schema/schema.yaml': schema, 's/v1/instance_infrastructure/manifest.yaml': M('c.yaml'), 's/v1/instance_infrastructure/c.yaml': iac, 's/v1/.template-registration.yaml': 'compatible_environments:\n  - e:1\nsupported_component_sources:\n  - DIRECTLY_DEFINED\n' }));
    const bad = r.issues.find((i) => i.code === 'render.invalid-output');
    expect(bad?.location.line).toBe(8);
    expect(bad?.data?.variant).toBe('with a directly defined component attached');
  });
});
