// Every path of the escalation catalogue, checked from its own data: granting the first action of
// each step (and PassRole where needed) on '*' makes the path hold on every resource; taking any
// one step away, or pinning it to a resource of another type, closes it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/model/index.ts';
import { analyzePolicyDocument, loadIamData } from '../../../src/facts/iam/index.ts';
import { ESCALATION_PATHS, parseStep } from '../../../src/facts/iam/escalation-catalog.ts';
import { doc } from './helpers.ts';

beforeAll(async () => {
  await loadIamData();
});

const SELF = 'managed:arn:aws:iam::111122223333:policy/under-test';
const scopes = (statements: PolicyStatement[], id: string) =>
  analyzePolicyDocument(doc(...statements), SELF)
    .escalations.filter((e) => e.id === id)
    .map((e) => e.scope);

describe.each(ESCALATION_PATHS.map((p) => [p.id, p] as const))('%s', (id, path) => {
  const firstActions = path.steps.map((alternatives) => parseStep(alternatives[0] ?? '').action);
  const passRole: PolicyStatement[] = path.passRoleTo ? [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] : [];

  it('holds on every resource when each step is allowed on "*"', () => {
    expect(scopes([...passRole, { Effect: 'Allow', Action: firstActions, Resource: '*' }], id)).toEqual(['all']);
  });

  it('needs every step', () => {
    for (const missing of firstActions) {
      const rest = firstActions.filter((a) => a !== missing);
      if (rest.length === firstActions.length) continue;
      const statements = rest.length > 0 ? [{ Effect: 'Allow', Action: rest, Resource: '*' } as PolicyStatement] : [];
      expect(scopes([...passRole, ...statements], id), `without ${missing}`).toEqual([]);
    }
    if (path.passRoleTo) expect(scopes([{ Effect: 'Allow', Action: firstActions, Resource: '*' }], id), 'without PassRole').toEqual([]);
  });

  it('does not hold when its actions are allowed only on a resource type it cannot use', () => {
    const elsewhere: PolicyStatement = { Effect: 'Allow', Action: firstActions, Resource: 'arn:aws:s3:::some-bucket/*' };
    expect(scopes([...passRole, elsewhere], id)).toEqual([]);
  });

  it('is closed by a condition that can fail for the caller, and not by one an insider meets', () => {
    const grant = (condition: PolicyStatement['Condition']): PolicyStatement[] => [...passRole, { Effect: 'Allow', Action: firstActions, Resource: '*', Condition: condition }];
    expect(scopes(grant({ StringEquals: { 'aws:ResourceTag/owner': 'platform' } }), id)).toEqual([]);
    expect(scopes(grant({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }), id)).toEqual(['all']);
  });
});
