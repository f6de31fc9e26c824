/**
 * Secret scanning at the sizes issue 15 tried: linear in the input (a 1 MB spec of random
 * tokens took 514 s before, quadratic), a 10 MB single line scanned in windows instead of
 * overflowing the stack, and `--redact` keeping what it found so the secret rules still fail
 * instead of skipping. No wall-clock assertion: the old code fails these by the test timeout,
 * by hundreds of seconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { singleLineSpec, tokenLinesSpec } from '../../bench/hostile-content.ts';
import { hostileEstate } from '../../bench/hostile-estate.ts';
import { snapshotOfEstate } from '../../bench/estate-snapshot.ts';
import { redactSnapshot } from '../../src/collect/redact.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../../src/engine/index.ts';
import { scanSpec } from '../../src/facts/secrets.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

describe('secret scanning of hostile sizes', () => {
  it('a 1 MB spec of random-token lines: one hit per line', () => {
    const spec = tokenLinesSpec(1_000_000, 7);
    const { hits } = scanSpec(spec.text, 'spec');
    expect(hits.length).toBeGreaterThan(spec.lines * 0.9);
    expect(hits.every((h) => h.windowed !== true)).toBe(true);
  }, 120_000);

  it('a 10 MB single line: scanned in windows, each hit says so, no stack overflow', () => {
    const secrets = ['Sing1eLine-Secret#0', 'Sing1eLine-Secret#1', 'Sing1eLine-Secret#2'];
    const { hits, values } = scanSpec(singleLineSpec(10_000_000, secrets), 'spec');
    expect(hits.length).toBe(3);
    expect(hits.every((h) => h.windowed === true && h.line === 1)).toBe(true);
    expect([...values].sort()).toEqual(secrets);
  }, 120_000);
});

describe('--redact', () => {
  beforeAll(() => prepareFacts());
  it('drops the specs but keeps the records: the secret rules fail, they do not skip', async () => {
    const snapshot = snapshotOfEstate(hostileEstate({ hostile: true, withoutHugeLine: true, small: true }), '2026-11-01T00:00:00Z');
    // The bench's estate snapshot has no CloudFormation: one stack whose output holds a password.
    const region = snapshot.accounts[0]?.regions.find((r) => r.region === 'us-east-1');
    if (!region) throw new Error('no us-east-1');
    const stackId = 'arn:aws:cloudformation:us-east-1:111111111111:stack/AWSProton-keys-cloudformation-h1/1';
    region.cloudformation = { stacks: [{ StackId: stackId, StackName: 'AWSProton-keys-cloudformation-h1', StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'DbPassword', OutputValue: 'St4ck-0utput-Passw0rd' }] }] };
    for (const operation of ['ListStacks', 'DescribeStacks']) snapshot.coverage.push({ accountId: '111111111111', region: 'us-east-1', service: 'cloudformation', operation, status: 'ok', calls: 1, failures: 0 });
    const { snapshot: redacted } = redactSnapshot(snapshot, 'cc'.repeat(16));
    expect(JSON.stringify(redacted)).not.toContain('St4ck-0utput-Passw0rd');
    const envs = redacted.accounts[0]?.regions.find((r) => r.region === 'us-east-1')?.proton?.environments ?? [];
    expect(envs.every((e) => e.spec === undefined)).toBe(true);
    const config = defaultConfig();
    const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
    const result = evaluate({ snapshot: redacted, sha256: '0'.repeat(64), rules, config, now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'test' });
    const of = (name: string) => findingsOf(result).filter((f) => f.ruleId === 'PA-SEC-001' && f.resource.name === name);
    expect(of('keys').filter((f) => f.status === 'fail')).toHaveLength(3);
    expect(of('prod').map((f) => f.status)).toEqual(['fail']);
    // A spec with only benign lines, scanned then dropped, passes: it is known, not "not collected".
    expect(of('tokens-0').some((f) => f.status === 'fail')).toBe(true);
    // Every resource that had a spec before --redact is judged, none skipped as "no spec".
    const hadSpec = new Set(snapshot.accounts.flatMap((a) => a.regions.flatMap((r) => [...(r.proton?.environments ?? []), ...(r.proton?.serviceInstances ?? [])].filter((x) => typeof x.spec === 'string').map((x) => x.name))));
    expect(hadSpec.size).toBeGreaterThan(3);
    expect(findingsOf(result).filter((f) => f.ruleId.startsWith('PA-SEC-') && f.status === 'skip' && hadSpec.has(f.resource.name)).map((f) => f.resource.name)).toEqual([]);
    expect(findingsOf(result).filter((f) => f.ruleId === 'PA-STK-007' && f.status === 'fail')).toHaveLength(1);
  }, 120_000);
});
