/**
 * Service-wide wildcards on every resource. A service counts when the grants that cover all of its
 * resources (Resource '*', or an ARN pattern naming the whole service such as
 * 'arn:aws:logs:*:*:*' or 'arn:*:ssm-sap:*:*:*'), with conditions that cannot fail for the
 * attacker, name every one of its Write and Permissions-management actions, and some survive the
 * Deny statements and the boundary. The write actions that count are those that accept a resource;
 * for a service whose write actions all accept only '*', those actions themselves (such a
 * service has no resource to scope to, so "all of them on '*'" is service-wide on everything).
 * Read-only wildcards (s3:Get*) never count.
 * Grants that cross services ('*', NotAction) count only when the principal is not already
 * admin-equivalent (that verdict covers them). When such a grant still reaches most services
 * (PowerUserAccess: everything but IAM) it is reported once, as service '*', rather than as
 * hundreds of entries; capped down to a few services (by a boundary or Deny), each is named.
 * A service prefix the data does not know, granted with '<prefix>:*' on every resource, is
 * reported as unknown rather than dropped: the data cannot say what it reaches.
 */
import type { WildcardFinding } from '../../model/index.ts';
import { Bitset } from './bitset.ts';
import { iamIndex, type ActionInfo } from './actions.ts';
import { compiledGlob, isStarOnly, matchCompiled } from './glob.ts';
import { ON_STAR, UNCONDITIONAL, type PermissionModel, type Scope } from './permissions.ts';
import { sortRefs, type CompiledStatement } from './statements.ts';

const isWriteLevel = (a: ActionInfo): boolean => a.level === 'Write' || a.level === 'Permissions management';

interface ServiceWrites {
  /** The write actions that make a grant service-wide (see above). */
  bits: Bitset;
  empty: boolean;
  /** Every write action accepts only '*': only Resource '*' reaches them. */
  starOnly: boolean;
  /** Word range [from, to) holding the service's actions: set questions need look nowhere else. */
  from: number;
  to: number;
}

let cacheSize = -1;
const writeBitsByService = new Map<string, ServiceWrites>();

function writeBits(service: string): ServiceWrites {
  const { size, services, actions } = iamIndex();
  if (cacheSize !== size) {
    writeBitsByService.clear();
    cacheSize = size;
  }
  let entry = writeBitsByService.get(service);
  if (!entry) {
    const range = services.get(service);
    const bits = new Bitset(size);
    const starWrites: number[] = [];
    if (range) {
      for (let id = range.start; id < range.end; id++) {
        const a = actions[id];
        if (!a || !isWriteLevel(a)) continue;
        if (a.onlyStar) starWrites.push(id);
        else bits.add(id);
      }
    }
    const starOnly = bits.isEmpty() && starWrites.length > 0;
    if (starOnly) for (const id of starWrites) bits.add(id);
    entry = {
      bits,
      empty: bits.isEmpty(),
      starOnly,
      from: range ? range.start >>> 5 : 0,
      to: range ? (range.end + 31) >>> 5 : 0,
    };
    writeBitsByService.set(service, entry);
  }
  return entry;
}

/** Access levels of the allowed actions of one service, without allocating a set. */
function levelsIn(allowed: Bitset, service: string): string[] {
  const { services, actions } = iamIndex();
  const range = services.get(service);
  const levels = new Set<string>();
  if (range) for (let id = range.start; id < range.end; id++) if (allowed.has(id)) levels.add(actions[id]?.level ?? '');
  return [...levels].filter((l) => l !== '').sort();
}

function levelsOfServices(allowed: Bitset, list: readonly string[]): string[] {
  const levels = new Set<string>();
  for (const service of list) for (const l of levelsIn(allowed, service)) levels.add(l);
  return [...levels].sort();
}

/** Statements granting every resource of a service (beyond '*'), by service. */
function serviceWideGrants(model: PermissionModel): Map<string, CompiledStatement[]> {
  const { services } = iamIndex();
  const out = new Map<string, CompiledStatement[]>();
  for (const s of model.allowStatements({ allows: (x) => x.serviceWide.length > 0, denies: () => false }, UNCONDITIONAL)) {
    for (const prefix of s.serviceWide) {
      const glob = compiledGlob(prefix, 'action');
      const keys = /[*?]/.test(prefix) ? [...services.keys()].filter((k) => matchCompiled(glob, k)) : services.has(prefix) ? [prefix] : [];
      for (const key of keys) {
        const list = out.get(key) ?? [];
        if (!list.includes(s)) list.push(s);
        out.set(key, list);
      }
    }
  }
  return out;
}

/** Resource '*' or every resource of one service. */
function onService(service: string, extra: readonly CompiledStatement[]): Scope {
  return {
    allows: (s) => ON_STAR.allows(s) || extra.includes(s),
    denies: (s) => ON_STAR.denies(s) || s.serviceWide.some((p) => matchCompiled(compiledGlob(p, 'action'), service)),
  };
}

