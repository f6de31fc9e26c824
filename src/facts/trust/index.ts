/**
 * Trust-policy analysis for one role: who may assume it, and whether the statement trusting
 * proton.amazonaws.com carries the confused-deputy guards (aws:SourceAccount / aws:SourceArn).
 * Pure and synchronous; needs no service data (a loaded index only adds typo detection).
 */
import type { PolicyStatement, RoleDetail, StatementRef, TrustAnalysis, TrustPrincipal } from '../../model/index.ts';
import { actionProblem } from '../iam/action-syntax.ts';
import { arnProblem } from '../iam/arn.ts';
import { conditionEntries, isNegatedMatch, isPositiveMatch, positiveValues, type ConditionEntry } from '../iam/conditions.ts';
import { actionGlobMatches } from '../iam/glob.ts';
import { statementsOf, toList } from '../iam/statements.ts';
import { isAnyone, isProtonService, principalsOf } from './principals.ts';
import { sourceArnProblem } from './source-arn.ts';

export { PROTON_SERVICE_PRINCIPAL as PROTON_SERVICE } from '../../knowledge/principals.ts';

const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];
const DEPUTY_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn']);
/** Keys that tie a '*' principal to an organisation, an account or named principals. */
const NARROWING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);

const onlyWildcards = (values: readonly string[]): boolean => values.every((v) => /^[*?]+$/.test(v));

/** Whether the statement is about assuming the role (an absent Action or a NotAction is read broadly). */
function concernsAssumption(s: PolicyStatement): boolean {
  if (s.Action === undefined) return true;
  return toList(s.Action).some((p) => ASSUME_ACTIONS.some((a) => actionGlobMatches(p, a)));
}

/** A positive, value-bearing condition on one of the keys (IfExists accepted unless `strict`). */
function hasGuard(entries: readonly ConditionEntry[], keys: ReadonlySet<string>, strict: boolean): boolean {
  return entries.some((e) => keys.has(e.key) && isPositiveMatch(e) && !(strict && e.ifExists) && !onlyWildcards(e.values));
}

/** A Deny with a negated condition on one of the keys fences off everything the condition does not name. */
function hasDenyFence(denies: readonly PolicyStatement[], applies: (s: PolicyStatement) => boolean, keys: ReadonlySet<string>): boolean {
  return denies.some((d) => applies(d) && conditionEntries(d).some((e) => keys.has(e.key) && isNegatedMatch(e)));
}

function collectMalformed(statements: readonly PolicyStatement[]): Array<{ value: string; reason: string }> {
  const found = new Map<string, string>();
  const note = (value: string, reason: string | undefined): void => {
    if (reason && !found.has(value)) found.set(value, reason);
  };
  const walkArns = (node: unknown): void => {
    if (typeof node === 'string') note(node, arnProblem(node));
    else if (Array.isArray(node)) node.forEach(walkArns);
    else if (node && typeof node === 'object') Object.values(node).forEach(walkArns);
  };
  for (const s of statements) {
    for (const value of [...toList(s.Action), ...toList(s.NotAction)]) note(value, actionProblem(value));
    walkArns([s.Principal, s.NotPrincipal, s.Resource, s.NotResource, s.Condition]);
  }
  return [...found].map(([value, reason]) => ({ value, reason })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function comparePrincipals(a: TrustPrincipal, b: TrustPrincipal): number {
  if (a.statementIndex !== b.statementIndex) return a.statementIndex - b.statementIndex;
  const ka = `${a.kind}\u0000${a.value}`;
  const kb = `${b.kind}\u0000${b.value}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function analyzeTrust(role: RoleDetail, accountId: string): TrustAnalysis {
  const statements = statementsOf(role.AssumeRolePolicyDocument);
  const evidence: StatementRef[] = statements.map((statement, index) => ({ source: 'trust', index, statement }));
  const allows = statements.map((s, i) => ({ s, i })).filter(({ s }) => s.Effect === 'Allow');
  const denies = statements.filter((s) => s.Effect === 'Deny' && concernsAssumption(s));

  const principals: TrustPrincipal[] = [];
  let trustsProton = false;
  let trustsAnyone = false;
  let missingConfusedDeputyConditions = false;
  const foreignSourceAccounts = new Set<string>();
  const badSourceArns = new Map<string, string>();
  const foreignAccountsWithoutExternalId = new Set<string>();

  const denyCovers = (pred: (p: TrustPrincipal) => boolean) => (d: PolicyStatement): boolean =>
    principalsOf(d, -1).some((p) => isAnyone(p) || pred(p));

  for (const { s, i } of allows) {
    const named = principalsOf(s, i);
    principals.push(...named);
    const entries = conditionEntries(s);
    for (const value of positiveValues(s, 'aws:SourceAccount')) if (value !== accountId) foreignSourceAccounts.add(value);
    if (!concernsAssumption(s)) continue;

    if (named.some(isProtonService)) {
      trustsProton = true;
      if (!hasGuard(entries, DEPUTY_KEYS, false) && !hasDenyFence(denies, denyCovers(isProtonService), DEPUTY_KEYS)) {
        missingConfusedDeputyConditions = true;
      }
      for (const value of positiveValues(s, 'aws:SourceArn')) {
        const problem = sourceArnProblem(value, accountId);
        if (problem && !badSourceArns.has(value)) badSourceArns.set(value, problem);
      }
    }
    if (named.some(isAnyone) && !hasGuard(entries, NARROWING_KEYS, true) && !hasDenyFence(denies, denyCovers(isAnyone), NARROWING_KEYS)) {
      trustsAnyone = true;
    }
    if (!hasGuard(entries, new Set(['sts:externalid']), false)) {
      for (const p of named) if (p.kind === 'AWS' && p.accountId && p.accountId !== accountId) foreignAccountsWithoutExternalId.add(p.accountId);
    }
  }

  return {
    principals: principals.sort(comparePrincipals),
    trustsProton,
    trustsAnyone,
    missingConfusedDeputyConditions,
    foreignSourceAccounts: [...foreignSourceAccounts].sort(),
    badSourceArns: [...badSourceArns].map(([value, reason]) => ({ value, reason })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
    foreignAccountsWithoutExternalId: [...foreignAccountsWithoutExternalId].sort(),
    malformed: collectMalformed(statements),
    evidence,
  };
}
