/**
 * The effective permissions of one principal: identity Allow statements, minus unconditional Deny
 * statements that cover the same resource scope, capped by the permissions boundary when one was
 * collected. A question is always asked for a resource scope ("on '*'", "on this role", "anywhere")
 * and a statement filter (which conditions still count).
 */
import type { StatementRef } from '../../model/index.ts';
import { Bitset } from './bitset.ts';
import { iamIndex } from './actions.ts';
import { coversAllOfType, coversPattern, patternsOverlap } from './arn.ts';
import { isStarOnly, resourceGlobsIntersect } from './glob.ts';
import { gateAllows } from './conditions.ts';
import { appliesToArn, coversLiteral, sortRefs, type CompiledStatement } from './statements.ts';

export interface Scope {
  /** An Allow statement grants within this scope. */
  allows(s: CompiledStatement): boolean;
  /** An (unconditional) Deny statement takes actions away within this scope. */
  denies(s: CompiledStatement): boolean;
}

export type StatementFilter = (s: CompiledStatement) => boolean;

const anyPatternAll = (s: CompiledStatement): boolean => s.allResources;

/** Resource '*'. NotResource statements are scoped, so they never grant "on '*'"; as a Deny they narrow it. */
export const ON_STAR: Scope = {
  allows: anyPatternAll,
  denies: (s) => s.resource.not || anyPatternAll(s),
};

/** Some resource, whichever: only a Deny on every resource takes an action away everywhere. */
export const ANYWHERE: Scope = {
  allows: () => true,
  denies: anyPatternAll,
};

/** One concrete resource ARN. */
export function onArn(arn: string): Scope {
  return { allows: (s) => appliesToArn(s, arn), denies: (s) => appliesToArn(s, arn) };
}

/** Every resource of one IAM-style type in an account, e.g. every role ('arn:aws:iam::*:role/*'). */
export function onAllOfType(service: string, type: string, account: string | undefined): Scope {
  const covers = (s: CompiledStatement): boolean =>
    !s.resource.not && s.resource.patterns.some((p) => coversAllOfType(p, service, type, account));
  return { allows: covers, denies: (s) => s.resource.not || covers(s) };
}

/** Every resource a target pattern names, e.g. 'arn:aws:logs:*:111122223333:log-group:/aws/codebuild/AWSProton-*'. */
export function onPattern(target: string): Scope {
  return {
    allows: (s) => !s.resource.not && s.resource.patterns.some((p) => coversPattern(p, target)),
    denies: (s) =>
      s.resource.not
        ? !s.resource.patterns.some((p) => coversPattern(p, target))
        : s.resource.patterns.some((p) => patternsOverlap(p, target)),
  };
}

/** Only statements without a narrowing condition count. */
export const UNCONDITIONAL: StatementFilter = (s) => s.unconditional;
/** Every Allow counts, conditions or not. */
export const ANY_CONDITION: StatementFilter = () => true;
/**
 * Which grants of iam:PassRole count: those whose conditions cannot fail for the attacker
 * (conditions.ts), and those whose only narrowing condition is an iam:PassedToService gate that
 * admits `servicePrincipal` ('*': a gate naming any service will do, for paths that only need
 * some service to receive the role). Without a service principal ("to any service"), a gate closes it.
 */
export function passRoleFilter(servicePrincipal?: string): StatementFilter {
  return (s) => {
    if (s.unconditional) return true;
    if (s.narrowing.some((k) => k !== 'iam:passedtoservice')) return false;
    if (servicePrincipal === undefined || s.passedToService === undefined) return false;
    return servicePrincipal === '*' || gateAllows(s.passedToService, servicePrincipal);
  };
}

/** Where one action is allowed within a target (see PermissionModel.reach). */
export interface Reach {
  /** The Allow statements that grant it there, after Deny statements and the boundary. */
  statements: CompiledStatement[];
  /** Their resource patterns that meet the target (the target itself for '*' and NotResource grants). */
  patterns: string[];
  /** Allowed on every resource the target names, not only on some. */
  full: boolean;
}

/** Whether a resource pattern can name a resource the target names; target '*' is the literal resource of '*'-only actions. */
function meets(pattern: string, target: string): boolean {
  if (target === '*') return isStarOnly(pattern);
  return pattern === target || isStarOnly(pattern) || resourceGlobsIntersect(pattern, target);
}

function covers(pattern: string, target: string): boolean {
  if (target === '*') return isStarOnly(pattern);
  return pattern === target || isStarOnly(pattern) || coversPattern(pattern, target);
}

/** The part of a statement's resource scope that meets the target, and whether it covers all of it. */
function scopeWithin(s: CompiledStatement, target: string): { patterns: string[]; full: boolean } {
  if (s.resource.not) {
    if (s.resource.patterns.some((p) => covers(p, target))) return { patterns: [], full: false };
    return { patterns: [target], full: !s.resource.patterns.some((p) => meets(p, target)) };
  }
  const patterns = s.resource.patterns.filter((p) => meets(p, target));
  return { patterns, full: patterns.some((p) => covers(p, target)) };
}

export class PermissionModel {
  private readonly allows: CompiledStatement[];
  private readonly denyList: CompiledStatement[];
  private readonly boundaryAllows: CompiledStatement[] | undefined;
  readonly conditionalDenies: StatementRef[];
  private readonly memo = new Map<Scope, Map<StatementFilter, Bitset>>();
  private literalsMemo: string[] | undefined;

