/**
 * AWS's service reference data (actions, access levels, resource types) held in one in-memory
 * index, read once per process from the compact index (service-index.ts). loadIamData() stays
 * async for its callers; every analysis function after it is synchronous and pure.
 */
import { Bitset } from './bitset.ts';
import { compiledGlob, hasWildcard, matchCompiled, type CompiledGlob } from './glob.ts';
import { ACCESS_LEVELS, readCompactIndex, type AccessLevel, type IndexSource } from './service-index.ts';

export { ACCESS_LEVELS, type AccessLevel } from './service-index.ts';

export interface ActionInfo {
  id: number;
  /** Canonical 'service:ActionName'. */
  name: string;
  /** 'service:actionname', for case-insensitive matching. */
  lowerName: string;
  service: string;
  level: AccessLevel;
  /** The action has no resource types: '*' is the only resource it accepts. */
  onlyStar: boolean;
  /** The resource types (names within the service) the action accepts. */
  resourceTypes: readonly string[];
}

export interface ServiceInfo {
  key: string;
  /** Actions of this service occupy ids [start, end), sorted by lower-case name. */
  start: number;
  end: number;
  /** Resource type name -> ARN format, e.g. 'stack' -> 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}'. */
  resourceTypes: ReadonlyMap<string, string>;
}

export interface IamIndex {
  actions: readonly ActionInfo[];
  byLowerName: ReadonlyMap<string, ActionInfo>;
  services: ReadonlyMap<string, ServiceInfo>;
  size: number;
  dataVersion: string;
  /** Whether the index came from the generated file or was built from the package at load. */
  source: IndexSource;
  /** Per action id, the lower-case name after the colon, and which characters it holds (see charMask). */
  local: readonly string[];
  mask0: Uint32Array;
  mask1: Uint32Array;
}

/** Characters of a lower-case action name as two bit masks: a-z, then 0-9, '-' and '_'. */
function charMask(text: string): [number, number] {
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) m0 |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) m1 |= 1 << (c - 48);
    else if (c === 45) m1 |= 1 << 10;
    else if (c === 95) m1 |= 1 << 11;
    else m1 |= 1 << 12;
  }
  return [m0 >>> 0, m1];
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
const PATTERN_CACHE_LIMIT = 20_000;

function buildIndex(): IamIndex {
  const { index: compact, source } = readCompactIndex();
  const actions: ActionInfo[] = [];
  const byLowerName = new Map<string, ActionInfo>();
  const services = new Map<string, ServiceInfo>();
  for (const [key, types, list] of compact.services) {
    const start = actions.length;
    for (const [name, level, typeIdx] of list) {
      const full = `${key}:${name}`;
      const info: ActionInfo = {
        id: actions.length,
        name: full,
        lowerName: full.toLowerCase(),
        service: key,
        level: ACCESS_LEVELS[level] ?? 'Write',
        onlyStar: typeIdx.length === 0,
        resourceTypes: typeIdx.map((i) => types[i]?.[0] ?? ''),
      };
      actions.push(info);
      byLowerName.set(info.lowerName, info);
    }
    services.set(key, { key, start, end: actions.length, resourceTypes: new Map(types) });
  }
  const local = actions.map((a) => a.lowerName.slice(a.service.length + 1));
  const mask0 = new Uint32Array(actions.length);
  const mask1 = new Uint32Array(actions.length);
  local.forEach((name, id) => {
    [mask0[id], mask1[id]] = charMask(name);
  });
  return { actions, byLowerName, services, size: actions.length, dataVersion: compact.dataVersion, source, local, mask0, mask1 };
}

