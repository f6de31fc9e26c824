/**
 * Reading Condition blocks. Operators and keys are compared case-insensitively (IAM treats keys
 * that way; lower-casing operators tolerates hand-written or imported documents).
 */
import type { PolicyStatement } from '../../model/index.ts';
import { actionGlobMatches } from './glob.ts';

export interface ConditionEntry {
  /** The operator as written, e.g. 'ForAnyValue:StringEqualsIfExists'. */
  operator: string;
  /** Lower-case operator without set prefix and IfExists, e.g. 'stringequals'. */
  base: string;
  ifExists: boolean;
  set?: 'foranyvalue' | 'forallvalues';
  /** Lower-case condition key, e.g. 'aws:sourceaccount'. */
  key: string;
  /** The key as written. */
  keyAsWritten: string;
  values: string[];
}

/** Operators that grant only when the value matches: they narrow a statement to what they name. */
const POSITIVE = new Set(['stringequals', 'stringlike', 'stringequalsignorecase', 'arnequals', 'arnlike']);
/** Their negations: in a Deny they fence off everything *except* what they name. */
const NEGATED = new Set(['stringnotequals', 'stringnotlike', 'stringnotequalsignorecase', 'arnnotequals', 'arnnotlike']);

function toValues(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => String(v));
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'object') return [JSON.stringify(raw)];
  return [String(raw)];
}

export function conditionEntries(statement: PolicyStatement): ConditionEntry[] {
  const block: unknown = statement.Condition;
  if (!block || typeof block !== 'object') return [];
  const entries: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    let rest = operator.toLowerCase();
    let set: ConditionEntry['set'];
    if (rest.startsWith('foranyvalue:')) {
      set = 'foranyvalue';
      rest = rest.slice('foranyvalue:'.length);
    } else if (rest.startsWith('forallvalues:')) {
      set = 'forallvalues';
      rest = rest.slice('forallvalues:'.length);
    }
    const ifExists = rest.endsWith('ifexists');
    const base = ifExists ? rest.slice(0, -'ifexists'.length) : rest;
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) continue;
    for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) {
      entries.push({
        operator,
        base,
        ifExists,
        ...(set ? { set } : {}),
        key: key.toLowerCase(),
        keyAsWritten: key,
        values: toValues(raw),
      });
    }
  }
  return entries;
}

export function isPositiveMatch(entry: ConditionEntry): boolean {
  return POSITIVE.has(entry.base);
}

export function isNegatedMatch(entry: ConditionEntry): boolean {
  return NEGATED.has(entry.base);
}

function onlyWildcards(values: readonly string[]): boolean {
  return values.length > 0 && values.every((v) => /^\*+$/.test(v));
}

/**
 * Whether a condition can fail for the attacker — the one rule every verdict uses (admin,
 * wildcards, each action of an escalation path, PassRole included). An entry narrows nothing when:
 *
 * | entry | why it narrows nothing |
 * | --- | --- |
 * | Bool aws:SecureTransport true | every SDK and CLI call uses TLS |
 * | a like-operator whose values include a bare '*', with IfExists or on a key every request carries | matches every value |
 * | Bool or Null listing both true and false | covers both cases |
 * | a key with a closed set of values (ENUMERATED_KEYS) whose listed values cover the set | covers every case |
 * | aws:RequestTag/*, aws:TagKeys, <service>:RequestTag/*, <service>:TagKeys (any operator) | the caller writes these values into its own request |
 * | aws:PrincipalAccount, aws:ResourceAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths (positive operators) | an insider of that account or organization meets them |
 * | iam:PassedToService matching every service ('*', '*.amazonaws.com' with a like-operator) | names no service in particular |
 *
 * Everything else narrows: tags on existing resources, aws:CalledVia, source IP or VPC,
 * MFA (a role session has none), aws:RequestedRegion (IAM and other global services answer in
 * one region only), iam:PassedToService naming services (the PassRole gate, judged per path),
 * service-specific keys.
 */
const ALWAYS_PRESENT_KEYS = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid', 'aws:currenttime', 'aws:epochtime', 'aws:requestedregion', 'aws:securetransport']);
const INSIDER_KEYS = new Set(['aws:principalaccount', 'aws:resourceaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:resourceorgid', 'aws:resourceorgpaths']);
/** Keys whose every possible value is known; listing all of them matches every request. */
export const ENUMERATED_KEYS: Readonly<Record<string, readonly string[]>> = {
  'partnercentral:catalog': ['aws', 'sandbox'],
};