function unknownServiceGrants(model: PermissionModel): WildcardFinding[] {
  const { services } = iamIndex();
  const found = new Map<string, CompiledStatement[]>();
  let allowed: Set<string> | undefined;
  for (const s of model.allowStatements(ON_STAR, UNCONDITIONAL)) {
    for (const literal of s.literals) {
      const [service = '', name = ''] = literal.split(':');
      if (!/^[A-Za-z0-9-]+$/.test(service) || !isStarOnly(name) || services.has(service.toLowerCase())) continue;
      allowed ??= new Set(model.allowedLiterals());
      if (!allowed.has(literal.toLowerCase())) continue;
      const list = found.get(service.toLowerCase()) ?? [];
      list.push(s);
      found.set(service.toLowerCase(), list);
    }
  }
  return [...found].map(([service, list]) => ({ service, unknown: true, accessLevels: ['unknown'], evidence: sortRefs(list.map((s) => s.ref)) }));
}

let byWordCache: { size: number; list: string[][] } | undefined;

/** For each word of an action set, the services whose actions live in it (one or two). */
function servicesByWord(): string[][] {
  const { size, services } = iamIndex();
  if (!byWordCache || byWordCache.size !== size) {
    const list: string[][] = Array.from({ length: (size + 31) >>> 5 }, () => []);
    for (const svc of services.values()) {
      if (svc.end <= svc.start) continue;
      for (let w = svc.start >>> 5; w <= (svc.end - 1) >>> 5; w++) list[w]?.push(svc.key);
    }
    byWordCache = { size, list };
  }
  return byWordCache.list;
}

let withWritesCache: { size: number; count: number } | undefined;

function servicesWithWrites(): number {
  const { size, services } = iamIndex();
  if (!withWritesCache || withWritesCache.size !== size) withWritesCache = { size, count: [...services.keys()].filter((k) => !writeBits(k).empty).length };
  return withWritesCache.count;
}

/** A broad grant reaching more than this share of services is reported once, as '*'. */
export const BROAD_SHARE = 0.5;

export function findServiceWildcards(model: PermissionModel, adminEquivalent: boolean): WildcardFinding[] {
  const { services, size } = iamIndex();
  const onStar = model.allowStatements(ON_STAR, UNCONDITIONAL);
  const wide = serviceWideGrants(model);
  // Nothing granted on every resource of anything: the common case for a scoped policy.
  if (onStar.length === 0 && wide.size === 0) return [];
  const effectiveOnStar = model.allowedBits(ON_STAR, UNCONDITIONAL);
  const namedOnStar = Bitset.union(size, onStar.map((s) => s.serviceBits));
  const grantedOnStar = Bitset.union(size, onStar.map((s) => s.bits));

  const findings: WildcardFinding[] = [];
  const viaBroad: string[] = [];
  // Only grants reaching a service through a cross-service pattern need this set: made on demand.
  let broadEffective: Bitset | undefined;
  // Only services some grant reaches can be service-wide: look at those, not at all ~450.
  const touched = new Set<string>(wide.keys());
  const byWord = servicesByWord();
  for (const w of effectiveOnStar.nonZeroWords()) for (const svc of byWord[w] ?? []) touched.add(svc);
  for (const service of [...touched].sort()) {
    const { bits: wpm, empty, starOnly, from, to } = writeBits(service);
    if (empty) continue;
    const extra = starOnly ? undefined : wide.get(service);
    let statements = onStar;
    let effective = effectiveOnStar;
    let named = namedOnStar;
    let granted = grantedOnStar;
    if (extra) {
      // This service is also granted through ARN patterns naming all of it: judge it on those too.
      statements = [...onStar, ...extra.filter((s) => !onStar.includes(s))];
      effective = model.allowedBits(onService(service, extra), UNCONDITIONAL);
      named = namedOnStar.clone();
      granted = grantedOnStar.clone();
      for (const s of extra) {
        named.or(s.serviceBits);
        granted.or(s.bits);
      }
    }
    if (!effective.intersects(wpm, from, to)) continue;
    if (named.covers(wpm, from, to)) {
      findings.push({
        service,
        accessLevels: levelsIn(effective, service),
        evidence: sortRefs(statements.filter((s) => s.serviceBits.intersects(wpm, from, to)).map((s) => s.ref)),
      });
    } else if (!adminEquivalent && granted.covers(wpm, from, to)) {
      viaBroad.push(service);
      broadEffective ??= effectiveOnStar.clone();
      if (extra) broadEffective.or(effective);
    }
  }

  if (broadEffective && viaBroad.length > BROAD_SHARE * servicesWithWrites()) {
    const reached = new Bitset(size);
    const range = (svc: string): [number, number] => {
      const r = services.get(svc);
      return r ? [r.start, r.end] : [0, 0];
    };
    for (const service of viaBroad) {
      const [start, end] = range(service);
      for (let id = start; id < end; id++) if (broadEffective.has(id)) reached.add(id);
    }
    findings.push({
      service: '*',
      accessLevels: levelsOfServices(broadEffective, viaBroad),
      evidence: sortRefs(onStar.filter((s) => s.broadBits.intersects(reached)).map((s) => s.ref)),
    });
  } else if (broadEffective) {
    for (const service of viaBroad) {
      const { bits: wpm, from, to } = writeBits(service);
      findings.push({
        service,
        accessLevels: levelsIn(broadEffective, service),
        evidence: sortRefs([...onStar, ...(wide.get(service) ?? [])].filter((s) => s.bits.intersects(wpm, from, to)).map((s) => s.ref)),
      });
    }
  }
  findings.push(...unknownServiceGrants(model));
  return findings.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
