import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionAcceptsOnlyStar,
  actionAccessLevel,
  actionInfo,
  expandActionPattern,
  iamIndex,
  loadIamData,
} from '../../../src/facts/iam/actions.ts';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ESCALATION_PATHS, parseStep } from '../../../src/facts/iam/escalation-catalog.ts';
import { CREDENTIAL_ACTIONS } from '../../../src/facts/iam/credential-actions.ts';
import { GENERATED_INDEX, buildCompactIndex, installedIamData, type CompactIndex } from '../../../src/facts/iam/service-index.ts';

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
  const steps = ESCALATION_PATHS.flatMap((p) => p.steps.flat().map((t) => ({ path: p.id, ...parseStep(t) })));

  it('names only actions that exist in the service reference data, each with a resource type it accepts', () => {
    const wrong = steps.filter((s) => {
      const info = actionInfo(s.action);
      if (!info || info.name !== s.action) return true;
      // No resource type named: the action must accept only '*'.
      return s.resourceType === undefined ? !info.onlyStar : !info.resourceTypes.includes(s.resourceType);
    });
    expect(wrong).toEqual([]);
  });

  it('has unique ids, and PA-IAM-004 explains every path', () => {
    const ids = ESCALATION_PATHS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rationale = (parse(readFileSync(new URL('../../../rules/iam/proton-role-no-escalation-paths/rule.yaml', import.meta.url), 'utf8')) as { rationale: string }).rationale;
    expect(ids.filter((id) => !new RegExp(`(^|[\\s,(])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[,:]`).test(rationale))).toEqual([]);
  });
});

describe('credential actions', () => {
  it('are all in the data, once each', () => {
    const names = CREDENTIAL_ACTIONS.map((c) => c.action);
    expect(names.filter((n) => actionInfo(n)?.name !== n)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('the generated service index', () => {
  it('was built from the installed data, and equals a fresh build', () => {
    const { root, version } = installedIamData();
    expect(existsSync(GENERATED_INDEX)).toBe(true);
    const shipped = JSON.parse(readFileSync(GENERATED_INDEX, 'utf8')) as CompactIndex;
    expect(shipped.dataVersion).toBe(version);
    expect(shipped).toEqual(buildCompactIndex(root, version));
    expect(iamIndex().source).toBe('generated');
  });

  it('knows resource types and their ARN formats', () => {
    expect(actionInfo('cloudformation:UpdateStack')?.resourceTypes).toEqual(['stack']);
    expect(iamIndex().services.get('cloudformation')?.resourceTypes.get('stack')).toMatch(/^arn:\$\{Partition\}:cloudformation:\$\{Region\}:\$\{Account\}:stack\//);
  });
});