function requesterChosen(key: string): boolean {
  return /^[a-z0-9-]+:requesttag\//.test(key) || /^[a-z0-9-]+:tagkeys$/.test(key);
}

function coversEveryValue(entry: ConditionEntry): boolean {
  const values = entry.values.map((v) => v.toLowerCase());
  if (entry.base === 'bool' || entry.base === 'null') return values.includes('true') && values.includes('false');
  if ((entry.base === 'stringlike' || entry.base === 'arnlike') && entry.values.some((v) => /^\*+$/.test(v))) {
    return entry.ifExists || ALWAYS_PRESENT_KEYS.has(entry.key);
  }
  const domain = ENUMERATED_KEYS[entry.key];
  if (domain && (entry.base === 'stringequals' || entry.base === 'stringequalsignorecase' || entry.base === 'stringlike')) {
    return domain.every((d) => values.includes(d));
  }
  return false;
}

/** Whether one condition entry holds for every request the attacker cares to make (see the table above). */
export function entryNarrowsNothing(entry: ConditionEntry): boolean {
  if (entry.base === 'bool' && entry.key === 'aws:securetransport' && entry.values.length > 0) {
    return entry.values.every((v) => v.toLowerCase() === 'true');
  }
  if (coversEveryValue(entry)) return true;
  if (requesterChosen(entry.key)) return true;
  if (INSIDER_KEYS.has(entry.key) && isPositiveMatch(entry)) return true;
  if (entry.key === 'iam:passedtoservice' && (entry.base === 'stringlike' || entry.base === 'arnlike') && entry.values.some(opensEveryService)) return true;
  return false;
}

/** Lower-case keys of the entries that can fail for the attacker, sorted and unique. */
export function narrowingKeys(entries: readonly ConditionEntry[]): string[] {
  if (entries.length === 0) return [];
  return [...new Set(entries.filter((e) => !entryNarrowsNothing(e)).map((e) => e.key))].sort();
}

/** True when the statement has no condition, or only conditions that cannot fail for the attacker. */
export function isUnconditional(statement: PolicyStatement): boolean {
  return narrowingKeys(conditionEntries(statement)).length === 0;
}

/**
 * A PassedToService value that names no service in particular: '*', or a wildcard in the service
 * name itself ('*.amazonaws.com', '*amazonaws.com'), which matches every AWS service principal.
 */
function opensEveryService(value: string): boolean {
  const name = value.split('.')[0] ?? '';
  return /^[*?]*$/.test(value) || (/[*?]/.test(name) && !/[a-z0-9-]{2,}/i.test(name.replace(/[*?]/g, '')));
}

/**
 * The iam:PassedToService values a statement is gated by (positive operators, IfExists included:
 * PassRole requests always carry the key), or undefined when no such gate exists. A gate one of
 * whose values matches every service ('*', '*.amazonaws.com') gates nothing.
 */
export function passedToServiceGate(entries: readonly ConditionEntry[]): string[] | undefined {
  const values: string[] = [];
  let gated = false;
  for (const e of entries) {
    if (e.key !== 'iam:passedtoservice' || !isPositiveMatch(e) || onlyWildcards(e.values)) continue;
    // Only a like-operator gives the wildcard meaning; StringEquals '*.amazonaws.com' matches nothing real.
    if ((e.base === 'stringlike' || e.base === 'arnlike') && e.values.some(opensEveryService)) return undefined;
    gated = true;
    values.push(...e.values);
  }
  return gated ? values : undefined;
}

/** Whether a PassedToService gate lets the role be passed to the given service principal. */
export function gateAllows(gate: readonly string[], servicePrincipal: string): boolean {
  return gate.some((v) => actionGlobMatches(v, servicePrincipal));
}

/** Positive-match values for a key (any of the listed operator families), e.g. every aws:SourceArn value. */
export function positiveValues(statement: PolicyStatement, key: string): string[] {
  const wanted = key.toLowerCase();
  return conditionEntries(statement)
    .filter((e) => e.key === wanted && isPositiveMatch(e))
    .flatMap((e) => e.values);
}
