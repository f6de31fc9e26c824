/**
 * Grants that are findings on their own, whatever else the principal holds: IAM permissions
 * management without a resource constraint, actions that return credentials or secrets without
 * one, and Allow statements written with NotAction. "Without a resource constraint" means allowed
 * (after Deny statements, the boundary and conditions that cannot fail, conditions.ts) on every
 * resource of one of the action's resource types, or on '*' for actions that accept only '*'.
 */
import type { ActionGrant, StatementRef } from '../../model/index.ts';
import { actionInfo, iamIndex, type ActionInfo } from './actions.ts';
import { Bitset } from './bitset.ts';
import { CREDENTIAL_ACTIONS } from './credential-actions.ts';
import { typeTarget, type SelfContext } from './escalations.ts';
import { UNCONDITIONAL, type PermissionModel } from './permissions.ts';
import { sortRefs, type CompiledStatement } from './statements.ts';

function unconstrained(model: PermissionModel, info: ActionInfo, self: SelfContext): StatementRef[] | undefined {
  const types = info.onlyStar ? [undefined] : info.resourceTypes;
  for (const type of types) {
    const target = typeTarget({ action: info.name, ...(type ? { resourceType: type } : {}), creates: false }, self);
    const reached = model.reach(info.id, target, UNCONDITIONAL);
    if (reached?.full) return sortRefs(reached.statements.map((s) => s.ref));
  }
  return undefined;
}

function grantsOf(model: PermissionModel, actions: readonly ActionInfo[], mask: Bitset, self: SelfContext): ActionGrant[] {
  const anyAllowed = model.allowedAnywhere();
  const out: ActionGrant[] = [];
  if (!anyAllowed.intersects(mask)) return out;
  for (const info of actions) {
    if (!anyAllowed.has(info.id)) continue;
    const evidence = unconstrained(model, info, self);
    if (evidence) out.push({ action: info.name, evidence });
  }
  return out.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
}

interface ActionList {
  size: number;
  list: ActionInfo[];
  mask: Bitset;
}

function listOf(list: ActionInfo[]): ActionList {
  const { size } = iamIndex();
  return { size, list, mask: Bitset.of(size, list.map((a) => a.id)) };
}

let iamPmCache: ActionList | undefined;
let credentialCache: ActionList | undefined;

export function findUnconstrainedPermissionsManagement(model: PermissionModel, self: SelfContext): ActionGrant[] {
  const { size, actions, services } = iamIndex();
  if (!iamPmCache || iamPmCache.size !== size) {
    const range = services.get('iam');
    iamPmCache = listOf(range ? actions.slice(range.start, range.end).filter((a) => a.level === 'Permissions management') : []);
  }
  return grantsOf(model, iamPmCache.list, iamPmCache.mask, self);
}

export function findCredentialExposure(model: PermissionModel, self: SelfContext): ActionGrant[] {
  const { size } = iamIndex();
  if (!credentialCache || credentialCache.size !== size) {
    credentialCache = listOf(CREDENTIAL_ACTIONS.map((c) => actionInfo(c.action)).filter((a): a is ActionInfo => a !== undefined));
  }
  return grantsOf(model, credentialCache.list, credentialCache.mask, self);
}

export function notActionAllows(statements: readonly CompiledStatement[]): StatementRef[] {
  return sortRefs(statements.filter((s) => s.effect === 'Allow' && s.notAction).map((s) => s.ref));
}
