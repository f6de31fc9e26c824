/** Evaluates the escalation catalogue against a principal's effective permissions. */
import type { EscalationFinding, StatementRef } from '../../model/index.ts';
import { actionId } from './actions.ts';
import { ESCALATION_PATHS, type EscalationPath } from './escalation-paths.ts';
import { ANYWHERE, UNCONDITIONAL, onAllOfType, onArn, passRoleFilter, type PermissionModel, type Scope } from './permissions.ts';
import { sortRefs } from './statements.ts';

/** Who "self" is: the analysed role and the managed policies attached to it (none for a bare document). */
export interface SelfContext {
  roleArn?: string;
  attachedPolicyArns: readonly string[];
  account?: string;
}

function scopesFor(path: EscalationPath, self: SelfContext): Scope[] {
  if (!path.target) return [ANYWHERE];
  const scopes = [onAllOfType('iam', path.target, self.account)];
  if (path.target === 'role' && self.roleArn) scopes.push(onArn(self.roleArn));
  if (path.target === 'policy') for (const arn of self.attachedPolicyArns) scopes.push(onArn(arn));
  return scopes;
}

function evaluate(path: EscalationPath, model: PermissionModel, self: SelfContext): EscalationFinding | undefined {
  const actions: string[] = [];
  const evidence: StatementRef[] = [];
  if (path.passRoleTo) {
    const passRole = actionId('iam:PassRole');
    const refs = model.grants(passRole, ANYWHERE, passRoleFilter(passRole, path.passRoleTo));
    if (refs.length === 0) return undefined;
    actions.push('iam:PassRole');
    evidence.push(...refs);
  }
  const scopes = scopesFor(path, self);
  for (const step of path.steps) {
    let satisfied = false;
    for (const action of step) {
      const id = actionId(action);
      const refs = scopes.flatMap((scope) => model.grants(id, scope, UNCONDITIONAL));
      if (refs.length === 0) continue;
      satisfied = true;
      actions.push(action);
      evidence.push(...refs);
    }
    if (!satisfied) return undefined;
  }
  return { id: path.id, description: path.description, actions: [...new Set(actions)].sort(), evidence: sortRefs(evidence) };
}

export function findEscalations(model: PermissionModel, self: SelfContext): EscalationFinding[] {
  const found: EscalationFinding[] = [];
  for (const path of ESCALATION_PATHS) {
    const f = evaluate(path, model, self);
    if (f) found.push(f);
  }
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
