/**
 * A trust document that does not decode may be a Proton role's: the role is kept and the gap is
 * named in coverage (collection and import alike), never dropped while coverage says ok.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/import/index.ts';
import { selectIam } from '../../src/snapshot/normalize/iam-select.ts';

const ACCOUNT = '111111111111';
const broken = { RoleName: 'MaybeProton', Arn: `arn:aws:iam::${ACCOUNT}:role/MaybeProton`, RoleId: 'AROAEXAMPLE1', Path: '/', CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B' };
const other = { RoleName: 'Web', Arn: `arn:aws:iam::${ACCOUNT}:role/Web`, RoleId: 'AROAEXAMPLE2', Path: '/', CreateDate: '2026-01-01T00:00:00Z', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } };

describe('undecodable IAM documents', () => {
  it('selection keeps a role whose trust policy does not decode, and names it', () => {
    const sel = selectIam([broken, other] as never[], [], [], ACCOUNT);
    expect(sel.roles.map((r) => r.RoleName)).toEqual(['MaybeProton']);
    expect(sel.problems).toEqual([[broken.Arn, 'role MaybeProton: trust policy: document does not decode to a policy']]);
  });

  it('import records the gap in coverage against the role, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-undecodable-'));
    writeFileSync(join(dir, 'get-caller-identity.json'), JSON.stringify({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/me`, UserId: 'AIDAEXAMPLE' }));
    writeFileSync(join(dir, 'get-account-authorization-details.json'), JSON.stringify({ RoleDetailList: [broken, other], Policies: [], UserDetailList: [], GroupDetailList: [] }));
    const { snapshot, notes } = await importDirectory(dir, { region: 'us-east-1' });
    const gaad = snapshot.coverage.find((e) => e.operation === 'GetAccountAuthorizationDetails');
    expect(gaad?.status).toBe('error');
    expect(gaad?.failedResources).toEqual([broken.Arn]);
    expect(gaad?.errors?.[0]?.code).toBe('MalformedPolicyDocument');
    expect(snapshot.accounts[0]?.iam?.roles.map((r) => r.RoleName)).toEqual(['MaybeProton']);
    expect(notes.some((n) => n.includes('MaybeProton'))).toBe(true);
  });
});
