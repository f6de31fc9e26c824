// Runs in its own worker, so the data has not been loaded yet.
import { describe, expect, it } from 'vitest';
import { analyzePolicyDocument, isIamDataLoaded, loadIamData } from '../../../src/facts/iam/index.ts';

describe('before loadIamData()', () => {
  it('refuses to analyse rather than answering from empty data', () => {
    expect(isIamDataLoaded()).toBe(false);
    expect(() => analyzePolicyDocument({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'x')).toThrow(/loadIamData/);
  });

  it('loads once: concurrent calls share one index', async () => {
    const [a, b] = await Promise.all([loadIamData(), loadIamData()]);
    expect(a).toBe(b);
    expect(isIamDataLoaded()).toBe(true);
  });
});
