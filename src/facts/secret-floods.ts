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
  const out: SecretHit[] = [];
  const groups = new Map<string, SecretHit & { count: number; lastLine: number }>();
  for (const h of hits) {
    if (h.kind !== 'high-entropy' || (counts.get(h.field) ?? 0) <= HIGH_ENTROPY_FLOOD) {
      out.push(h);
      continue;
    }
    const g = groups.get(h.field);
    if (!g) {
      const first: SecretHit & { count: number; lastLine: number } = { kind: 'high-entropy', field: h.field, line: h.line, preview: h.preview, count: 1, lastLine: h.line };
      if (h.key !== undefined) first.key = h.key;
      if (h.windowed) first.windowed = true;
      groups.set(h.field, first);
      out.push(first);
      continue;
    }
    g.count++;
    if (h.line < g.line) g.line = h.line;
    if (h.line > g.lastLine) g.lastLine = h.line;
    if (h.windowed) g.windowed = true;
    if (g.key !== undefined) {
      const shared = sharedPath(g.key, h.key);
      if (shared === undefined) delete g.key;
      else g.key = shared;
    }
  }
  // Members in the order a hit has always had them (count and last line after the place).
  return out.map((h) => {
    const g = groups.get(h.field);
    return g === h ? ordered(g) : h;
  });
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

function ordered(g: SecretHit & { count: number; lastLine: number }): SecretHit {
  return {
    kind: g.kind,
    field: g.field,
    ...(g.key !== undefined ? { key: g.key } : {}),
    line: g.line,
    lastLine: g.lastLine,
    count: g.count,
    preview: g.preview,
    ...(g.windowed ? { windowed: true } : {}),
  };
}
