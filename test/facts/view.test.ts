import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.ts';
import { createSnapshotView } from '../../src/facts/index.ts';
import { RESOURCE_TYPES, SCAN_RESOURCE_TYPES, type Tag } from '../../src/model/index.ts';
import { tagFacts } from '../../src/facts/tags.ts';
import { caseSnapshot, caseView, quietAnalyzers } from '../helpers/case-builder.ts';

const P = 'arn:aws:proton:us-east-1:111122223333';

describe('snapshot view', () => {
  const view = caseView(
    {
      iam: { roles: [{ RoleName: 'env-role' }], policies: [{ PolicyName: 'AWSProtonFullAccess', Arn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', Document: { Statement: [] } }], policyEntities: [{ PolicyArn: 'arn:aws:iam::aws:policy/AWSProtonFullAccess', PolicyUsers: [{ UserName: 'alice' }] }] },
      proton: {
        environments: [{ name: 'prod', protonServiceRoleArn: 'arn:aws:iam::111122223333:role/env-role' }],
        services: [{ name: 'api', pipeline: { spec: 'x: 1' } }],
        serviceInstances: [{ name: 'one', serviceName: 'api', environmentName: 'prod' }],
        components: [{ name: 'bucket' }],
        environmentAccountConnections: [{ id: 'c-1' }],
        repositories: [{ name: 'org/app' }],
      },
      tagging: { provisionedResources: [{ ResourceARN: 'arn:aws:s3:::my-bucket', Tags: { 'proton:environment': 'x' } }] },
      cloudformation: { stacks: [{ StackName: 'AWSProton-prod', StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/AWSProton-prod/1' }] },
    },
    { analyzers: quietAnalyzers },
  );

  it('looks resources up by a data field, through an index built on first use', () => {
    expect(view.lookup('serviceInstance', 'serviceName', 'api').map((r) => r.name)).toEqual(['one']);
    expect(view.lookup('serviceInstance', 'serviceName', 'nope')).toEqual([]);
    expect(view.lookup('environment', 'protonServiceRoleArn', 'arn:aws:iam::111122223333:role/env-role').map((r) => r.name)).toEqual(['prod']);
    // Only string fields are indexed.
    expect(view.lookup('serviceInstance', 'pipeline', '[object Object]')).toEqual([]);
  });

  it('has every resource type with AWS ARNs, a pipeline named after its service and a per-region account', () => {
    const rows = view.resources.map((r) => [r.type, r.name, r.arn, r.region]);
    expect(rows).toEqual([
      ['account', '111122223333/us-east-1', `${P}:account`, 'us-east-1'],
      ['environmentTemplate', 'env-template', `${P}:environment-template/env-template`, 'us-east-1'],
      ['environmentTemplateVersion', 'env-template:1.0', `${P}:environment-template/env-template:1.0`, 'us-east-1'],
      ['serviceTemplate', 'svc-template', `${P}:service-template/svc-template`, 'us-east-1'],
      ['serviceTemplateVersion', 'svc-template:1.0', `${P}:service-template/svc-template:1.0`, 'us-east-1'],
      ['environment', 'prod', `${P}:environment/prod`, 'us-east-1'],
      ['service', 'api', `${P}:service/api`, 'us-east-1'],
      ['servicePipeline', 'api', `${P}:service/api/pipeline`, 'us-east-1'],
      ['serviceInstance', 'one', `${P}:service/api/service-instance/one`, 'us-east-1'],
      ['component', 'bucket', `${P}:component/bucket`, 'us-east-1'],
      ['environmentAccountConnection', 'c-1', `${P}:environment-account-connection/c-1`, 'us-east-1'],
      ['repository', 'org/app', `${P}:repository/github:org/app`, 'us-east-1'],
      ['role', 'env-role', 'arn:aws:iam::111122223333:role/env-role', 'global'],
      ['managedPolicy', 'AWSProtonFullAccess', 'arn:aws:iam::aws:policy/AWSProtonFullAccess', 'global'],
      ['provisionedResource', 'my-bucket', 'arn:aws:s3:::my-bucket', 'us-east-1'],
      ['stack', 'AWSProton-prod', 'arn:aws:cloudformation:us-east-1:111122223333:stack/AWSProton-prod/1', 'us-east-1'],
    ]);
    // Every cloud type; the scanned types come from repository files, never from a snapshot.
    expect(new Set(view.resources.map((r) => r.type))).toEqual(new Set(RESOURCE_TYPES.filter((t) => !SCAN_RESOURCE_TYPES.has(t))));
  });

  it('attaches facts per type', () => {
    const one = view.byArn(`${P}:service/api/service-instance/one`);
    expect(one?.facts.version).toMatchObject({ known: true, versionStatus: 'PUBLISHED', compatibleWithEnvironment: true });
    expect(one?.facts.tags?.collected).toBe(true);
    expect(view.ofType('servicePipeline')[0]?.facts.secrets).toEqual([]);
    expect(view.ofType('role')[0]?.facts).toMatchObject({ usage: { uses: ['environment'] }, iam: { adminEquivalent: false }, trust: { trustsProton: false } });
    expect(view.ofType('managedPolicy')[0]?.data).toMatchObject({ PolicyUsers: [{ UserName: 'alice' }], PolicyGroups: [], PolicyRoles: [] });
    expect(view.ofType('provisionedResource')[0]?.facts.tags).toMatchObject({ customer: { 'proton:environment': 'x' }, imitations: [] });
  });

  it('records analyses that threw instead of failing the whole view', () => {
    const v = caseView({ iam: { roles: [{ RoleName: 'r' }] } }, { analyzers: { ...quietAnalyzers, analyzeTrust: () => { throw new Error('bad document'); } } });
    const role = v.ofType('role')[0];
    expect(role?.facts.trust).toBeUndefined();
    expect(v.factErrors(role?.arn ?? '')).toEqual(['trust analysis failed: bad document']);
  });
});

describe('shared facts', () => {
  const config = { ...defaultConfig(), requiredTags: { keys: ['Owner', 'Owner', 'CostCenter'], byType: {}, patterns: { CostCenter: 'CC-[0-9]+' } } };
  const estate = {
    proton: {
      environments: [{ name: 'prod', tags: { Owner: 'ops', Tier: 'gold', 'proton:fake': 'x' } }, { name: 'dev' }],
      services: [{ name: 'api', tags: { Owner: 'team', 'aws-proton:env': 'y', Team: 'z' } }, { name: 'web' }],
      serviceInstances: [
        { name: 'a', serviceName: 'api', environmentName: 'prod' },
        { name: 'b', serviceName: 'api', environmentName: 'prod' },
        { name: 'c', serviceName: 'api', environmentName: 'gone' },
        { name: 'd', serviceName: 'gone', environmentName: 'prod' },
        { name: 'e', serviceName: 'web', environmentName: 'dev' },
        { name: 'f', serviceName: 'api', environmentName: 'prod', tags: { Owner: 'me', CostCenter: 'bad', 'proton:x': '1' } },
      ],
    },
  };
  const view = caseView(estate, { analyzers: quietAnalyzers, config });
  const tagsOf = (arn: string | undefined): Tag[] => {
    const t = view.snapshot.accounts[0]?.regions[0]?.tagging?.protonResources.find((x) => x.ResourceARN === arn);
    return t ? t.Tags : [];
  };

  it('gives every instance the tag facts tagFacts gives it, untagged ones shared and frozen', () => {
    const instances = view.ofType('serviceInstance');
    expect(instances.map((i) => i.name)).toEqual(['a', 'b', 'c', 'f', 'd', 'e']);
    for (const i of instances) {
      const data = i.data as { serviceName: string; environmentName: string };
      const parents = [
        view.ofType('service').find((s) => s.name === data.serviceName)?.arn,
        view.ofType('environment').find((e) => e.name === data.environmentName)?.arn,
      ].filter((x): x is string => x !== undefined);
      const want = tagFacts({ tags: tagsOf(i.arn), requiredKeys: config.requiredTags.keys, patterns: config.requiredTags.patterns, parents: parents.map((arn) => ({ arn, tags: tagsOf(arn) })), isProtonResource: true });
      expect(JSON.stringify(i.facts.tags), i.name).toBe(JSON.stringify(want));
    }
    const [a, b] = instances;
    expect(a?.facts.tags?.missingFromParent.map((m) => m.key)).toEqual(['Owner', 'Owner', 'Team', 'Tier']);
    expect(a?.facts.tags?.missingRequired).toEqual(['CostCenter', 'Owner']);
    expect(Object.isFrozen(a?.facts.tags)).toBe(true);
    expect(Object.isFrozen(a?.facts.tags?.missingFromParent)).toBe(true);
    expect(b?.facts.tags?.missingRequired).toBe(a?.facts.tags?.missingRequired);
    expect(instances.find((i) => i.name === 'f')?.facts.tags?.badValues).toEqual([{ key: 'CostCenter', value: 'bad', pattern: 'CC-[0-9]+' }]);
  });

  it('gives the same tag facts whatever the order of the tag list, and the last entry of a repeated ARN answers', () => {
    const now = new Date('2026-11-01T00:00:00Z');
    const tagFactsOf = (snapshot: ReturnType<typeof caseSnapshot>): string[] =>
      createSnapshotView(snapshot, config, now, quietAnalyzers).resources.map((r) => `${r.arn} ${JSON.stringify(r.facts.tags)}`);
    const sorted = caseSnapshot(estate);
    const tagging = sorted.accounts[0]?.regions[0]?.tagging;
    expect(tagging?.protonResources.length).toBeGreaterThanOrEqual(3);
    const reversed = structuredClone(sorted);
    reversed.accounts[0]?.regions[0]?.tagging?.protonResources.reverse();
    expect(tagFactsOf(reversed)).toEqual(tagFactsOf(sorted));
    // A list read as given (not normalised) may name an ARN twice: as a Map, the later entry wins.
    const repeated = structuredClone(sorted);
    const list = repeated.accounts[0]?.regions[0]?.tagging?.protonResources ?? [];
    const f = list.find((t) => t.ResourceARN.endsWith('/service-instance/f'));
    list.push({ ResourceARN: f?.ResourceARN ?? '', Tags: [{ Key: 'Owner', Value: 'later' }] });
    const viewF = createSnapshotView(repeated, config, now, quietAnalyzers).ofType('serviceInstance').find((i) => i.name === 'f');
    expect(viewF?.facts.tags?.customer).toEqual({ Owner: 'later' });
  });

  it('shares a version lag and a quota use between instances that have the same ones, frozen', () => {
    const [a, b] = view.ofType('serviceInstance');
    expect(a?.facts.version).toBe(b?.facts.version);
    expect(Object.isFrozen(a?.facts.version)).toBe(true);
    expect(a?.facts.quotas?.customerTagsPerResource).toBe(b?.facts.quotas?.customerTagsPerResource);
    expect(a?.facts.quotas?.customerTagsPerResource).toMatchObject({ used: 0 });
  });
});

describe('collected()', () => {
  it('is ok when everything was collected', () => {
    const v = caseView({}, { analyzers: quietAnalyzers });
    for (const family of ['proton', 'tagging', 'iam', 'quotas'] as const) expect(v.collected(family, '111122223333', 'us-east-1')).toEqual({ ok: true });
  });

  it('names the operation, status and code when not', () => {
    const v = caseView({}, { analyzers: quietAnalyzers, notCollected: ['iam', 'quotas'] });
    expect(v.collected('iam', '111122223333', 'global')).toEqual({ ok: false, reason: 'not collected: GetAccountAuthorizationDetails denied (AccessDeniedException)' });
    expect(v.collected('quotas', '111122223333', 'us-east-1')).toEqual({ ok: false, reason: 'not collected: ListServiceQuotas denied (AccessDeniedException)' });
    expect(v.collected('iam', '999999999999', 'global').ok).toBe(false);
  });

  it('treats absent data as not collected, and a global resource needs every region', () => {
    const snapshot = caseSnapshot({});
    const account = snapshot.accounts[0];
    if (!account) throw new Error('fixture');
    account.regions.push({ region: 'eu-west-1', quotas: [] });
    const v = createSnapshotView(snapshot, defaultConfig(), new Date(), quietAnalyzers);
    expect(v.collected('proton', '111122223333', 'eu-west-1')).toEqual({ ok: false, reason: 'not collected: Proton data absent' });
    expect(v.collected('proton', '111122223333', 'us-east-1')).toEqual({ ok: true });
    expect(v.collected('proton', '111122223333', 'global')).toEqual({ ok: false, reason: 'not collected: Proton data absent in eu-west-1' });
    expect(v.collected('tagging', '111122223333', 'eu-west-1')).toEqual({ ok: false, reason: 'not collected: tagging data absent' });
  });

  it('counts only the Proton operations a resource type depends on', () => {
    const snapshot = caseSnapshot({});
    const repos = snapshot.coverage.find((e) => e.operation === 'ListRepositories');
    if (!repos) throw new Error('fixture');
    repos.status = 'error';
    const v = createSnapshotView(snapshot, defaultConfig(), new Date(), quietAnalyzers);
    expect(v.collected('proton', '111122223333', 'us-east-1', undefined, 'environment')).toEqual({ ok: true });
    expect(v.collected('proton', '111122223333', 'us-east-1', undefined, 'repository')).toEqual({ ok: false, reason: 'not collected: ListRepositories error' });
    expect(v.listingGap('111122223333', 'us-east-1', 'repository').ok).toBe(false);
    expect(v.listingGap('111122223333', 'us-east-1', 'environment').ok).toBe(true);
  });
});
