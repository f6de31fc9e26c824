/**
 * A field flooded with random-looking values (a pasted keystore, a generated list, or text
 * planted to drown the audit) is one finding, not one per value: its high-entropy hits become
 * one hit that counts them and spans their lines. The definite detectors (access keys, private
 * keys, passwords, tokens) are never grouped, and the snapshot's secret records still hold every
 * value's place and salted hash.
 */
import type { SecretHit } from '../model/index.ts';

/** More high-entropy hits than this in one field are grouped. */
export const HIGH_ENTROPY_FLOOD = 50;

/**
 * The hits with each flooded field's high-entropy hits replaced by one, at the place of the
 * first: `line` and `lastLine` the first and last of their lines, `count` how many, `preview`
 * the first one's, `key` the key path they all lie under (when they share one), `windowed` when
 * any was. The input comes back as itself when no field is flooded.
 */
export function groupHighEntropyFloods(hits: SecretHit[]): SecretHit[] {
  if (hits.length <= HIGH_ENTROPY_FLOOD) return hits;
  const counts = new Map<string, number>();
  let flooded = false;
  for (const h of hits) {
    if (h.kind !== 'high-entropy') continue;
    const n = (counts.get(h.field) ?? 0) + 1;
    counts.set(h.field, n);
    if (n > HIGH_ENTROPY_FLOOD) flooded = true;
  }
  if (!flooded) return hits;
  // Each flooded field's members, and where in the output its one hit goes (its first member's place).
  const out: SecretHit[] = [];
  const groups = new Map<string, { at: number; members: SecretHit[] }>();
  for (const h of hits) {
    if (h.kind !== 'high-entropy' || (counts.get(h.field) ?? 0) <= HIGH_ENTROPY_FLOOD) {
      out.push(h);
      continue;
    }
    let g = groups.get(h.field);
    if (!g) {
      groups.set(h.field, (g = { at: out.length, members: [] }));
      out.push(h);
    }
    g.members.push(h);
  }
  for (const { at, members } of groups.values()) out[at] = grouped(members);
  return out;
}

/** One hit standing for `members` (one field's, in order), its members in the order a hit has always had them. */
function grouped(members: readonly SecretHit[]): SecretHit {
  const first = members[0] as SecretHit;
  let line = first.line;
  let lastLine = first.line;
  let key = first.key;
  for (const h of members) {
    if (h.line < line) line = h.line;
    if (h.line > lastLine) lastLine = h.line;
    if (key !== undefined) key = sharedPath(key, h.key);
  }
  return {
    kind: 'high-entropy',
    field: first.field,
    ...(key !== undefined ? { key } : {}),
    line,
    lastLine,
    count: members.length,
    preview: first.preview,
    ...(members.some((h) => h.windowed) ? { windowed: true } : {}),
  };
}

/** The longest dot-separated path both keys start with, or undefined. */
function sharedPath(a: string, b: string | undefined): string | undefined {
  if (b === undefined) return undefined;
  if (a === b) return a;
  const x = a.split('.');
  const y = b.split('.');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n === 0 ? undefined : x.slice(0, n).join('.');
}
