import { describe, expect, it } from 'vitest';
import { bindSpecs, globToRegExp } from '../../src/scan/bind/bind.ts';
import { discover } from '../../src/scan/discover/index.ts';
import { memoryTree } from '../../src/scan/source/tree.ts';

const MANIFEST = 'infrastructure:\n  templates:\n    - file: "cloudformation.yaml"\n      rendering_engine: jinja\n';
const schema = (props: string[]): string =>
  `schema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "In"\n  types:\n    In:\n      type: object\n      properties:\n${props.map((p) => `        ${p}:\n          type: string\n          default: x\n`).join('')}`;

function repo(extra: Record<string, string>) {
  return memoryTree({
    'a/v1/schema/schema.yaml': schema(['vpc', 'size']),
    'a/v1/infrastructure/manifest.yaml': MANIFEST,
    'a/v1/infrastructure/cloudformation.yaml': 'Resources: {}\n',
    'b/v1/schema/schema.yaml': schema(['vpc', 'size']),
    'b/v1/infrastructure/manifest.yaml': MANIFEST,
    'b/v1/infrastructure/cloudformation.yaml': 'Resources: {}\n',
    'b/v2/schema/schema.yaml': schema(['vpc', 'size', 'zone']),
    'b/v2/infrastructure/manifest.yaml': MANIFEST,
    'b/v2/infrastructure/cloudformation.yaml': 'Resources: {}\n',
    ...extra,
  });
}

describe('binding specs to templates', () => {
  it('reports an ambiguous spec as info with its candidates instead of guessing', () => {
    const inv = discover(repo({ 'envs/dev.yaml': 'proton: EnvironmentSpec\nspec:\n  vpc: v\n' }));
    const [b] = bindSpecs(inv.specs, inv.bundles, inv.opsFiles);
    expect(b?.bundle).toBeUndefined();
    expect(b?.issues.map((i) => i.code)).toEqual(['bind.ambiguous']);
    expect(b?.issues[0]?.data?.candidates).toEqual(['a/v1', 'b/v1', 'b/v2']);
  });

  it('prefers configuration, then proton-ops with a snapshot, then a spec folder, then key overlap', () => {
    const tree = repo({
      'envs/dev.yaml': 'proton: EnvironmentSpec\nspec:\n  vpc: v\n',
      'envs/zoned.yaml': 'proton: EnvironmentSpec\nspec:\n  zone: z\n',
      'b/v1/spec/spec.yaml': 'proton: EnvironmentSpec\nspec:\n  zone: z\n',
    });
    const inv = discover(tree);
    const bound = bindSpecs(inv.specs, inv.bundles, inv.opsFiles, { bindings: [{ spec: 'envs/dev.*', template: 'b' }] });
    expect(bound.map((b) => `${b.spec.file}:${b.bundle?.root}:${b.via}`)).toEqual(['b/v1/spec/spec.yaml:b/v1:spec-folder', 'envs/dev.yaml:b/v2:config', 'envs/zoned.yaml:b/v2:schema-overlap']);
  });

  it('binds through proton-ops when a snapshot names the service template', () => {
    const svcSchema = 'schema:\n  format:\n    openapi: "3.0.0"\n  service_input_type: "S"\n  types:\n    S:\n      type: object\n      properties:\n        port:\n          type: number\n';
    const tree = memoryTree({
      'web/v3/schema/schema.yaml': svcSchema,
      'web/v3/instance_infrastructure/manifest.yaml': MANIFEST,
      'web/v3/instance_infrastructure/cloudformation.yaml': 'Resources: {}\n',
      'api/v1/schema/schema.yaml': svcSchema,
      'api/v1/instance_infrastructure/manifest.yaml': MANIFEST,
      'api/v1/instance_infrastructure/cloudformation.yaml': 'Resources: {}\n',
      'proton-ops.yaml': 'sync:\n  services:\n    frontend:\n      prod:\n        branch: main\n        spec: ./svc/spec.yaml\n',
      'svc/spec.yaml': 'proton: ServiceSpec\ninstances:\n  - name: prod\n    environment: p\n    spec:\n      port: 80\n',
    });
    const inv = discover(tree);
    const [b] = bindSpecs(inv.specs, inv.bundles, inv.opsFiles, { serviceTemplates: new Map([['frontend', { template: 'web' }]]) });
    expect(`${b?.bundle?.root}:${b?.via}:${b?.service}`).toBe('web/v3:proton-ops:frontend');
  });

  it('globs', () => {
    expect(globToRegExp('specs/**/*.yaml').test('specs/a/b/c.yaml')).toBe(true);
    expect(globToRegExp('specs/*.yaml').test('specs/a/c.yaml')).toBe(false);
  });
});
