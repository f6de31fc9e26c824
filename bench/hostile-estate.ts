/**
 * The hostile estate: everything issue 15's attacker planted, on top of the collector test
 * estate — a ReDoS-shaped IAM action on a role Proton trusts, ten 200 KB specs of random tokens,
 * a 1 MB one, a 10 MB single-line one, secrets repeated in other resources' status messages and
 * descriptions, terminal escape sequences in a role ARN and in status messages. `hostile: false`
 * gives its clean twin: the same resources and sizes with benign content, the baseline the
 * hostile evaluation is measured against (bench/hostile.ts).
 */
import type { Estate } from '../src/emulator/index.ts';
import { testEstate } from '../test/collect/fixtures/estate.ts';
import { plainLinesSpec, singleLineSpec, tokenLinesSpec } from './hostile-content.ts';

/** Every secret value planted: none may appear in any file or stream the tool writes. */
export const PLANTED = {
  dbPassword: 'Pl4nted-DbPassw0rd!',
  accessKeyId: 'AKIAPLANTED7EXAMPLE1',
  secretKey: 'pLaNtEd/K7MDENG/bPxRfiCYPLANTEDKEY123456',
  privateKeyBody: 'MIIEpQIBAAKCAQEAplantedPrivateKeyBodyLine1x',
  lineSecrets: ['Sing1eLine-Secret#0', 'Sing1eLine-Secret#1', 'Sing1eLine-Secret#2'],
  /** In a CloudFormation stack output Proton created (PA-STK-007), and repeated in its status reason. */
  stackPassword: 'St4ck-0utput-Passw0rd',
} as const;

export function plantedValues(): string[] {
  return [PLANTED.dbPassword, PLANTED.accessKeyId, PLANTED.secretKey, PLANTED.privateKeyBody, ...PLANTED.lineSecrets, PLANTED.stackPassword];
}

/** OSC (set the terminal's title) and CSI (red) sequences, as an attacker would put in a name. */
export const ESCAPES = '\u001b]0;owned\u0007\u001b[31m';

const ACCOUNT = '111111111111';
const at = '2026-01-15T10:00:00Z';
const deployed = { templateName: 'vpc', templateMajorVersion: '1', templateMinorVersion: '0', deploymentStatus: 'SUCCEEDED', createdAt: at, lastDeploymentAttemptedAt: at };

export interface HostileOptions {
  hostile: boolean;
  /** Leave out the 10 MB spec (the emulator's end-to-end tests keep to the smaller ones). */
  withoutHugeLine?: boolean;
  /** End-to-end tests: one 20 KB token spec instead of ten of 200 KB and one of 1 MB. */
  small?: boolean;
}

export function hostileEstate(opts: HostileOptions): Estate {
  const h = opts.hostile;
  const estate = testEstate();
  const account = estate.accounts[0];
  const region = account?.regions.find((r) => r.region === 'us-east-1');
  const proton = region?.proton;
  const iam = account?.iam;
  if (!account || !region || !proton || !iam) throw new Error('the collector test estate changed shape');

  (iam.RoleDetailList ??= []).push({
    RoleName: 'HostileRole',
    Path: '/',
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    RolePolicyList: [{ PolicyName: 'glob', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: h ? 'iam:*?*?*?*?*?*?*?*?*?*?*?*?X' : 'iam:Get*', Resource: '*' }] } }],
  });

  const envs = proton.environments as Array<Record<string, unknown>>;
  const size = opts.small ? 20_000 : 200_000;
  for (let i = 0; i < (opts.small ? 1 : 10); i++) {
    envs.push({ ...deployed, name: `tokens-${i}`, spec: h ? tokenLinesSpec(size, 100 + i).text : plainLinesSpec(size) });
  }
  if (!opts.small) envs.push({ ...deployed, name: 'tokens-1mb', spec: h ? tokenLinesSpec(1_000_000, 7).text : plainLinesSpec(1_000_000) });
  envs.push({
    ...deployed,
    name: 'keys',
    // A role ARN no IAM role has: the collector names it on stderr.
    protonServiceRoleArn: `arn:aws:iam::${ACCOUNT}:role/${h ? `${ESCAPES}Evil` : 'Missing'}`,
    description: h ? `rotated from ${PLANTED.dbPassword}` : 'rotated last week',
    deploymentStatusMessage: h ? `${ESCAPES}failed: key ${PLANTED.accessKeyId} rejected` : 'failed: key rejected',
    spec: h
      ? [
          'proton: EnvironmentSpec',
          'spec:',
          `  aws_access_key_id: ${PLANTED.accessKeyId}`,
          `  aws_secret_access_key: ${PLANTED.secretKey}`,
          '  tls_key: |',
          '    -----BEGIN RSA PRIVATE KEY-----',
          `    ${PLANTED.privateKeyBody}`,
          '    -----END RSA PRIVATE KEY-----',
          '',
        ].join('\n')
      : 'proton: EnvironmentSpec\nspec:\n  region: us-east-1\n',
  });
  const prod = envs.find((e) => e.name === 'prod');
  if (prod) prod.spec = `proton: EnvironmentSpec\nspec:\n  db_password: ${h ? PLANTED.dbPassword : '{{resolve:secretsmanager:db}}'}\n`;

  const instances = proton.serviceInstances as Array<Record<string, unknown>>;
  const apiProd = instances.find((i) => i.name === 'api-prod');
  // The password from prod's spec, repeated where no scan looks: a status message.
  if (apiProd) apiProd.deploymentStatusMessage = h ? `connection refused for password ${PLANTED.dbPassword}` : 'connection refused';
  if (!opts.withoutHugeLine) {
    instances.push({
      name: 'huge-line',
      serviceName: 'api',
      environmentName: 'prod',
      ...deployed,
      templateName: 'web',
      spec: h ? singleLineSpec(10_000_000, PLANTED.lineSecrets) : singleLineSpec(10_000_000, []),
    });
  }
  // A stack Proton created, whose outputs hand out a password, and whose status reason repeats it.
  region.cloudformation = {
    Stacks: [
      {
        StackName: 'AWSProton-keys-cloudformation-h1',
        StackStatus: 'UPDATE_ROLLBACK_COMPLETE',
        StackStatusReason: h ? `rollback: ${ESCAPES}login failed with ${PLANTED.stackPassword}` : 'rollback: login failed',
        Outputs: [
          { OutputKey: 'DbEndpoint', OutputValue: 'keys-db.cluster-0a1b2c.us-east-1.rds.amazonaws.com' },
          { OutputKey: 'DbPassword', OutputValue: h ? PLANTED.stackPassword : '{{resolve:secretsmanager:keys-db}}' },
        ],
      },
    ],
  };
  const services = proton.services as Array<Record<string, unknown>>;
  const api = services.find((s) => s.name === 'api');
  if (api) api.statusMessage = h ? `${ESCAPES}deploy blocked: ${PLANTED.secretKey}` : 'deploy blocked';
  return estate;
}