  /** `boundary` undefined means no boundary (or one not collected): nothing caps the identity policies. */
  constructor(identity: readonly CompiledStatement[], boundary?: readonly CompiledStatement[]) {
    const all = [...identity, ...(boundary ?? [])];
    this.allows = identity.filter((s) => s.effect === 'Allow');
    this.denyList = all.filter((s) => s.effect === 'Deny' && s.unconditional);
    this.conditionalDenies = sortRefs(all.filter((s) => s.effect === 'Deny' && !s.unconditional).map((s) => s.ref));
    this.boundaryAllows = boundary?.filter((s) => s.effect === 'Allow');
  }

  /**
   * Every known action allowed within the scope by statements passing the filter. Asked with the
   * shared scope and filter constants, the answer is kept: admin, wildcards and counts ask the same
   * question, and every set costs an allocation. Callers never mutate the result.
   */
  allowedBits(scope: Scope, filter: StatementFilter): Bitset {
    const memo = this.memo.get(scope)?.get(filter);
    if (memo) return memo;
    const size = iamIndex().size;
    const granting = this.allows.filter((s) => filter(s) && scope.allows(s));
    const bits = Bitset.union(size, granting.map((s) => s.bits));
    for (const d of this.denyList) if (scope.denies(d)) bits.andNot(d.bits);
    if (this.boundaryAllows) {
      bits.and(Bitset.union(size, this.boundaryAllows.filter((b) => filter(b) && scope.allows(b)).map((b) => b.bits)));
    }
    let byFilter = this.memo.get(scope);
    if (!byFilter) {
      byFilter = new Map();
      this.memo.set(scope, byFilter);
    }
    byFilter.set(filter, bits);
    return bits;
  }

  /** Whether every Allow (and boundary Allow) is unconditional: then "any condition" asks nothing new. */
  allUnconditional(): boolean {
    return this.allows.every((s) => s.unconditional) && (this.boundaryAllows ?? []).every((s) => s.unconditional);
  }

  /**
   * Where one action is allowed within a target ARN pattern, e.g. UpdateStack within
   * 'arn:aws:cloudformation:*:111122223333:stack/*'. A grant counts where its resource patterns
   * meet the target; an unconditional Deny takes away the patterns it covers (all of them when it
   * covers the target); a boundary keeps the patterns one of its grants meets. `full` says the
   * survivors still cover the whole target.
   */
  reach(actionId: number, target: string, filter: StatementFilter): Reach | undefined {
    const denies = this.denyList.filter((d) => d.bits.has(actionId));
    for (const d of denies) if (scopeWithin(d, target).full) return undefined;
    const boundary = this.boundaryAllows?.filter((b) => filter(b) && b.bits.has(actionId));
    if (boundary && boundary.length === 0) return undefined;
    const statements: CompiledStatement[] = [];
    const patterns = new Set<string>();
    let full = false;
    for (const s of this.allows) {
      if (!s.bits.has(actionId) || !filter(s)) continue;
      const within = scopeWithin(s, target);
      const kept = within.patterns.filter(
        (p) =>
          !denies.some((d) => (d.resource.not ? !d.resource.patterns.some((dp) => meets(dp, p)) : d.resource.patterns.some((dp) => covers(dp, p)))) &&
          (!boundary || boundary.some((b) => scopeWithin(b, p).patterns.length > 0)),
      );
      if (kept.length === 0) continue;
      statements.push(s);
      for (const p of kept) patterns.add(p);
      if (within.full && kept.length === within.patterns.length) full = true;
    }
    if (statements.length === 0) return undefined;
    // A Deny or a boundary that takes away part of the target leaves it partly reachable only.
    if (full && denies.some((d) => d.resource.not || d.resource.patterns.some((dp) => meets(dp, target)))) full = false;
    if (full && boundary && !boundary.some((b) => scopeWithin(b, target).full)) full = false;
    return { statements, patterns: [...patterns].sort(), full };
  }

  /** Whether one action is allowed within the scope. */
  isAllowed(actionId: number, scope: Scope, filter: StatementFilter): boolean {
    return this.grants(actionId, scope, filter).length > 0;
  }

  /** The identity statements granting one action within the scope; empty when denied or outside the boundary. */
  grants(actionId: number, scope: Scope, filter: StatementFilter): StatementRef[] {
    if (this.denyList.some((d) => scope.denies(d) && d.bits.has(actionId))) return [];
    if (this.boundaryAllows && !this.boundaryAllows.some((b) => filter(b) && scope.allows(b) && b.bits.has(actionId))) return [];
    return sortRefs(this.allows.filter((s) => filter(s) && scope.allows(s) && s.bits.has(actionId)).map((s) => s.ref));
  }

  /** Actions some Allow names at all, whatever the resource or condition (a cheap first test). */
  allowedAnywhere(): Bitset {
    return this.allowedBits(ANYWHERE, ANY_CONDITION);
  }

  /** Allow statements within the scope passing the filter (for evidence selection). */
  allowStatements(scope: Scope, filter: StatementFilter): CompiledStatement[] {
    return this.allows.filter((s) => filter(s) && scope.allows(s));
  }

  /** Boundary Allow statements within the scope passing the filter; empty when there is no boundary. */
  boundaryStatements(scope: Scope, filter: StatementFilter): CompiledStatement[] {
    return (this.boundaryAllows ?? []).filter((s) => filter(s) && scope.allows(s));
  }

  /** Action strings unknown to the data that stay allowed somewhere (after denies and the boundary). */
  allowedLiterals(): string[] {
    if (this.literalsMemo) return this.literalsMemo;
    const out = new Set<string>();
    for (const s of this.allows) {
      for (const literal of s.literals) {
        if (this.denyList.some((d) => ANYWHERE.denies(d) && coversLiteral(d, literal))) continue;
        if (this.boundaryAllows && !this.boundaryAllows.some((b) => coversLiteral(b, literal))) continue;
        out.add(literal.toLowerCase());
      }
    }
    this.literalsMemo = [...out].sort();
    return this.literalsMemo;
  }
}
