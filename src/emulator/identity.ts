/**
 * Who is calling. Credentials the emulator did not issue act in the estate's first account;
 * AssumeRole mints keys that name their account (ASIAEMU<accountId><serial>), so a request signed
 * with them is answered from that account, as AWS answers from the assumed role's account.
 */
import { createHash } from 'node:crypto';
import { iamUniqueId } from './derive.ts';
import type { AccountView, World } from './world.ts';

export interface Caller {
  account: AccountView;
  arn: string;
  userId: string;
}

interface Session {
  accountId: string;
  roleArn: string;
  roleName: string;
  sessionName: string;
}

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

const ISSUED_KEY = /^ASIAEMU(\d{12})[A-Z0-9]+$/;

export class Identities {
  private readonly sessions = new Map<string, Session>();
  private serial = 0;

  constructor(private readonly world: World) {}

  resolve(accessKeyId: string | undefined): Caller {
    const session = accessKeyId ? this.sessions.get(accessKeyId) : undefined;
    if (session) {
      const account = this.world.accounts.get(session.accountId);
      if (account) {
        const roleId = iamUniqueId('AROA', session.roleArn);
        return {
          account,
          arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
          userId: `${roleId}:${session.sessionName}`,
        };
      }
    }
    // A key minted by an earlier emulator run still names its account.
    const minted = accessKeyId ? ISSUED_KEY.exec(accessKeyId) : null;
    const account = (minted?.[1] ? this.world.accounts.get(minted[1]) : undefined) ?? this.world.first;
    const id = account.account.accountId;
    return { account, arn: `arn:aws:iam::${id}:user/proton-audit-emulator`, userId: iamUniqueId('AIDA', `arn:aws:iam::${id}:user/proton-audit-emulator`) };
  }

  issue(accountId: string, roleArn: string, roleName: string, sessionName: string): IssuedCredentials {
    this.serial += 1;
    const serial = this.serial.toString(36).toUpperCase().padStart(6, '0');
    const AccessKeyId = `ASIAEMU${accountId}${serial}`;
    this.sessions.set(AccessKeyId, { accountId, roleArn, roleName, sessionName });
    const secret = createHash('sha256').update(`secret:${AccessKeyId}`).digest('base64').slice(0, 40);
    const token = createHash('sha256').update(`token:${AccessKeyId}`).digest('base64');
    return { AccessKeyId, SecretAccessKey: secret, SessionToken: `EMULATOR/${token}` };
  }
}