/** Loads the service reference data once; later calls return the same index. */
export async function loadIamData(): Promise<IamIndex> {
  if (index) return index;
  loading ??= Promise.resolve().then(() => {
    index = buildIndex();
    patternCache.clear();
    exactCache.clear();
    singletons = [];
    return index;
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

/** An action-name glob ready to scan: its literal head, the characters it needs, its compiled form. */
interface NameQuery {
  head: string;
  need0: number;
  need1: number;
  glob: CompiledGlob;
}

function nameQuery(namePart: string): NameQuery {
  const wild = namePart.search(/[*?]/);
  const [need0, need1] = charMask(namePart.replace(/[*?]/g, ''));
  return { head: wild < 0 ? namePart : namePart.slice(0, wild), need0, need1, glob: compiledGlob(namePart, 'action') };
}

/**
 * Adds the ids of one service whose name (after the colon) matches a name glob. The literal head
 * (before the first wildcard) narrows the scan to a sorted range by binary search, so 's3:Get*'
 * never looks at s3:Put*; a name lacking a character the pattern needs is skipped on two bit
 * tests; the rest are matched in linear time per name (glob.ts). A pattern with a leading
 * wildcard, even repeated across every service ('*:*a*?*q'), so costs a few nanoseconds per action.
 */
function addServiceMatches(bits: Bitset, data: IamIndex, range: ServiceInfo, q: NameQuery): void {
  const { local, mask0, mask1 } = data;
  let id = range.start;
  if (q.head !== '') {
    let hi = range.end;
    while (id < hi) {
      const mid = (id + hi) >>> 1;
      if ((local[mid] ?? '') < q.head) id = mid + 1;
      else hi = mid;
    }
  }
  const found: number[] = [];
  for (; id < range.end; id++) {
    const name = local[id] ?? '';
    if (q.head !== '' && !name.startsWith(q.head)) break;
    if (((mask0[id] as number) & q.need0) !== q.need0 || ((mask1[id] as number) & q.need1) !== q.need1) continue;
    if (matchCompiled(q.glob, name)) found.push(id);
  }
  if (found.length > 0) bits.or(Bitset.of(data.size, found));
}

/** Expands one Action/NotAction string to action ids; unknown names are kept as a literal. */
/** The same pattern string as last asked: most patterns repeat exactly, so skip lower-casing them. */
const exactCache = new Map<string, ExpandedPattern>();

/** One shared answer per action for patterns naming exactly that action (most patterns do). */
let singletons: Array<ExpandedPattern | undefined> = [];

function single(id: number, size: number): ExpandedPattern {
  // Sized once: an array grown index by index out to 22k would fall back to slow dictionary elements.
  if (singletons.length !== size) singletons = new Array<ExpandedPattern | undefined>(size).fill(undefined);
  let s = singletons[id];
  if (!s) {
    s = { bits: Bitset.of(size, [id]) };
    singletons[id] = s;
  }
  return s;
}

export function expandPattern(pattern: string): ExpandedPattern {
  const hit = exactCache.get(pattern);
  if (hit) return hit;
  let expanded: ExpandedPattern;
  if (!hasWildcard(pattern)) {
    const data = iamIndex();
    const exact = data.byLowerName.get(pattern.toLowerCase());
    expanded = exact ? single(exact.id, data.size) : { bits: new Bitset(data.size), literal: pattern };
  } else {
    expanded = expandFolded(pattern);
  }
  if (exactCache.size >= PATTERN_CACHE_LIMIT) exactCache.clear();
  exactCache.set(pattern, expanded);
  return expanded;
}

function expandFolded(pattern: string): ExpandedPattern {
  const data = iamIndex();
  const key = pattern.toLowerCase();
  const cached = patternCache.get(key);
  if (cached) return cached.empty ? { bits: cached.bits, literal: pattern } : { bits: cached.bits };
  const bits = new Bitset(data.size);
  const colon = key.indexOf(':');
  if (/^\*+$/.test(key)) {
    bits.or(Bitset.full(data.size));
  } else if (colon > 0 && key.indexOf(':', colon + 1) < 0) {
    const service = key.slice(0, colon);
    if (hasWildcard(service)) {
      const serviceGlob = compiledGlob(service, 'action');
      const q = nameQuery(key.slice(colon + 1));
      for (const range of data.services.values()) if (matchCompiled(serviceGlob, range.key)) addServiceMatches(bits, data, range, q);
    } else if (!hasWildcard(key)) {
      const exact = data.byLowerName.get(key);
      if (exact) bits.add(exact.id);
    } else {
      const range = data.services.get(service);
      if (range) addServiceMatches(bits, data, range, nameQuery(key.slice(colon + 1)));
    }
  }
  const empty = bits.isEmpty();
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
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
