/** Reading Principal blocks of a trust policy. */
import type { PolicyStatement, TrustPrincipal } from '../../model/index.ts';
import { accountOf } from '../iam/arn.ts';
import { toList } from '../iam/statements.ts';

import { isProtonServicePrincipal } from '../../knowledge/principals.ts';

const KINDS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** The principals one statement names. NotPrincipal in an Allow trusts everyone but the listed ones: recorded as '*'. */
export function principalsOf(statement: PolicyStatement, statementIndex: number): TrustPrincipal[] {
  if (statement.Principal === undefined && statement.NotPrincipal !== undefined) {
    return [{ kind: '*', value: '*', statementIndex }];
  }
  const principal: unknown = statement.Principal;
  if (principal === '*') return [{ kind: '*', value: '*', statementIndex }];
  if (!principal || typeof principal !== 'object') return [];
  const out: TrustPrincipal[] = [];
  const block = principal as Record<string, unknown>;
  for (const kind of KINDS) {
    for (const value of toList(block[kind])) {
      const accountId = kind === 'AWS' ? accountOf(value) : undefined;
      out.push({ kind, value, ...(accountId ? { accountId } : {}), statementIndex });
    }
  }
  return out;
}

export function isProtonService(p: TrustPrincipal): boolean {
  return p.kind === 'Service' && isProtonServicePrincipal(p.value);
}

/** Principal '*' or AWS '*': any AWS account. */
export function isAnyone(p: TrustPrincipal): boolean {
  return p.kind === '*' || (p.kind === 'AWS' && p.value === '*');
}
