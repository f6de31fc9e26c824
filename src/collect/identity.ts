/** Who is collecting: STS GetCallerIdentity gives the account id every record is filed under. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AccountSnapshot } from '../model/index.ts';
import { callOnce, type Scope } from './call.ts';

export type Identity = NonNullable<AccountSnapshot['identity']>;

export async function collectIdentity(client: STSClient, scope: Scope): Promise<Identity | undefined> {
  const answer = await callOnce(scope, 'sts', 'GetCallerIdentity', () => client.send(new GetCallerIdentityCommand({})));
  if (!answer.ok) return undefined;
  const { Account, Arn, UserId } = answer.value;
  if (!Account || !Arn || !UserId) return undefined;
  return { Account, Arn, UserId };
}
