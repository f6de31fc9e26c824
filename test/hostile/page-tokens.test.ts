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
