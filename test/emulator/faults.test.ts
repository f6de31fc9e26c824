import { request } from 'node:http';
import { ListRolesCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListEnvironmentsCommand, ProtonClient } from '@aws-sdk/client-proton';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultPlan } from '../../src/emulator/faults.ts';
import { startEmulator, type FaultOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import { clients, protonCall, queryCall, testEstate } from './fixture.ts';

let emu: RunningEmulator | undefined;

async function start(faults: FaultOptions): Promise<RunningEmulator> {
  emu = await startEmulator({ estate: testEstate(), faults });
  return emu;
}
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const creds = { accessKeyId: 'AKIDFAULTS', secretAccessKey: 'x' };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string; $metadata?: { httpStatusCode?: number } },
  );

/** A raw POST through node:http, reporting what arrived before the connection ended. */
function rawPost(url: string, headers: Record<string, string>, body: string): Promise<{ status?: number; announced?: number; received: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let received = 0;
      res.on('data', (c: Buffer) => (received += c.length));
      res.on('end', () => resolve({ status: res.statusCode, announced: Number(res.headers['content-length']), received }));
      res.on('error', (e) => resolve({ status: res.statusCode, announced: Number(res.headers['content-length']), received, error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, announced: Number(res.headers['content-length']), received, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ received: 0, error: e.message }));
    req.end(body);
  });
}

