/**
 * Administrator equivalence. Rule of thumb: the effective Allow on Resource '*' must cover at least
 * 90% of all actions in the service reference data AND every IAM permissions-management action.
 * The first part is "every action" with room for a NotAction that carves out a few services
 * (the console's NotAction [organizations:*, account:*] still counts); the second is what makes
 * it *equivalent* to admin: a principal that can rewrite any IAM policy can grant itself whatever
 * is missing and lift its own Deny statements. PowerUserAccess (NotAction iam:*, organizations:*,
 * account:*) therefore is not admin-equivalent, and neither is any grant once a Deny takes away
 * iam:* (or any single IAM permissions-management action) on '*'.
 */
import type { StatementRef } from '../../model/index.ts';
import { Bitset } from './bitset.ts';
import { iamIndex, serviceActionBits } from './actions.ts';
import { ANY_CONDITION, ON_STAR, UNCONDITIONAL, type PermissionModel, type StatementFilter } from './permissions.ts';
import { sortRefs } from './statements.ts';

export const ADMIN_ACTION_SHARE = 0.9;

let iamPermissionsManagement: Bitset | undefined;
let iamPmSize = -1;

function iamPmBits(): Bitset {
  const size = iamIndex().size;
  if (!iamPermissionsManagement || iamPmSize !== size) {
    iamPermissionsManagement = serviceActionBits('iam', (a) => a.level === 'Permissions management');
    iamPmSize = size;
  }
  return iamPermissionsManagement;
}

export interface AdminVerdict {
  admin: boolean;
  evidence: StatementRef[];
}

function verdict(model: PermissionModel, filter: StatementFilter): AdminVerdict {
  const { size } = iamIndex();
  const allowed = model.allowedBits(ON_STAR, filter);
  const iamPm = iamPmBits();
  const admin = allowed.count() >= ADMIN_ACTION_SHARE * size && allowed.covers(iamPm);
  if (!admin) return { admin, evidence: [] };
  // The statements that make it so: the cross-service grants ('*', NotAction) and whatever grants IAM policy control.
  const evidence = model
    .allowStatements(ON_STAR, filter)
    .filter((s) => s.bits.intersects(allowed) && (s.broadBits.intersects(allowed) || s.bits.intersects(iamPm)))
    .map((s) => s.ref);
  return { admin, evidence: sortRefs(evidence) };
}

/** Service-specific grants on '*' that together name enough actions to matter (a list of hundreds of 'svc:*'). */
function manyServices(model: PermissionModel): boolean {
  let n = 0;
  for (const s of model.allowStatements(ON_STAR, ANY_CONDITION)) n += s.serviceBits.count();
  return n >= ADMIN_ACTION_SHARE * iamIndex().size;
}

export interface AdminAnalysis {
  adminEquivalent: boolean;
  adminEvidence: StatementRef[];
  /** Statements that would make it admin-equivalent but for their (narrowing) condition. */
  conditionalAdminEvidence: StatementRef[];
}

export function analyzeAdmin(model: PermissionModel): AdminAnalysis {
  const none: AdminAnalysis = { adminEquivalent: false, adminEvidence: [], conditionalAdminEvidence: [] };
  // Most policies never come near: without a grant crossing services on '*', 90% of all actions is out of reach.
  if (!model.allowStatements(ON_STAR, ANY_CONDITION).some((s) => s.broad) && !manyServices(model)) return none;
  const strict = verdict(model, UNCONDITIONAL);
  if (strict.admin) return { adminEquivalent: true, adminEvidence: strict.evidence, conditionalAdminEvidence: [] };
  if (model.allUnconditional()) return none;
  const loose = verdict(model, ANY_CONDITION);
  if (!loose.admin) return { adminEquivalent: false, adminEvidence: [], conditionalAdminEvidence: [] };
  // The grants that would make it admin, and the conditional boundary statements that hold it back, if any.
  const narrowingBoundary = model.boundaryStatements(ON_STAR, (s) => !s.unconditional).map((s) => s.ref);
  return { adminEquivalent: false, adminEvidence: [], conditionalAdminEvidence: sortRefs([...loose.evidence, ...narrowingBoundary]) };
}
