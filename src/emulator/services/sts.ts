/**
 * STS: who am I, and AssumeRole into another estate account. The credentials it returns make
 * later requests answer from the target account; an unknown or `assumable: false` account, or
 * a wrong ExternalId where the account sets `externalId`, is AccessDenied, as a role without a
 * matching trust policy would be.
 */
import { ApiError } from '../api-error.ts';
import { iamUniqueId } from '../derive.ts';
import { int, str } from '../shape.ts';
import type { QueryService } from './query.ts';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]{1,64})$/;

export const stsService: QueryService = {
  namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    GetCallerIdentity: {
      params: {},
      handle: (_i, ctx) => ({ UserId: ctx.caller.userId, Account: ctx.account.account.accountId, Arn: ctx.caller.arn }),
    },
    AssumeRole: {
      params: {
        RoleArn: { shape: str({ min: 20, max: 2048 }), required: true },
        RoleSessionName: { shape: str({ min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ }), required: true },
        DurationSeconds: { shape: int(900, 43200) },
        ExternalId: { shape: str({ min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/ }) },
        Policy: { shape: str({ min: 1, max: 2048 }) },
        SerialNumber: { shape: str({ min: 9, max: 256 }) },
        TokenCode: { shape: str({ min: 6, max: 6, pattern: /^\d{6}$/ }) },
        SourceIdentity: { shape: str({ min: 2, max: 64 }) },
      },
      opaquePrefixes: ['PolicyArns.member.', 'Tags.member.', 'TransitiveTagKeys.member.', 'ProvidedContexts.member.'],
      handle: (i, ctx) => {
        const roleArn = String(i.RoleArn);
        const m = ROLE_ARN.exec(roleArn);
        if (!m) throw new ApiError('ValidationError', `${roleArn} is not a valid role ARN`);
        const [, accountId = '', roleName = ''] = m;
        const target = ctx.world.accounts.get(accountId);
        // A trust policy with an sts:ExternalId condition refuses a wrong or missing id the same way.
        const required = target?.account.externalId;
        if (!target || target.account.assumable === false || (required !== undefined && i.ExternalId !== required)) {
          throw new ApiError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
        }
        const sessionName = String(i.RoleSessionName);
        const creds = ctx.identities.issue(accountId, roleArn, roleName, sessionName);
        const seconds = typeof i.DurationSeconds === 'number' ? i.DurationSeconds : 3600;
        return {
          Credentials: { ...creds, Expiration: new Date(Date.now() + seconds * 1000) },
          AssumedRoleUser: {
            AssumedRoleId: `${iamUniqueId('AROA', roleArn)}:${sessionName}`,
            Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
          },
        };
      },
    },
  },
};
