/**
 * `import` of a directory the real AWS CLI (v1) wrote: test/import/fixtures/export was produced
 * by fixtures/export-proton.sh against the emulator serving test/collect/fixtures/estate.ts
 * (regenerate both together: start the emulator on that estate, then
 * AWS_ENDPOINT_URL=<url> AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x export-proton.sh <dir> us-east-1).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { importDirectory } from '../../src/import/index.ts';
import { parseSnapshot, serializeSnapshot } from '../../src/snapshot/io.ts';
import type { CoverageEntry, Snapshot } from '../../src/model/index.ts';
import { canonicalJson } from '../../src/util/canonical-json.ts';
import { collectFrom } from '../collect/emulator-helpers.ts';
import { ACCOUNT, testEstate } from '../collect/fixtures/estate.ts';

const FIXTURE = new URL('./fixtures/export', import.meta.url).pathname;
const now = () => new Date('2026-11-02T00:00:00.000Z');
const cov = (s: Snapshot, service: string, operation: string, region = 'us-east-1'): CoverageEntry | undefined =>
  s.coverage.find((e) => e.service === service && e.operation === operation && e.region === region);

function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pa-import-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('import of an AWS CLI export', () => {
  let imported: Snapshot;
  beforeAll(async () => {
    imported = (await importDirectory(FIXTURE, { now })).snapshot;
  });

  it('gives what a live collection of the same account gives, but the unattached AWS managed policy', async () => {
    const live = (await collectFrom(testEstate())).snapshot;
    // GetAccountAuthorizationDetails (what the CLI exports) lists AWS managed policies only when
    // attached; the live collector also reads unattached AWSProton* ones through ListPolicies.
    const unattached = 'arn:aws:iam::aws:policy/AWSProtonFullAccess';
    const liveAccounts = structuredClone(live.accounts);
    const iam = liveAccounts[0]?.iam;
    if (iam) {
      iam.policies = iam.policies.filter((p) => p.Arn !== unattached);
      iam.policyEntities = iam.policyEntities.filter((e) => e.PolicyArn !== unattached);
    }
    expect(canonicalJson(imported.accounts)).toBe(canonicalJson(liveAccounts));
  });

  it('is a valid snapshot that lists the files it used and calls nothing', () => {
    expect(() => parseSnapshot('imported', serializeSnapshot(imported))).not.toThrow();
    expect(imported.collection).toMatchObject({ source: 'import', startedAt: '2026-11-02T00:00:00.000Z' });
    expect(imported.collection.files?.used).toHaveLength(46);
    expect(imported.collection.files?.unused).toEqual([]);
    expect(imported.coverage.every((e) => e.status === 'ok' && e.calls === 0)).toBe(true);
    expect(imported.accounts[0]?.accountId).toBe(ACCOUNT);
  });
});

describe('partial and odd exports', () => {
  it('a missing Get names the resource; a missing list is unavailable, so rules skip', async () => {
    const dir = copyFixture();
    rmSync(join(dir, 'get-environment-dev.json'));
    rmSync(join(dir, 'list-components.json'));
    rmSync(join(dir, 'get-component-cache.json'));
    rmSync(join(dir, 'get-resources-summary.json'));
    const { snapshot } = await importDirectory(dir, { now });
    expect(cov(snapshot, 'proton', 'GetEnvironment')).toMatchObject({ status: 'ok', failedResources: [`arn:aws:proton:us-east-1:${ACCOUNT}:environment/dev`] });
    expect(cov(snapshot, 'proton', 'ListComponents')).toMatchObject({ status: 'unavailable', errors: [{ code: 'NotExported', message: 'no list-components output in the export' }] });
    expect(cov(snapshot, 'proton', 'GetComponent')?.status).toBe('unavailable');
    expect(cov(snapshot, 'proton', 'GetResourcesSummary')?.status).toBe('unavailable');
    const dev = snapshot.accounts[0]?.regions[0]?.proton?.environments.find((e) => e.name === 'dev');
    expect(dev?.templateName).toBe('eks'); // the summary is kept
  });

  it('lists unusable files with the reason, and ignores another account', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'README.txt'), 'how I made this export\n');
    writeFileSync(join(dir, 'buckets.json'), JSON.stringify({ Buckets: [], Owner: {} }));
    writeFileSync(join(dir, 'roles.json'), JSON.stringify({ Roles: [] }));
    writeFileSync(join(dir, 'templates.json'), JSON.stringify({ templates: [] }));
    writeFileSync(
      join(dir, 'other-account-envs.json'),
      JSON.stringify({ environments: [{ name: 'x', arn: 'arn:aws:proton:us-east-1:999999999999:environment/x', templateName: 't', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' }] }),
    );
    const { snapshot } = await importDirectory(dir, { now });
    expect(snapshot.collection.files?.unused).toEqual([
      { file: 'README.txt', reason: 'not JSON' },
      { file: 'buckets.json', reason: 'not an AWS CLI output proton-audit reads (see docs/import.md)' },
      { file: 'other-account-envs.json', reason: `names account 999999999999, not the account imported (${ACCOUNT})` },
      { file: 'roles.json', reason: 'aws iam list-roles has no policies: export aws iam get-account-authorization-details instead' },
      {
        file: 'templates.json',
        reason: 'an empty template list: name the file after its command (list-environment-templates.json, list-service-template-versions-<name>.json, ...) so its kind is known',
      },
    ]);
    expect(snapshot.accounts[0]?.regions[0]?.proton?.environments).toHaveLength(2);
  });

  it('a corrupt .json file stops the import, naming file, line and column', async () => {
    const dir = copyFixture();
    writeFileSync(join(dir, 'list-services.json'), '{\n  "services": [\n    {"name": "a",,}\n  ]\n}\n');
    const err = await importDirectory(dir, { now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems).toEqual([{ file: 'list-services.json', location: expect.stringMatching(/^line 3, column \d+$/), message: expect.stringMatching(/^invalid JSON/) }]);
  });

  it('nothing usable, or no directory at all, is an input error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pa-import-empty-'));
    writeFileSync(join(empty, 'notes.md'), '# nothing here\n');
    await expect(importDirectory(empty, { now })).rejects.toThrow(/no usable AWS CLI output found/);
    await expect(importDirectory(join(empty, 'missing'), { now })).rejects.toThrow(InputError);
  });

  it('IAM and tags alone: Proton absent and every Proton operation unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-import-iam-'));
    for (const f of ['get-account-authorization-details.json', 'get-resources-proton-environment.json', 'get-caller-identity.json']) cpSync(join(FIXTURE, f), join(dir, f));
    const { snapshot } = await importDirectory(dir, { now, region: 'us-east-1' });
    const region = snapshot.accounts[0]?.regions[0];
    expect(region?.proton).toBeUndefined();
    expect(region?.tagging?.provisionedResources.length).toBeGreaterThan(0);
    expect(snapshot.coverage.filter((e) => e.service === 'proton').every((e) => e.status === 'unavailable')).toBe(true);
    // Without Proton no role is named; those trusting Proton are still found, and so is the
    // CodeBuild role by the AWSProtonCodeBuildProvisioning* policy it holds.
    expect(snapshot.accounts[0]?.iam?.roles.map((r) => r.RoleName)).toEqual(['LeftoverProtonRole', 'PipelineRole', 'ProtonEnvRole', 'ProtonCodeBuild']);
  });

  it('a filtered IAM export (roles only) names the held policies it lacks and the unknown holders', async () => {
    const dir = copyFixture();
    const gaad = JSON.parse(readFileSync(join(dir, 'get-account-authorization-details.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'get-account-authorization-details.json'), JSON.stringify({ RoleDetailList: gaad.RoleDetailList }));
    const { snapshot, notes } = await importDirectory(dir, { now });
    expect(cov(snapshot, 'iam', 'GetPolicyVersion', 'global')?.failedResources).toEqual([
      `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
      `arn:aws:iam::${ACCOUNT}:policy/ProtonDeployers`,
      'arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess',
      'arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
    expect(snapshot.accounts[0]?.iam?.policies).toEqual([]);
    expect(notes.some((n) => n.startsWith('4 managed policy(ies) held by kept roles are not in the IAM export'))).toBe(true);
  });

  it('reads UTF-16 files (PowerShell redirection) and files in sub-directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-import-utf16-'));
    const text = JSON.stringify({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/me`, UserId: 'AIDA1' });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sts'));
    writeFileSync(join(dir, 'sts', 'identity.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { snapshot, notes } = await importDirectory(dir, { now });
    expect(snapshot.accounts[0]?.identity?.UserId).toBe('AIDA1');
    expect(snapshot.collection.files?.used).toEqual(['sts/identity.json']);
    expect(notes).toContain('no file names a region; using us-east-1 (pass --region)');
  });
});
