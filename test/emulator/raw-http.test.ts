import { CreateEnvironmentCommand, DeleteServiceCommand, GetEnvironmentCommand, GetServiceCommand, ListTagsForResourceCommand, TagResourceCommand } from '@aws-sdk/client-proton';
import { GetRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { A, clients, protonCall, queryCall, raw, testEstate } from './fixture.ts';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ estate: testEstate() });
});
afterAll(async () => {
  await emu.close();
});

describe('awsJson over raw HTTP', () => {
  it('answers with the JSON content type and epoch-second timestamps', async () => {
    const res = await protonCall(emu.url, 'GetEnvironment', { name: 'dev' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    const body = JSON.parse(res.text) as { environment: { createdAt: number; name: string } };
    expect(body.environment.name).toBe('dev');
    expect(body.environment.createdAt).toBe(Date.parse('2025-02-01T00:00:00Z') / 1000);
  });

  it('errors carry __type, message and x-amzn-ErrorType', async () => {
    const res = await protonCall(emu.url, 'GetEnvironment', { name: 'missing' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(JSON.parse(res.text)).toEqual({ __type: 'ResourceNotFoundException', message: "The environment 'missing' does not exist." });
  });

  it('unknown members, wrong types and missing members are ValidationExceptions naming them', async () => {
    const unknown = await protonCall(emu.url, 'ListEnvironments', { maxResults: 5, colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).message).toMatch(/'colour' is not part of ListEnvironmentsInput/);
    const wrongType = await protonCall(emu.url, 'ListServices', { maxResults: '5' });
    expect(JSON.parse(wrongType.text)).toMatchObject({ __type: 'ValidationException', message: expect.stringMatching(/'maxResults'.*integer/) });
    const nested = await protonCall(emu.url, 'ListEnvironments', { environmentTemplates: [{ templateName: 'net' }] });
    expect(JSON.parse(nested.text).message).toMatch(/environmentTemplates\.1\.member\.majorVersion/);
    const two = await protonCall(emu.url, 'GetServiceInstance', {});
    expect(JSON.parse(two.text).message).toMatch(/^2 validation errors detected/);
  });

  it('a body that is not JSON is a SerializationException', async () => {
    const res = await raw(emu.url, { target: 'AwsProton20200720.ListEnvironments', body: '{not json' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).__type).toBe('SerializationException');
  });

  it('read operations the emulator does not serve, and unknown targets, are UnknownOperationException', async () => {
    const notServed = await protonCall(emu.url, 'ListDeployments', {});
    expect(JSON.parse(notServed.text)).toMatchObject({ __type: 'UnknownOperationException', message: expect.stringMatching(/read-only.*proton:ListDeployments/) });
    const unknownTarget = await raw(emu.url, { target: 'DynamoDB_20120810.ListTables', body: '{}' });
    expect(JSON.parse(unknownTarget.text).__type).toBe('UnknownOperationException');
  });

  it('routes Tagging, Service Quotas and Organizations by X-Amz-Target', async () => {
    const tagging = await raw(emu.url, { target: 'ResourceGroupsTaggingAPI_20170126.GetResources', body: '{}', contentType: 'application/x-amz-json-1.1', service: 'tagging' });
    expect(tagging.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(tagging.text)).toHaveProperty('ResourceTagMappingList');
    const quotas = await raw(emu.url, { target: 'ServiceQuotasV20190624.ListServiceQuotas', body: '{"ServiceCode":"proton"}', service: 'servicequotas' });
    expect(JSON.parse(quotas.text).Quotas).toHaveLength(3);
    const orgs = await raw(emu.url, { target: 'AWSOrganizationsV20161128.ListAccounts', body: '{}', service: 'organizations' });
    expect(JSON.parse(orgs.text).Accounts.length).toBeGreaterThan(0);
  });
});

describe('awsQuery over raw HTTP', () => {
  it('answers XML in the IAM namespace with ResponseMetadata and URL-encoded documents', async () => {
    const res = await queryCall(emu.url, 'iam', { Action: 'GetRolePolicy', RoleName: 'EnvRole', PolicyName: 'inline-a' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<GetRolePolicyResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetRolePolicyResult>/);
    expect(res.text).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]+<\/RequestId><\/ResponseMetadata><\/GetRolePolicyResponse>$/);
    const encoded = /<PolicyDocument>([^<]*)<\/PolicyDocument>/.exec(res.text)?.[1] ?? '';
    expect(encoded).toMatch(/^%7B/);
    expect(JSON.parse(decodeURIComponent(encoded))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  });

  it('errors are ErrorResponse documents', async () => {
    const res = await queryCall(emu.url, 'iam', { Action: 'GetRole', RoleName: 'Nobody' });
    expect(res.status).toBe(404);
    expect(res.text).toBe(
      `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name Nobody cannot be found.</Message></Error><RequestId>${/<RequestId>([^<]+)</.exec(res.text)?.[1]}</RequestId></ErrorResponse>`,
    );
    const bad = await queryCall(emu.url, 'iam', { Action: 'ListRoles', MaxItems: '0', Colour: 'blue' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<Code>ValidationError<\/Code>/);
    expect(bad.text).toMatch(/Colour/);
    expect(bad.text).toMatch(/MaxItems/);
    const unknown = await queryCall(emu.url, 'iam', { Action: 'ListUsersAndEverything' });
    expect(unknown.text).toMatch(/<Code>InvalidAction<\/Code>/);
  });

  it('STS answers in its own namespace', async () => {
    const res = await queryCall(emu.url, 'sts', { Action: 'GetCallerIdentity' });
    expect(res.text).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    expect(res.text).toContain(`<Account>${A}</Account>`);
  });
});

describe('the emulator is read-only', () => {
  it('refuses Proton writes through the SDK and changes nothing', async () => {
    const { proton } = clients(emu.url);
    const before = await proton.send(new GetServiceCommand({ name: 'api' }));
    const attempts: Array<Promise<unknown>> = [
      proton.send(new CreateEnvironmentCommand({ name: 'sneaky', templateName: 'net', templateMajorVersion: '2', spec: 'x: 1' })),
      proton.send(new DeleteServiceCommand({ name: 'api' })),
      proton.send(new TagResourceCommand({ resourceArn: `arn:aws:proton:us-east-1:${A}:service/api`, tags: [{ key: 'pwned', value: 'yes' }] })),
    ];
    for (const attempt of attempts) {
      const err = (await attempt.then(
        () => undefined,
        (e: unknown) => e,
      )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
      expect(err?.name).toBe('AccessDeniedException');
      expect(err?.message).toMatch(/read-only/);
      expect(err?.$metadata?.httpStatusCode).toBe(403);
    }
    expect(await proton.send(new GetServiceCommand({ name: 'api' }))).toMatchObject({ service: before.service });
    await expect(proton.send(new GetEnvironmentCommand({ name: 'sneaky' }))).rejects.toThrow(/does not exist/);
    const tags = await proton.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:proton:us-east-1:${A}:service/api` }));
    expect(tags.tags?.map((t) => t.key)).not.toContain('pwned');
  });

  it('refuses IAM writes through the SDK and changes nothing', async () => {
    const { iam } = clients(emu.url);
    const update = await iam.send(new UpdateRoleCommand({ RoleName: 'EnvRole', Description: 'changed' })).catch((e: unknown) => e as Error);
    expect((update as Error).name).toBe('AccessDenied');
    expect((update as Error).message).toMatch(/read-only/);
    const put = await iam
      .send(new PutRolePolicyCommand({ RoleName: 'EnvRole', PolicyName: 'inline-a', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }))
      .catch((e: unknown) => e as Error);
    expect((put as Error).message).toMatch(/read-only/);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'EnvRole' }));
    expect(role.Role?.Description).toBeUndefined();
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: 'EnvRole', PolicyName: 'inline-a' }));
    expect(decodeURIComponent(policy.PolicyDocument ?? '')).toContain('s3:GetObject');
  });

  it('counts refused calls', () => {
    const calls = emu.calls();
    expect(calls['proton:CreateEnvironment']).toBe(1);
    expect(calls['proton:DeleteService']).toBe(1);
    expect(calls['iam:UpdateRole']).toBe(1);
    expect(calls['iam:PutRolePolicy']).toBe(1);
  });
});
