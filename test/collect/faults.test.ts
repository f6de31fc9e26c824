/**
 * Paging, retries and failures through the real SDK against the emulator: small pages and
 * throttling, server errors, dropped sockets and timeouts (all retried by the SDK) give the same
 * snapshot as a clean run; denied operations are recorded and the run goes on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import type { CoverageEntry } from '../../src/model/index.ts';
import { collectFrom, type Run } from './emulator-helpers.ts';
import { ACCOUNT, testEstate } from './fixtures/estate.ts';

const text = (r: Run): string => serializeSnapshot(r.snapshot).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
const entry = (r: Run, service: string, operation: string): CoverageEntry | undefined =>
  r.snapshot.coverage.find((e) => e.region !== 'eu-west-1' && e.service === service && e.operation === operation);

describe('paging', () => {
  let full: Run;
  let small: Run;
  beforeAll(async () => {
    [full, small] = await Promise.all([collectFrom(testEstate({ scale: 30 })), collectFrom(testEstate({ scale: 30 }), { pageSize: 7 })]);
  });

  it('small pages give the same snapshot apart from the page counts', () => {
    const strip = (r: Run) => ({ ...r.snapshot, coverage: [] });
    expect(serializeSnapshot(strip(small)).replace(/127\.0\.0\.1:\d+/g, 'P')).toBe(serializeSnapshot(strip(full)).replace(/127\.0\.0\.1:\d+/g, 'P'));
    expect(small.snapshot.accounts[0]?.regions[0]?.proton?.environments).toHaveLength(32);
  });

  it('follows every page: 32 environments at 7 a page is 5 pages, at 100 one', () => {
    expect(entry(full, 'proton', 'ListEnvironments')?.calls).toBe(1);
    expect(entry(small, 'proton', 'ListEnvironments')?.calls).toBe(5);
    expect(entry(small, 'proton', 'ListServiceInstances')?.calls).toBe(5);
    expect(entry(small, 'proton', 'GetEnvironment')?.calls).toBe(32);
    // IAM and Tagging page too: 5 roles at 7 a page is one page, 2 of the 3 tag queries one page.
    expect(entry(small, 'iam', 'GetAccountAuthorizationDetails')?.calls).toBeGreaterThanOrEqual(2);
    expect(small.snapshot.coverage.every((e) => e.status === 'ok')).toBe(true);
  });
});

describe('transient faults are retried to the same snapshot', () => {
  let clean: Run;
  beforeAll(async () => {
    clean = await collectFrom(testEstate({ scale: 5 }));
  });

  it.each([
    // Adaptive retry slows the client to the measured rate after each throttle, so a throttle
    // on every 3rd request would crawl; one in 30 still throttles two calls.
    ['throttling (every 30th request)', { throttleEvery: 30 }],
    ['server errors (every 5th request)', { serverErrorEvery: 5 }],
    ['dropped connections (every 6th request)', { dropEvery: 6 }],
    ['timeouts (every 9th request)', { timeoutEvery: 9 }],
  ])('%s', async (_name, faults) => {
    const faulty = await collectFrom(testEstate({ scale: 5 }), { faults, requestTimeoutMs: 400, concurrency: 4 });
    expect(faulty.snapshot.coverage.filter((e) => e.status !== 'ok')).toEqual([]);
    expect(text(faulty)).toBe(text(clean));
    // The server saw more requests than the collector made calls: the SDK retried.
    const served = Object.values(faulty.served).reduce((a, b) => a + b, 0);
    const made = Object.values(faulty.calls).reduce((a, b) => a + b, 0);
    expect(served).toBeGreaterThan(made);
  });
});

describe('failures that outlast the retries', () => {
  it('AccessDenied is recorded per operation and the rest is collected', async () => {
    const run = await collectFrom(testEstate({ deny: ['proton:ListComponents', 'proton:GetEnvironment', 'iam:ListEntitiesForPolicy', 'tag:GetResources'] }));
    const region = run.snapshot.accounts[0]?.regions[0];
    expect(entry(run, 'proton', 'ListComponents')).toMatchObject({ status: 'denied', failures: 1, errors: [{ code: 'AccessDeniedException' }] });
    // Nothing was listed, so the Get was not tried: recorded as such, not as ok.
    expect(entry(run, 'proton', 'GetComponent')).toMatchObject({ status: 'unavailable', calls: 0, errors: [{ code: 'NotAttempted' }] });
    expect(region?.proton?.components).toEqual([]);
    // Each detail failure names its resource, and the summary record is kept.
    const getEnv = entry(run, 'proton', 'GetEnvironment');
    expect(getEnv).toMatchObject({ status: 'denied', calls: 2, failures: 2 });
    expect(getEnv?.failedResources).toEqual([
      `arn:aws:proton:us-east-1:${ACCOUNT}:environment/dev`,
      `arn:aws:proton:us-east-1:${ACCOUNT}:environment/prod`,
    ]);
    const prod = region?.proton?.environments.find((e) => e.name === 'prod');
    expect(prod?.templateName).toBe('vpc');
    expect(prod?.spec).toBeUndefined();
    // Tags denied: the tagging block is absent (absence would otherwise read as "no tags").
    expect(region?.tagging).toBeUndefined();
    expect(entry(run, 'tagging', 'GetResources')?.status).toBe('denied');
    expect(entry(run, 'iam', 'ListEntitiesForPolicy')?.failedResources).toEqual(['arn:aws:iam::aws:policy/AWSProtonCodeBuildProvisioningBasicAccess']);
    expect(region?.proton?.services).toHaveLength(1);
    expect(run.snapshot.accounts[0]?.iam?.roles.length).toBeGreaterThan(0);
  });

  it('malformed answers become errors in coverage; the collection still completes', async () => {
    const run = await collectFrom(testEstate({ scale: 5 }), { faults: { malformedEvery: 4 }, concurrency: 2 });
    const failed = run.snapshot.coverage.filter((e) => e.failures > 0);
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect(['error', 'unavailable']).toContain(e.status);
    expect(run.snapshot.accounts[0]?.accountId).toBe(ACCOUNT);
    expect(run.snapshot.accounts[0]?.regions[0]?.quotas).toHaveLength(5);
  });
});
