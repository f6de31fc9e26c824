/**
 * The view's ARN index answers as a Map over every view in order would (the first view of an
 * ARN), whether it searches the sorted runs or has built its Map.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceType, ResourceView } from '../../src/model/index.ts';
import { ArnIndex } from '../../src/facts/arn-index.ts';

function view(type: ResourceType, arn: string, name: string): ResourceView {
  return { type, arn, name, accountId: '111122223333', region: 'us-east-1', data: {}, facts: {} };
}

/** Each type's views sorted by ARN, stably, as the view builder leaves them. */
function runs(): ResourceView[][] {
  const byArn = (a: ResourceView, b: ResourceView): number => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);
  const roles = ['arn:aws:iam::111122223333:role/b', 'arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/Z'];
  const provisioned = ['arn:aws:iam::111122223333:role/a', 'arn:aws:s3:::bucket', 'arn:aws:iam::111122223333:role/é'];
  const instances = Array.from({ length: 300 }, (_, i) => `arn:aws:proton:us-east-1:111122223333:service/s${i % 7}/service-instance/i${i}`);
  return [
    instances.map((a, i) => view('serviceInstance', a, `instance-${i}`)).sort(byArn),
    roles.map((a, i) => view('role', a, `role-${i}`)).sort(byArn),
    provisioned.map((a, i) => view('provisionedResource', a, `provisioned-${i}`)).sort(byArn),
  ];
}

function reference(all: ResourceView[][]): Map<string, ResourceView> {
  const map = new Map<string, ResourceView>();
  for (const run of all) for (const v of run) if (!map.has(v.arn)) map.set(v.arn, v);
  return map;
}

describe('ArnIndex', () => {
  const questions = (all: ResourceView[][]): string[] => [
    ...all.flat().map((v) => v.arn),
    'arn:aws:iam::111122223333:role/',
    'arn:aws:iam::111122223333:role/aa',
    'arn:aws:proton:us-east-1:111122223333:service/s1/service-instance/i1000',
    '',
    'zzz',
  ];

  it('answers a few questions by search exactly as the Map would: the first view of an ARN, across and within types', () => {
    const all = runs();
    const ref = reference(all);
    // Each question on a fresh index, so every answer comes from the search.
    for (const arn of questions(all)) expect(new ArnIndex(all).get(arn)).toBe(ref.get(arn));
    // A role ARN also listed as a provisioned resource, and twice among roles: the first role answers.
    const a = new ArnIndex(all).get('arn:aws:iam::111122223333:role/a');
    expect(a?.type).toBe('role');
    expect(a?.name).toBe('role-1');
  });

  it('answers the same once questions are many and it has built its Map', () => {
    const all = runs();
    const ref = reference(all);
    const index = new ArnIndex(all);
    const asked = questions(all);
    // Past the searches it allows (64 + a eighth of the views), every answer comes from its Map.
    for (let round = 0; round < 3; round++) for (const arn of asked) expect(index.get(arn)).toBe(ref.get(arn));
    expect(asked.length * 3).toBeGreaterThan(64 + (all.flat().length >> 3));
  });

  it('holds nothing when the view is empty', () => {
    expect(new ArnIndex([]).get('arn:aws:iam::111122223333:role/a')).toBeUndefined();
  });
});