describe('fault injection', () => {
  it('throttleEvery: every Nth request is throttled with each service\'s own code', async () => {
    const e = await start({ throttleEvery: 2 });
    const c = clients(e.url);
    expect((await c.proton.send(new ListEnvironmentsCommand({}))).environments).toHaveLength(5); // request 1
    const proton = await failure(c.proton.send(new ListEnvironmentsCommand({}))); // request 2
    expect(proton?.name).toBe('ThrottlingException');
    expect(proton?.$metadata?.httpStatusCode).toBe(400);
    await c.iam.send(new ListRolesCommand({})); // 3
    const iam = await failure(c.iam.send(new ListRolesCommand({}))); // 4
    expect(iam?.name).toBe('Throttling');
    await c.tagging.send(new GetResourcesCommand({})); // 5
    expect((await failure(c.tagging.send(new GetResourcesCommand({}))))?.name).toBe('ThrottledException'); // 6
    expect(e.calls()['proton:ListEnvironments']).toBe(2);
  });

  it('the SDK retries its way through throttling', async () => {
    const e = await start({ throttleEvery: 2 });
    const proton = new ProtonClient({ region: 'us-east-1', endpoint: e.url, credentials: creds, maxAttempts: 3 });
    for (let i = 0; i < 3; i++) expect((await proton.send(new ListEnvironmentsCommand({}))).environments).toHaveLength(5);
    // Three calls, and every second request was throttled and retried.
    expect(e.calls()['proton:ListEnvironments']).toBeGreaterThan(3);
  });

  it('throttleFirstAttemptEvery: every Nth call is throttled once, and its retry answered', async () => {
    const plan = new FaultPlan({ throttleFirstAttemptEvery: 2 });
    expect([plan.decide(1, 1), plan.decide(2, 2), plan.decide(3), plan.decide(4, 3), plan.decide(5, 4)]).toEqual([undefined, 'throttle', undefined, undefined, 'throttle']);
    const e = await start({ throttleFirstAttemptEvery: 2 });
    const proton = new ProtonClient({ region: 'us-east-1', endpoint: e.url, credentials: creds, maxAttempts: 2 });
    for (let i = 0; i < 4; i++) expect((await proton.send(new ListEnvironmentsCommand({}))).environments).toHaveLength(5);
    // Four calls, two of them throttled once each: six requests, whatever the timing.
    expect(e.calls()['proton:ListEnvironments']).toBe(6);
  });

  it('tps: a token bucket throttles requests over the rate', async () => {
    let now = 0;
    const plan = new FaultPlan({ tps: 2 }, () => now);
    expect([plan.decide(1), plan.decide(2), plan.decide(3)]).toEqual([undefined, undefined, 'throttle']);
    now = 500; // half a second refills one token
    expect([plan.decide(4), plan.decide(5)]).toEqual([undefined, 'throttle']);
    now = 10_000; // the bucket holds one second's worth, no more
    expect([plan.decide(6), plan.decide(7), plan.decide(8)]).toEqual([undefined, undefined, 'throttle']);
    const e = await start({ tps: 1 });
    const results = await Promise.all([1, 2, 3].map(() => failure(protonCall(e.url, 'ListServices', {}).then((r) => (r.status === 200 ? undefined : Promise.reject(new Error(r.text)))))));
    expect(results.filter((r) => r?.message.includes('ThrottlingException')).length).toBeGreaterThanOrEqual(1);
  });

  it('serverErrorEvery: HTTP 500 InternalFailure (JSON) and 503 ServiceUnavailable (XML)', async () => {
    const e = await start({ serverErrorEvery: 1 });
    const json = await protonCall(e.url, 'ListEnvironments', {});
    expect(json.status).toBe(500);
    expect(JSON.parse(json.text).__type).toBe('InternalFailure');
    const xml = await queryCall(e.url, 'iam', { Action: 'ListRoles' });
    expect(xml.status).toBe(503);
    expect(xml.text).toMatch(/<Type>Receiver<\/Type><Code>ServiceUnavailable<\/Code>/);
    const sdk = await failure(clients(e.url).proton.send(new ListEnvironmentsCommand({})));
    expect(sdk?.$metadata?.httpStatusCode).toBe(500);
  });

  it('dropEvery: the connection is destroyed without a response', async () => {
    const e = await start({ dropEvery: 1 });
    await expect(protonCall(e.url, 'ListEnvironments', {})).rejects.toThrow();
    const sdk = await failure(clients(e.url).iam.send(new ListRolesCommand({})));
    expect(`${sdk?.code ?? ''} ${sdk?.message ?? ''}`).toMatch(/ECONNRESET|socket hang up/);
    expect(e.calls()['iam:ListRoles']).toBe(1);
  });

  it('truncateEvery: the full length is announced and half the body sent', async () => {
    const e = await start({ truncateEvery: 1 });
    const res = await rawPost(e.url, { 'x-amz-target': 'AwsProton20200720.ListEnvironments', 'content-type': 'application/x-amz-json-1.0' }, '{}');
    expect(res.status).toBe(200);
    expect(res.announced).toBeGreaterThan(0);
    expect(res.received).toBe(Math.floor((res.announced ?? 0) / 2));
    expect(res.error).toBeDefined();
    expect(await failure(clients(e.url).proton.send(new ListEnvironmentsCommand({})))).toBeInstanceOf(Error);
  });

  it('malformedEvery: HTTP 200 with a body that does not parse', async () => {
    const e = await start({ malformedEvery: 1 });
    const json = await protonCall(e.url, 'ListEnvironments', {});
    expect(json.status).toBe(200);
    expect(() => JSON.parse(json.text)).toThrow();
    const xml = await queryCall(e.url, 'iam', { Action: 'ListRoles' });
    expect(xml.status).toBe(200);
    expect(xml.text).toMatch(/<broken><\/ListRolesResponse>$/);
    expect(await failure(clients(e.url).proton.send(new ListEnvironmentsCommand({})))).toBeInstanceOf(Error);
    expect(await failure(clients(e.url).iam.send(new ListRolesCommand({})))).toBeInstanceOf(Error);
  });

  it('timeoutEvery: never answered until the client gives up; close() still returns', async () => {
    const e = await start({ timeoutEvery: 1 });
    const iam = new IAMClient({ region: 'us-east-1', endpoint: e.url, credentials: creds, maxAttempts: 1, requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true } });
    const err = await failure(iam.send(new ListRolesCommand({})));
    expect(err?.name).toBe('TimeoutError');
    const hanging = protonCall(e.url, 'ListEnvironments', {}).catch((x: unknown) => x);
    await new Promise((r) => setTimeout(r, 50));
    await e.close();
    expect(await hanging).toBeInstanceOf(Error);
  });

  it('latencyMs delays answers (a client with a shorter timeout gives up)', async () => {
    const e = await start({ latencyMs: 1_500 });
    const impatient = new ProtonClient({ region: 'us-east-1', endpoint: e.url, credentials: creds, maxAttempts: 1, requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    expect((await failure(impatient.send(new ListEnvironmentsCommand({}))))?.name).toBe('TimeoutError');
    e.setFaults({ latencyMs: 10 });
    expect((await impatient.send(new ListEnvironmentsCommand({}))).environments).toHaveLength(5);
  });

  it('setFaults changes faults while running; calls() counts faulted requests and resetCalls clears them', async () => {
    const e = await start({});
    const c = clients(e.url);
    await c.proton.send(new ListEnvironmentsCommand({}));
    e.setFaults({ throttleEvery: 1 });
    expect((await failure(c.proton.send(new ListEnvironmentsCommand({}))))?.name).toBe('ThrottlingException');
    e.setFaults({});
    await c.proton.send(new ListEnvironmentsCommand({}));
    expect(e.calls()).toEqual({ 'proton:ListEnvironments': 3 });
    e.resetCalls();
    expect(e.calls()).toEqual({});
    expect(() => e.setFaults({ throttleEvery: -1 })).toThrow(/throttleEvery/);
  });
});
