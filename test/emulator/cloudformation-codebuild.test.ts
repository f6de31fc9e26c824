/**
 * The emulator's CloudFormation (query protocol) and CodeBuild (awsJson 1.1) through the real SDK
 * clients: filters, paging, lookups by name or id, AWS's errors, the deny list, writes refused,
 * and the loader's checks on stacks and projects.
 */
import { CloudFormationClient, DescribeStacksCommand, DetectStackDriftCommand, paginateListStacks, type StackSummary } from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, CodeBuildClient, paginateListProjects } from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Estate, type RunningEmulator } from '../../src/emulator/index.ts';
import { parseEstate } from '../../src/emulator/load.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ACCOUNT = '111111111111';
const R = 'us-east-1';

function estate(deny: string[] = []): Estate {
  return {
    estateVersion: 1,
    accounts: [
      {
        accountId: ACCOUNT,
        deny,
        regions: [
          {
            region: R,
            cloudformation: {
              Stacks: [
                { StackName: 'AWSProton-prod', StackStatus: 'UPDATE_COMPLETE', RoleARN: `arn:aws:iam::${ACCOUNT}:role/r`, Tags: [{ Key: 'proton:environment', Value: 'x' }] },
                { StackName: 'gone', StackStatus: 'DELETE_COMPLETE' },
                ...Array.from({ length: 120 }, (_, i) => ({ StackName: `bulk-${String(i).padStart(3, '0')}`, StackStatus: 'CREATE_COMPLETE' })),
              ],
            },
            codebuild: { projects: Array.from({ length: 130 }, (_, i) => ({ name: `AWSProton-p${String(i).padStart(3, '0')}` })) },
          },
        ],
      },
    ],
  };
}

describe('CloudFormation and CodeBuild in the emulator', () => {
  let emu: RunningEmulator;
  let denied: RunningEmulator;
  const config = (url: string) => ({ region: R, endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' }, maxAttempts: 1 });

  beforeAll(async () => {
    emu = await startEmulator({ estate: estate() });
    denied = await startEmulator({ estate: estate(['cloudformation:*', 'codebuild:BatchGetProjects']) });
  });
  afterAll(async () => {
    await emu?.close();
    await denied?.close();
  });

  it('ListStacks pages 100 at a time and honours StackStatusFilter', async () => {
    const cfn = new CloudFormationClient(config(emu.url));
    const all: StackSummary[] = [];
    let pages = 0;
    for await (const page of paginateListStacks({ client: cfn }, {})) {
      pages += 1;
      all.push(...(page.StackSummaries ?? []));
    }
    expect(pages).toBe(2);
    expect(all).toHaveLength(122);
    const live: StackSummary[] = [];
    for await (const page of paginateListStacks({ client: cfn }, { StackStatusFilter: ['UPDATE_COMPLETE'] })) live.push(...(page.StackSummaries ?? []));
    expect(live.map((s) => s.StackName)).toEqual(['AWSProton-prod']);
    expect(live[0]?.DriftInformation?.StackDriftStatus).toBe('NOT_CHECKED');
    cfn.destroy();
  });

  it('DescribeStacks by name or id; a deleted stack only by id; an unknown one is a ValidationError', async () => {
    const cfn = new CloudFormationClient(config(emu.url));
    const byName = await cfn.send(new DescribeStacksCommand({ StackName: 'AWSProton-prod' }));
    const stack = byName.Stacks?.[0];
    expect(stack).toMatchObject({ StackName: 'AWSProton-prod', RoleARN: `arn:aws:iam::${ACCOUNT}:role/r`, EnableTerminationProtection: false, Tags: [{ Key: 'proton:environment', Value: 'x' }] });
    expect(stack?.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:111111111111:stack\/AWSProton-prod\/[0-9a-f-]{36}$/);
    const byId = await cfn.send(new DescribeStacksCommand({ StackName: stack?.StackId }));
    expect(byId.Stacks?.[0]?.StackName).toBe('AWSProton-prod');
    await expect(cfn.send(new DescribeStacksCommand({ StackName: 'gone' }))).rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id gone does not exist' });
    const all = await cfn.send(new DescribeStacksCommand({}));
    expect(all.Stacks).toHaveLength(100);
    expect(all.NextToken).toBeDefined();
    cfn.destroy();
  });

  it('refuses DetectStackDrift (not a read) and answers denied operations AccessDenied', async () => {
    const cfn = new CloudFormationClient(config(emu.url));
    await expect(cfn.send(new DetectStackDriftCommand({ StackName: 'AWSProton-prod' }))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('read-only') });
    cfn.destroy();
    const deniedCfn = new CloudFormationClient(config(denied.url));
    await expect(deniedCfn.send(new DescribeStacksCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    deniedCfn.destroy();
  });

  it('ListProjects pages names; BatchGetProjects returns found projects and names the rest', async () => {
    const cb = new CodeBuildClient(config(emu.url));
    const names: string[] = [];
    for await (const page of paginateListProjects({ client: cb }, { sortBy: 'NAME', sortOrder: 'DESCENDING' })) names.push(...(page.projects ?? []));
    expect(names).toHaveLength(130);
    expect(names[0]).toBe('AWSProton-p129');
    const got = await cb.send(new BatchGetProjectsCommand({ names: ['AWSProton-p000', 'nope'] }));
    expect(got.projects?.map((p) => p.arn)).toEqual([`arn:aws:codebuild:us-east-1:${ACCOUNT}:project/AWSProton-p000`]);
    expect(got.projectsNotFound).toEqual(['nope']);
    await expect(cb.send(new BatchGetProjectsCommand({ names: Array.from({ length: 101 }, (_, i) => `p${i}`) }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    cb.destroy();
    const deniedCb = new CodeBuildClient(config(denied.url));
    await expect(deniedCb.send(new BatchGetProjectsCommand({ names: ['AWSProton-p000'] }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    deniedCb.destroy();
  });

  it('the loader reports duplicate live stacks, foreign stack ids and duplicate projects', () => {
    const bad = estate();
    const region = bad.accounts[0]?.regions[0];
    region?.cloudformation?.Stacks.push({ StackName: 'AWSProton-prod', StackStatus: 'CREATE_COMPLETE' }, { StackName: 'x', StackStatus: 'CREATE_COMPLETE', StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/x/1' });
    region?.codebuild?.projects.push({ name: 'AWSProton-p000' });
    expect(() => parseEstate('bad.json', bad)).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.objectContaining({ message: 'stack AWSProton-prod appears more than once' }),
          expect.objectContaining({ message: 'the stack id names 111111111111/eu-west-1, not 111111111111/us-east-1' }),
          expect.objectContaining({ message: 'CodeBuild project AWSProton-p000 appears more than once' }),
        ]),
      }),
    );
  });
});
