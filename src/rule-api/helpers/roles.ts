/** Roles as Proton names them: the knowledge rules share, and the accounts that deploy through a role. */
import type { ResourceViewOf } from '../../model/index.ts';
import { roleKey } from '../../knowledge/roles.ts';
import type { RuleSnapshotView } from '../core/view.ts';

export { parseRoleArn, roleKey, roleNameOfArn, ROLE_FIELDS, rolesNamedBy, isServiceLinkedRole } from '../../knowledge/roles.ts';

/** Management accounts whose (non-rejected) environment account connections name this role. */
export function deployingAccounts(role: ResourceViewOf<'role'>, view: RuleSnapshotView): Set<string> {
  const key = roleKey(role.arn);
  const out = new Set<string>();
  for (const c of view.ofType('environmentAccountConnection')) {
    if (c.data.status === 'REJECTED') continue;
    const names = [c.data.roleArn, c.data.componentRoleArn, c.data.codebuildRoleArn].some((arn) => roleKey(arn) === key);
    if (names && typeof c.data.managementAccountId === 'string') out.add(c.data.managementAccountId);
  }
  return out;
}
