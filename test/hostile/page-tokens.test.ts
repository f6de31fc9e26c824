/**
 * A service that repeats its page token: without a guard the SDK paginator asks for the same
 * page forever. The listing stops, the loss is an error in coverage, and collection finishes.
 */
import { describe, expect, it } from 'vitest';
import { collectFrom } from '../collect/emulator-helpers.ts';
import { testEstate } from '../collect/fixtures/estate.ts';

describe('a repeated nextToken', () => {
  it('is an error recorded in coverage with what came before it kept, never an endless loop', async () => {
    const run = await collectFrom(testEstate({ scale: 30 }), { pageSize: 7, faults: { repeatPageTokenEvery: 1 } });
    const list = run.snapshot.coverage.find((e) => e.region === 'us-east-1' && e.operation === 'ListEnvironments');
    expect(list?.status).toBe('error');
    expect(list?.errors?.[0]?.code).toBe('RepeatedPageToken');
    expect(list?.errors?.[0]?.message).toMatch(/returned a page token it had already returned/);
    // Page 1, then page 2 (which names its own token as the next): 14 environments, none twice.
    const envs = run.snapshot.accounts[0]?.regions.find((r) => r.region === 'us-east-1')?.proton?.environments ?? [];
    expect(envs).toHaveLength(14);
    expect(new Set(envs.map((e) => e.arn)).size).toBe(envs.length);
    // Every other listing of the region ran to completion or met the same guard: collection ended.
    expect(run.snapshot.coverage.filter((e) => e.errors?.some((x) => x.code === 'RepeatedPageToken')).length).toBeGreaterThan(1);
  }, 120_000);
});

describe('a repeated page token from CloudFormation or CodeBuild', () => {
  it('stops ListStacks (query protocol, NextToken) and ListProjects (JSON, nextToken) with the error in coverage', async () => {
    const estate = testEstate();
    const region = estate.accounts[0]?.regions.find((r) => r.region === 'us-east-1');
    if (!region) throw new Error('fixture has no us-east-1');
    // Three pages each (100, 100, 50): the second page names the first page's token as the next.
    region.cloudformation = { Stacks: Array.from({ length: 250 }, (_, i) => ({ StackName: `AWSProton-bulk-${String(i).padStart(3, '0')}`, StackStatus: 'CREATE_COMPLETE' })) };
    region.codebuild = { projects: Array.from({ length: 250 }, (_, i) => ({ name: `AWSProton-p${String(i).padStart(3, '0')}` })) };
    const run = await collectFrom(estate, { faults: { repeatPageTokenEvery: 1 } });
    for (const operation of ['ListStacks', 'ListProjects']) {
      const entry = run.snapshot.coverage.find((e) => e.region === 'us-east-1' && e.operation === operation);
      expect(entry?.status, operation).toBe('error');
      expect(entry?.errors?.[0]?.code, operation).toBe('RepeatedPageToken');
    }
    // A partial stack or project list would hide some: neither block is kept, so their rules skip as not collected.
    const r = run.snapshot.accounts[0]?.regions.find((x) => x.region === 'us-east-1');
    expect(r?.cloudformation).toBeUndefined();
    expect(r?.codebuild).toBeUndefined();
    // Two pages were asked for each, then the guard stopped the listing (no endless loop).
    expect(run.served['cloudformation:ListStacks']).toBe(2);
    expect(run.served['codebuild:ListProjects']).toBe(2);
  }, 120_000);
});
