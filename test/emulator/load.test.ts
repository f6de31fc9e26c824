import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadEstate, startEmulator } from '../../src/emulator/index.ts';
import { parseEstate, parseEstateText } from '../../src/emulator/load.ts';
import { A, testEstate } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'estate-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function problemsOf(p: Promise<unknown>): Promise<Array<{ file: string; location: string; message: string }>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return [...(err as InputError).problems];
}

describe('loadEstate', () => {
  it('loads a valid JSON estate and the same estate as YAML', async () => {
    const estate = testEstate();
    const fromJson = await loadEstate(file('ok.json', JSON.stringify(estate)));
    expect(fromJson.accounts.map((a) => a.accountId)).toEqual(estate.accounts.map((a) => a.accountId));
    const yaml = `estateVersion: 1\naccounts:\n  - accountId: "${A}"\n    regions:\n      - region: us-east-1\n        protonAvailable: false\n`;
    const fromYaml = await loadEstate(file('ok.yaml', yaml));
    expect(fromYaml.accounts[0]?.regions[0]?.protonAvailable).toBe(false);
  });

  it('unwraps pasted `aws proton get-*` output', async () => {
    const estate = {
      estateVersion: 1,
      accounts: [
        {
          accountId: A,
          regions: [
            {
              region: 'us-east-1',
              proton: {
                accountSettings: { accountSettings: { pipelineServiceRoleArn: `arn:aws:iam::${A}:role/P` } },
                environmentTemplates: [{ environmentTemplate: { name: 'net', createdAt: '2021-06-09T17:20:47.123000+00:00' } }],
                environments: [{ environment: { name: 'dev', templateName: 'net', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED', createdAt: 1623259247.123 } }],
              },
            },
          ],
        },
      ],
    };
    const loaded = await loadEstate(file('wrapped.json', JSON.stringify(estate)));
    expect(loaded.accounts[0]?.regions[0]?.proton?.environments?.[0]?.name).toBe('dev');
    expect(loaded.accounts[0]?.regions[0]?.proton?.accountSettings?.pipelineServiceRoleArn).toBe(`arn:aws:iam::${A}:role/P`);
  });

  it('reports a missing file, broken JSON and broken YAML with a location', async () => {
    expect(await problemsOf(loadEstate(join(dir, 'absent.json')))).toEqual([{ file: join(dir, 'absent.json'), location: '', message: 'no such file' }]);
    const [json] = await problemsOf(loadEstate(file('broken.json', '{\n  "estateVersion": 1,\n  "accounts": [\n}')));
    expect(json?.location).toMatch(/^(line \d+, column \d+|end of file)$/);
    expect(json?.message).toMatch(/invalid JSON/);
    const [yaml] = await problemsOf(loadEstate(file('broken.yaml', 'estateVersion: 1\naccounts: [\n  - a: b\n')));
    expect(yaml?.message).toMatch(/invalid YAML/);
    const [alias] = await problemsOf(loadEstate(file('alias.yaml', 'accounts: *nowhere\n')));
    expect(alias?.message).toMatch(/invalid YAML/);
  });

  it('lists every schema problem with its JSON path', async () => {
    const bad = {
      estateVersion: 1,
      acounts: [],
      accounts: [
        { accountId: '12345', regions: [{ region: 'moon-1', protonAvailable: 'yes' }] },
        {
          accountId: A,
          deny: ['proton:ListEnvironments', 's3:GetObject'],
          regions: [
            {
              region: 'us-east-1',
              proton: {
                environments: [{ name: 'bad name', templateName: 'x', templateMajorVersion: '1', templateMinorVersion: 'one', deploymentStatus: 'GREAT' }],
                services: [{ name: 'svc', templateName: 'web' }],
              },
              tags: { 'not-an-arn': { Owner: 'me' } },
            },
          ],
        },
      ],
    };
    const problems = await problemsOf(loadEstate(file('bad.json', JSON.stringify(bad))));
    const at = problems.map((p) => `${p.location}: ${p.message}`);
    expect(at).toEqual(
      expect.arrayContaining([
        "$: unknown key 'acounts'",
        expect.stringMatching(/^\$\.accounts\[0\]\.accountId: must match pattern/),
        expect.stringMatching(/^\$\.accounts\[0\]\.regions\[0\]\.region: must match pattern/),
        '$.accounts[0].regions[0].protonAvailable: must be boolean',
        expect.stringMatching(/^\$\.accounts\[1\]\.deny\[1\]: must match pattern/),
        expect.stringMatching(/^\$\.accounts\[1\]\.regions\[0\]\.proton\.environments\[0\]\.name: must match pattern/),
        expect.stringMatching(/^\$\.accounts\[1\]\.regions\[0\]\.proton\.environments\[0\]\.templateMinorVersion: must match pattern/),
        expect.stringMatching(/^\$\.accounts\[1\]\.regions\[0\]\.proton\.environments\[0\]\.deploymentStatus: must be equal to one of the allowed values/),
        "$.accounts[1].regions[0].proton.services[0]: missing required field 'status'",
        expect.stringMatching(/^\$\.accounts\[1\]\.regions\[0\]\.tags: property name must be valid|^\$\.accounts\[1\]\.regions\[0\]\.tags\["not-an-arn"\]/),
      ]),
    );
    for (const p of problems) expect(p.file).toBe(join(dir, 'bad.json'));
  });

  it('lists every reference problem once the shape is right', async () => {
    const estate = testEstate();
    const account = estate.accounts[0];
    const region = account?.regions[0];
    if (!account || !region?.proton || !account.iam) throw new Error('fixture changed');
    estate.accounts.push({ accountId: A, regions: [] });
    region.proton.environmentTemplateVersions?.push({ templateName: 'ghost', majorVersion: '1', minorVersion: '0', status: 'PUBLISHED' });
    region.proton.serviceInstances?.push({ name: 'x', serviceName: 'nosvc', environmentName: 'noenv', templateName: 'web', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' });
    region.proton.environments?.push({ name: 'dev', templateName: 'net', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED' });
    account.iam.RoleDetailList?.push({ RoleName: 'Broken', AssumeRolePolicyDocument: 'not json', AttachedManagedPolicies: [{ PolicyArn: `arn:aws:iam::${A}:policy/Missing` }] });
    account.iam.UserDetailList?.push({ UserName: 'carol', GroupList: ['nogroup'] });
    estate.organization = { managementAccountId: '999999999999' };
    const problems = await problemsOf(Promise.resolve().then(() => parseEstate('estate.json', estate)));
    expect(problems.map((p) => `${p.location}: ${p.message}`).sort()).toEqual(
      [
        `$.accounts[3].accountId: account ${A} appears more than once`,
        '$.accounts[0].regions[0].proton.environmentTemplateVersions[7].templateName: no environment template named ghost in us-east-1',
        '$.accounts[0].regions[0].proton.environments[5]: environment dev appears more than once',
        '$.accounts[0].regions[0].proton.serviceInstances[7].serviceName: no service named nosvc in us-east-1',
        '$.accounts[0].regions[0].proton.serviceInstances[7].environmentName: no environment named noenv in us-east-1',
        '$.accounts[0].iam.RoleDetailList[3].AssumeRolePolicyDocument: not a policy document: expected a JSON object, JSON text or URL-encoded JSON text',
        `$.accounts[0].iam.RoleDetailList[3].AttachedManagedPolicies[0].PolicyArn: arn:aws:iam::${A}:policy/Missing is attached but not listed in Policies`,
        '$.accounts[0].iam.UserDetailList[2].GroupList[0]: no group named nogroup',
        '$.organization.managementAccountId: management account 999999999999 is not one of the estate\'s accounts',
      ].sort(),
    );
  });

  it('rejects a wrong estateVersion plainly', async () => {
    const problems = await problemsOf(loadEstate(file('v2.json', JSON.stringify({ estateVersion: 2, accounts: [] }))));
    expect(problems[0]).toMatchObject({ location: '$.estateVersion', message: 'estateVersion 2; this proton-audit reads estateVersion 1' });
  });

  it('startEmulator validates an estate built in code the same way', async () => {
    await expect(startEmulator({ estate: { estateVersion: 1, accounts: [] } as never })).rejects.toBeInstanceOf(InputError);
  });
});

describe('loader fuzzing', () => {
  const onlyInputErrors = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      expect(err.problems.length).toBeGreaterThan(0);
    }
  };

  it('never crashes on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => onlyInputErrors(() => parseEstate('fuzz.json', value))),
      { numRuns: 300 },
    );
  });

  it('never crashes on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('fuzz.json', 'fuzz.yaml'), (text, name) => onlyInputErrors(() => parseEstateText(name, text))),
      { numRuns: 300 },
    );
  });

  it('never crashes on a valid estate with one field replaced by anything', () => {
    const base = JSON.parse(JSON.stringify(testEstate())) as unknown;
    const paths: Array<Array<string | number>> = [];
    const walk = (v: unknown, path: Array<string | number>) => {
      paths.push(path);
      if (Array.isArray(v)) v.forEach((x: unknown, i) => walk(x, [...path, i]));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue(), (path, replacement) => {
        const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
        let node: Record<string | number, unknown> = copy;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
        node[path[path.length - 1] as string | number] = replacement;
        onlyInputErrors(() => parseEstate('mutated.json', copy));
      }),
      { numRuns: 400 },
    );
  });
});
