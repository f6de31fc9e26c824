// The small parsers the verdicts rest on: action syntax, ARN fields, glob and coverage questions.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIamData } from '../../../src/facts/iam/actions.ts';
import { actionProblem, actionSyntaxProblem, likelyServiceTypo } from '../../../src/facts/iam/action-syntax.ts';
import { accountOf, arnProblem, coversAllOfType, coversPattern } from '../../../src/facts/iam/arn.ts';
import { actionGlobMatches, isAllResources, resourceGlobMatches } from '../../../src/facts/iam/glob.ts';

beforeAll(async () => {
  await loadIamData();
});

describe('action syntax', () => {
  it.each<[unknown, string | undefined]>([
    ['s3:GetObject', undefined],
    ['*', undefined],
    ['iam:Pass*', undefined],
    ['zzqqxxyy:Anything', undefined],
    ['cloudformation>DeleteStack', "'>' instead of ':' between service and action"],
    ['DeleteStack', "missing ':' between service and action"],
    ['s3::GetObject', "more than one ':'"],
    [':GetObject', 'empty service prefix'],
    ['s3:', 'empty action name'],
    ['s3:Get Object', 'contains whitespace'],
    ['s3:Get/Object', 'invalid characters in action name "Get/Object"'],
    [42, 'not a string'],
  ])('%s → %s', (value, problem) => {
    expect(actionSyntaxProblem(value)).toBe(problem);
  });

  it('spots a typo of a known service prefix, not an unknown name far from all', () => {
    expect(likelyServiceTypo('cloudfromation')).toBe('cloudformation');
    expect(likelyServiceTypo('lamda')).toBe('lambda');
    expect(likelyServiceTypo('cloudformation')).toBeUndefined();
    expect(likelyServiceTypo('zzqqxxyy')).toBeUndefined();
    expect(actionProblem('cloudfromation:CreateStack')).toBe('unknown service prefix "cloudfromation" (did you mean "cloudformation"?)');
  });
});

describe('ARNs', () => {
  it.each<[string, string | undefined]>([
    ['arn:aws:iam::111122223333:role/x', undefined],
    ['arn:aws:proton:*:111122223333:environment/*', undefined],
    ['arn:aws::proton:*:123456789012:environment/*', 'malformed: empty service field'],
    ['arn::iam::111122223333:root', 'malformed: empty partition field'],
    ['arn:aws:region_id:123456789012:service-template/t', 'malformed: fewer than six ARN fields'],
    ['arn:aws:bad_service:us-east-1:123456789012:x', 'malformed: invalid service field "bad_service"'],
    ['not-an-arn', undefined],
  ])('%s → %s', (value, problem) => {
    expect(arnProblem(value)).toBe(problem);
  });

  it('reads the account of an ARN or bare account id', () => {
    expect(accountOf('arn:aws:iam::444455556666:root')).toBe('444455556666');
    expect(accountOf('444455556666')).toBe('444455556666');
    expect(accountOf('arn:aws:iam::*:root')).toBeUndefined();
    expect(accountOf('AROAEXAMPLE')).toBeUndefined();
  });
});

describe('globs and coverage', () => {
  it('matches actions case-insensitively and resources case-sensitively, with policy variables as wildcards', () => {
    expect(actionGlobMatches('S3:get*', 's3:GetObject')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket')).toBe(false);
    expect(resourceGlobMatches('arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::1:user/alice')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::a${*}b', 'arn:aws:s3:::a*b')).toBe(true);
    expect(resourceGlobMatches('arn:aws:s3:::a${*}b', 'arn:aws:s3:::axxb')).toBe(false);
    expect(resourceGlobMatches('arn:aws:s3:::a?c', 'arn:aws:s3:::abc')).toBe(true);
  });

  it.each<[string, boolean]>([
    ['*', true],
    ['arn:*', true],
    ['arn:aws:*:*:*:*', true],
    ['arn:aws:s3:::*', false],
    ['arn:aws:*:*:111122223333:*', false],
  ])('isAllResources(%s) = %s', (pattern, all) => {
    expect(isAllResources(pattern)).toBe(all);
  });

  it.each<[string, string | undefined, boolean]>([
    ['arn:aws:iam::*:role/*', '111122223333', true],
    ['arn:aws:iam::111122223333:role/*', '111122223333', true],
    ['arn:aws:iam::111122223333:role/*', undefined, false],
    ['arn:aws:iam::111122223333:role/app-*', '111122223333', false],
    ['arn:aws:iam::999988887777:role/*', '111122223333', false],
    ['arn:aws:iam::*:*', '111122223333', true],
  ])('coversAllOfType(%s, account %s) = %s', (pattern, account, covers) => {
    expect(coversAllOfType(pattern, 'iam', 'role', account)).toBe(covers);
  });

  it.each<[string, boolean]>([
    ['arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-*', true],
    ['arn:aws:logs:*:*:log-group:/aws/codebuild/*', true],
    ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/codebuild/AWSProton-*:*', true],
    ['arn:aws:logs:*:*:log-group:/aws/codebuild/AWSProton-prod-*', false],
    ['arn:aws:logs:*:999988887777:log-group:/aws/codebuild/AWSProton-*', false],
  ])('coversPattern(%s, the Proton CodeBuild log groups) = %s', (pattern, covers) => {
    expect(coversPattern(pattern, 'arn:aws:logs:*:111122223333:log-group:/aws/codebuild/AWSProton-*')).toBe(covers);
  });
});
