/**
 * Tag facts: AWS managed vs customer tags, required keys and value patterns from config, tags a
 * child lacks from its parent (Proton copies a service's customer tags only to instances created
 * after the tag was added, seed 000:2926), and customer keys that imitate Proton's own.
 */
import type { Tag, TagFacts } from '../model/index.ts';
import { compileLinear } from '../util/linear-regex.ts';
import { sortInPlace } from '../util/sort-in-place.ts';

export interface TagInput {
  /** Tags of this resource; undefined when tagging was not collected for its region. */
  tags: readonly Tag[] | undefined;
  requiredKeys: readonly string[];
  patterns: Readonly<Record<string, string>>;
  /** Parents with their tags (undefined tags: parent's tags unknown, so it is ignored). */
  parents: ReadonlyArray<{ arn: string; tags: readonly Tag[] | undefined }>;
  /** Proton resources: customer `proton:*` keys are imitations. Provisioned infrastructure legitimately carries them. */
  isProtonResource: boolean;
}

export function isManagedKey(key: string): boolean {
  return key.toLowerCase().startsWith('aws:');
}

/** A customer key that passes for one AWS Proton sets: proton:..., or aws:proton lookalikes. */
export function isImitationKey(key: string): boolean {
  let answer = imitationOf.get(key);
  if (answer === undefined) {
    const k = key.toLowerCase();
    answer = k.startsWith('proton:') || /^aws[-_.\s]?proton[:/_.-]/.test(k);
    // Keys repeat across an estate (a few per resource, from a small vocabulary); the bound keeps a hostile one small.
    if (imitationOf.size >= KEY_CACHE_LIMIT) imitationOf.clear();
    imitationOf.set(key, answer);
  }
  return answer;
}

const KEY_CACHE_LIMIT = 10_000;
const imitationOf = new Map<string, boolean>();

export function splitTags(tags: readonly Tag[]): { customer: Record<string, string>; managed: Record<string, string> } {
  const customer: Record<string, string> = {};
  const managed: Record<string, string> = {};
  const sorted = byKey(tags);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i] as Tag;
    const into = isManagedKey(t.Key) ? managed : customer;
    // A key "__proto__" set by assignment would not be an own key (it would vanish from the facts).
    if (t.Key === '__proto__') Object.defineProperty(into, t.Key, { value: t.Value, enumerable: true, writable: true, configurable: true });
    else into[t.Key] = t.Value;
  }
  return { customer, managed };
}

const compareKeys = (a: Tag, b: Tag): number => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0);

/** The tags in key order: the list itself when it already is (no copy), else a sorted copy. */
function byKey(tags: readonly Tag[]): readonly Tag[] {
  for (let i = 1; i < tags.length; i++) if (compareKeys(tags[i - 1] as Tag, tags[i] as Tag) > 0) return sortInPlace([...tags], compareKeys);
  return tags;
}

/** Required keys, each once, sorted: the same list for every resource of a type, so done once per list. */
const uniqueSortedOf = new WeakMap<readonly string[], readonly string[]>();
function uniqueSorted(keys: readonly string[]): readonly string[] {
  let out = uniqueSortedOf.get(keys);
  if (!out) {
    out = Object.freeze([...new Set(keys)].sort());
    uniqueSortedOf.set(keys, out);
  }
  return out;
}

// A parent's tags split once for all its children: a large estate has 100 instances per
// service (value patterns are compiled once by compileLinear's cache).
const customerKeysOf = new WeakMap<readonly Tag[], readonly string[]>();
function customerKeys(tags: readonly Tag[]): readonly string[] {
  let keys = customerKeysOf.get(tags);
  if (!keys) {
    keys = Object.freeze(Object.keys(splitTags(tags).customer));
    customerKeysOf.set(tags, keys);
  }
  return keys;
}

/** A parent's customer keys a Proton child is expected to carry: its imitations of Proton keys left out. */
const inheritedKeysOf = new WeakMap<readonly Tag[], readonly string[]>();
export function inheritedKeys(tags: readonly Tag[], isProtonResource: boolean): readonly string[] {
  if (!isProtonResource) return customerKeys(tags);
  let keys = inheritedKeysOf.get(tags);
  if (!keys) {
    // A parent's imitation of a Proton key is reported on the parent; copying it down would spread it.
    keys = Object.freeze(customerKeys(tags).filter((k) => !isImitationKey(k)));
    inheritedKeysOf.set(tags, keys);
  }
  return keys;
}

export function tagFacts(input: TagInput): TagFacts {
  if (input.tags === undefined) {
    return { collected: false, customer: {}, managed: {}, customerCount: 0, missingRequired: [], badValues: [], missingFromParent: [], imitations: [] };
  }
  const { customer, managed } = splitTags(input.tags);
  const keys = Object.keys(customer);
  // Own keys only: a required key named like an Object.prototype member ("constructor") is not present by inheritance.
  const missingRequired = uniqueSorted(input.requiredKeys).filter((k) => !Object.hasOwn(customer, k));
  const badValues: TagFacts['badValues'] = [];
  // Index loops here: called for every tagged resource, and the iterators were not optimised away.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // Own keys only: a tag named like an Object.prototype member ("toString") has no pattern.
    const pattern = Object.hasOwn(input.patterns, key) ? input.patterns[key] : undefined;
    if (pattern === undefined) continue;
    const value = customer[key] ?? '';
    if (!compileLinear(pattern).matchesWhole(value)) badValues.push({ key, value, pattern });
  }
  const missingFromParent: TagFacts['missingFromParent'] = [];
  for (let p = 0; p < input.parents.length; p++) {
    const parent = input.parents[p] as TagInput['parents'][number];
    if (parent.tags === undefined) continue;
    const inherited = inheritedKeys(parent.tags, input.isProtonResource);
    for (let i = 0; i < inherited.length; i++) {
      const key = inherited[i] as string;
      if (!Object.hasOwn(customer, key)) missingFromParent.push({ key, parentArn: parent.arn });
    }
  }
  sortInPlace(missingFromParent, (a, b) => (a.key === b.key ? cmp(a.parentArn, b.parentArn) : cmp(a.key, b.key)));
  return {
    collected: true,
    customer,
    managed,
    customerCount: keys.length,
    missingRequired,
    badValues,
    missingFromParent,
    imitations: input.isProtonResource ? keys.filter(isImitationKey) : [],
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
