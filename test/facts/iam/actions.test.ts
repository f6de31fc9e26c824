import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionAcceptsOnlyStar,
  actionAccessLevel,
  expandActionPattern,
  iamIndex,
  loadIamData,
} from '../../../src/facts/iam/actions.ts';
import { ESCALATION_PATHS } from '../../../src/facts/iam/escalation-catalog.ts';

beforeAll(async () => {
  await loadIamData();
});

describe('expandActionPattern', () => {
  it('expands a prefix wildcard within one service only', () => {
    const got = expandActionPattern('s3:Get*');
    expect(got).toContain('s3:GetObject');
    expect(got).not.toContain('s3:PutObject');
    expect(got.every((a) => a.startsWith('s3:Get'))).toBe(true);
    expect(got).toEqual([...got].sort());
  });

  it('matches case-insensitively and returns the canonical name', () => {
    expect(expandActionPattern('S3:getobject')).toEqual(['s3:GetObject']);
    expect(expandActionPattern('iam:pass*')).toEqual(['iam:PassRole']);
  });

  it("expands '*' to every action in the data", () => {
    expect(expandActionPattern('*')).toHaveLength(iamIndex().size);
    expect(iamIndex().size).toBeGreaterThan(10_000);
  });

  it('honours ? and wildcards in the service part', () => {
    expect(expandActionPattern('st?:GetCallerIdentity')).toEqual(['sts:GetCallerIdentity']);
    const cross = expandActionPattern('*:GetCallerIdentity');
    expect(cross).toContain('sts:GetCallerIdentity');
  });

  it('keeps unknown services and actions literally', () => {
    expect(expandActionPattern('newsvc:DoThing')).toEqual(['newsvc:DoThing']);
    expect(expandActionPattern('s3:NotARealAction')).toEqual(['s3:NotARealAction']);
    expect(expandActionPattern('s3:Zzz*')).toEqual(['s3:Zzz*']);
    // The literal keeps each caller's spelling even when a differently-cased call was cached first.
    expect(expandActionPattern('NewSvc:DoThing')).toEqual(['NewSvc:DoThing']);
  });
});

describe('actionAccessLevel', () => {
  it.each([
    ['iam:AttachRolePolicy', 'Permissions management'],
    ['s3:GetObject', 'Read'],
    ['s3:ListAllMyBuckets', 'List'],
    ['s3:PutObject', 'Write'],
    ['ec2:CreateTags', 'Tagging'],
    ['IAM:passrole', 'Write'],
  ])('%s is %s', (action, level) => {
    expect(actionAccessLevel(action)).toBe(level);
  });

  it('is undefined for an unknown action', () => {
    expect(actionAccessLevel('newsvc:DoThing')).toBeUndefined();
  });
});

describe('actionAcceptsOnlyStar', () => {
  it.each(['ec2:DescribeInstances', 'sts:GetCallerIdentity', 'cloudformation:ListStacks', 's3:ListAllMyBuckets'])(
    '%s only accepts *',
    (action) => {
      expect(actionAcceptsOnlyStar(action)).toBe(true);
    },
  );

  it.each(['s3:GetObject', 'iam:PassRole', 'newsvc:DoThing'])('%s does not', (action) => {
    expect(actionAcceptsOnlyStar(action)).toBe(false);
  });
});

describe('escalation catalogue', () => {
  it('names only actions that exist in the service reference data', () => {
    const missing = ESCALATION_PATHS.flatMap((p) => p.steps.flat()).filter((a) => expandActionPattern(a)[0] !== a);
    expect(missing).toEqual([]);
  });

  it('has unique ids', () => {
    const ids = ESCALATION_PATHS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
