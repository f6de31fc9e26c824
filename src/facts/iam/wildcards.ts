/**
 * Service-wide wildcards on Resource '*'. A service counts when the unconditional grants on '*'
 * name every one of its Write and Permissions-management actions that accept a resource (so
 * read-only wildcards like s3:Get* never count, and actions that only accept '*' are never held
 * against a policy), and some of them survive the Deny statements and the boundary.
 * Grants that cross services ('*', NotAction) count only when the principal is not already
 * admin-equivalent (that verdict covers them). When such a grant still reaches most services
 * (PowerUserAccess: everything but IAM) it is reported once, as service '*', rather than as
 * hundreds of entries; capped down to a few services (by a boundary or Deny), each is named.
 */
import type { WildcardFinding } from '../../model/index.ts';
import { Bitset } from './bitset.ts';
import { iamIndex, serviceActionBits, type ActionInfo } from './actions.ts';
import { ON_STAR, UNCONDITIONAL, type PermissionModel } from './permissions.ts';
import { sortRefs } from './statements.ts';

const isWriteLike = (a: ActionInfo): boolean => !a.onlyStar && (a.level === 'Write' || a.level === 'Permissions management');

interface ServiceWrites {
  bits: Bitset;
  empty: boolean;
  /** Word range [from, to) holding the service's actions: set questions need look nowhere else. */
  from: number;
  to: number;
}

let cacheSize = -1;
const writeBitsByService = new Map<string, ServiceWrites>();
let resourceful: Bitset | undefined;

function writeBits(service: string): ServiceWrites {
  const { size, services } = iamIndex();
  if (cacheSize !== size) {
    writeBitsByService.clear();
    resourceful = undefined;
    cacheSize = size;
  }
  let entry = writeBitsByService.get(service);
  if (!entry) {
    const range = services.get(service);
    const bits = serviceActionBits(service, isWriteLike);
    entry = {
      bits,
      empty: bits.isEmpty(),
      from: range ? range.start >>> 5 : 0,
      to: range ? ((range.end + 31) >>> 5) : 0,
    };
    writeBitsByService.set(service, entry);
  }
  return entry;
}

function resourcefulBits(): Bitset {
  writeBits('iam');
  if (!resourceful) {
    const { actions, size } = iamIndex();
    resourceful = Bitset.of(size, actions.filter((a) => !a.onlyStar).map((a) => a.id));
  }
  return resourceful;
}

function levelsOf(bits: Bitset): string[] {
  const { actions } = iamIndex();
  const levels = new Set<string>();
  for (const id of bits.clone().and(resourcefulBits()).ids()) {
    const a = actions[id];
    if (a) levels.add(a.level);
  }
  return [...levels].sort();
}

/** A broad grant reaching more than this share of services is reported once, as '*'. */
export const BROAD_SHARE = 0.5;

export function findServiceWildcards(model: PermissionModel, adminEquivalent: boolean): WildcardFinding[] {
  const { services, size } = iamIndex();
  const onStar = model.allowStatements(ON_STAR, UNCONDITIONAL);
  const effective = model.allowedBits(ON_STAR, UNCONDITIONAL);
  const named = new Bitset(size);
  const granted = new Bitset(size);
  for (const s of onStar) {
    named.or(s.serviceBits);
    granted.or(s.bits);
  }

  const findings: WildcardFinding[] = [];
  const viaBroad: string[] = [];
  let withWrites = 0;
  for (const service of services.keys()) {
    const { bits: wpm, empty, from, to } = writeBits(service);
    if (empty) continue;
    withWrites++;
    if (!effective.intersects(wpm, from, to)) continue;
    if (named.covers(wpm, from, to)) {
      findings.push({
        service,
        accessLevels: levelsOf(effective.clone().and(serviceActionBits(service))),
        evidence: sortRefs(onStar.filter((s) => s.serviceBits.intersects(wpm, from, to)).map((s) => s.ref)),
      });
    } else if (!adminEquivalent && granted.covers(wpm, from, to)) {
      viaBroad.push(service);
    }
  }

  if (viaBroad.length > BROAD_SHARE * withWrites) {
    const reached = new Bitset(size);
    for (const service of viaBroad) reached.or(serviceActionBits(service));
    reached.and(effective);
    findings.push({
      service: '*',
      accessLevels: levelsOf(reached),
      evidence: sortRefs(onStar.filter((s) => s.broadBits.intersects(reached)).map((s) => s.ref)),
    });
  } else {
    for (const service of viaBroad) {
      const { bits: wpm, from, to } = writeBits(service);
      findings.push({
        service,
        accessLevels: levelsOf(effective.clone().and(serviceActionBits(service))),
        evidence: sortRefs(onStar.filter((s) => s.bits.intersects(wpm, from, to)).map((s) => s.ref)),
      });
    }
  }
  return findings.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
