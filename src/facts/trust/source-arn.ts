/**
 * aws:SourceArn values in a statement trusting Proton. The expected form is
 * arn:<partition>:proton:<region|*>:<own account>:<resource> (AWS's example uses environment/*).
 * The 2021 guide's example 'arn:aws::proton:*:123456789012:environment/*' has an empty service field
 * and matches nothing, so the confused-deputy guard it was meant to be never applies.
 */
import { arnProblem, parseArn } from '../iam/arn.ts';

const WILDCARD = /[*?]/;

/** Why a SourceArn value is malformed or too broad for a Proton trust statement, or undefined when it is fine. */
export function sourceArnProblem(value: string, accountId: string): string | undefined {
  if (/^[*?]+$/.test(value)) return 'too broad: matches any source';
  if (!value.startsWith('arn:')) return 'malformed: not an ARN';
  const syntax = arnProblem(value);
  if (syntax) return syntax;
  const f = parseArn(value);
  if (!f) return 'malformed: fewer than six ARN fields';
  const reasons: string[] = [];
  if (f.service.toLowerCase() !== 'proton') {
    reasons.push(WILDCARD.test(f.service) ? 'too broad: wildcard service field' : `not a proton ARN (service "${f.service}")`);
  }
  if (f.account === '' || WILDCARD.test(f.account)) reasons.push('too broad: wildcard or empty account field');
  else if (f.account !== accountId) reasons.push(`foreign account ${f.account}`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
