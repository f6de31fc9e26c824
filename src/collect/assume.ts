/**
 * Reaching a member account: sts:AssumeRole into `--assume-role` with the caller's credentials.
 * The first call is made (and recorded in coverage, under the target account) before the account
 * is collected, so an account that cannot be assumed is known at once; later calls refresh the
 * credentials before they expire, because a large account can take longer than one session.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { callOnce, type Scope } from './call.ts';
import type { Failure } from './failure.ts';

/** The session name names the tool, so CloudTrail shows who was reading. */
export const SESSION_NAME = 'proton-audit';
const SESSION_SECONDS = 3600;
/** Refresh this long before expiry: a page in flight must not carry stale credentials. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface AssumeInput {
  sts: STSClient;
  /** Coverage of the target account, region 'global'. */
  scope: Scope;
  roleArn: string;
  externalId?: string;
  /** Wall clock for expiry checks (credentials expire in real time). */
  now?: () => number;
}

export function roleArnFor(partition: string, accountId: string, role: string): string {
  return `arn:${partition}:iam::${accountId}:role/${role.replace(/^\/+/, '')}`;
}

/** The partition of an ARN (aws, aws-cn, aws-us-gov...), default aws. */
export function partitionOf(arn: string | undefined): string {
  const m = arn ? /^arn:([^:]+):/.exec(arn) : null;
  return m?.[1] ?? 'aws';
}

export type Assumed = { ok: true; credentials: AwsCredentialIdentityProvider } | { ok: false; failure: Failure };

export async function assumeRole(input: AssumeInput): Promise<Assumed> {
  const now = input.now ?? Date.now;
  const call = () =>
    callOnce(input.scope, 'sts', 'AssumeRole', async () => {
      const out = await input.sts.send(
        new AssumeRoleCommand({
          RoleArn: input.roleArn,
          RoleSessionName: SESSION_NAME,
          DurationSeconds: SESSION_SECONDS,
          ...(input.externalId ? { ExternalId: input.externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error('AssumeRole returned no credentials'), { name: 'NoCredentials' });
      const identity: AwsCredentialIdentity = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      };
      return identity;
    });
  const first = await call();
  if (!first.ok) return first;
  let current = first.value;
  let refreshing: Promise<AwsCredentialIdentity> | undefined;
  const provider: AwsCredentialIdentityProvider = async () => {
    const expires = current.expiration?.getTime();
    if (expires === undefined || expires - now() > REFRESH_MARGIN_MS) return current;
    refreshing ??= call().then((r) => {
      refreshing = undefined;
      if (!r.ok) throw Object.assign(new Error(`could not refresh the assumed role: ${r.failure.code}: ${r.failure.message}`), { name: r.failure.code });
      current = r.value;
      return current;
    });
    return refreshing;
  };
  return { ok: true, credentials: provider };
}
