import { describe, expect, it } from 'vitest';
import { roleKey } from '../../src/knowledge/roles.ts';
import { daysSince, hoursSince } from '../../src/facts/age.ts';
import { caseView, quietAnalyzers } from '../helpers/case-builder.ts';

const ACCT = '111122223333';
const role = (name: string): string => `arn:aws:iam::${ACCT}:role/${name}`;

describe('role usage', () => {
  const view = caseView(
    {
      iam: {
        roles: [
          { RoleName: 'env-role', Path: '/service-role/', RoleLastUsed: { LastUsedDate: '2026-05-22T00:00:00Z' } },
          { RoleName: 'pipeline-role', RoleLastUsed: {} },
          { RoleName: 'idle', RoleLastUsed: null },
        ],
      },
      proton: {
        accountSettings: { pipelineServiceRoleArn: role('pipeline-role'), pipelineCodebuildRoleArn: role('pipeline-role') },
        // The environment names the role without its path: still the same role.
        environments: [{ name: 'prod', protonServiceRoleArn: role('env-role'), componentRoleArn: role('env-role') }],
        environmentAccountConnections: [{ id: 'c1', environmentAccountId: ACCT, roleArn: `arn:aws:iam::${ACCT}:role/service-role/env-role` }],
      },
    },
    { analyzers: quietAnalyzers },
  );
  const usage = (name: string) => view.ofType('role').find((r) => r.name === name)?.facts.usage;

  it('collects every use and the resources naming the role', () => {
    expect(usage('env-role')).toEqual({
      uses: ['environment', 'environmentComponent', 'connection'],
      usedBy: [
        `arn:aws:proton:us-east-1:${ACCT}:environment-account-connection/c1`,
        `arn:aws:proton:us-east-1:${ACCT}:environment/prod`,
      ],
      daysSinceLastUsed: 10,
      neverUsed: false,
    });
    expect(usage('pipeline-role')).toMatchObject({ uses: ['pipeline', 'pipelineCodebuild'], usedBy: [`arn:aws:proton:us-east-1:${ACCT}:account`], neverUsed: true, daysSinceLastUsed: null });
  });

  it('tells "never used" from "unknown"', () => {
    expect(usage('idle')).toEqual({ uses: [], usedBy: [], daysSinceLastUsed: null, neverUsed: false });
  });

  it('keys roles by account and name, ignoring the path', () => {
    expect(roleKey(`arn:aws:iam::${ACCT}:role/a/b/name`)).toBe(`${ACCT}/name`);
    expect(roleKey('not-an-arn')).toBeUndefined();
  });
});

describe('ages', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('counts whole days and hours, null when unknown', () => {
    expect(daysSince('2026-05-01T12:00:01Z', now)).toBe(30);
    expect(hoursSince('2026-06-01T00:30:00Z', now)).toBe(11);
    expect(daysSince(undefined, now)).toBeNull();
    expect(hoursSince('not a date', now)).toBeNull();
  });
});
