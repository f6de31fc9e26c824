/**
 * Secrets never leave: when a snapshot is made (collect, import), every spec, template schema
 * and CloudFormation stack output is scanned; each secret found is recorded by place, kind and a salted hash, and — unless the
 * caller keeps them (`--keep-secrets`) — its value is replaced in the spec by
 * `<redacted:kind:hash8>` and scrubbed from every other string of the snapshot (a status message
 * that repeats it, another resource's description). The secret rules judge the records, so a
 * redacted snapshot still fails them.
 *
 * Why salted: a bare sha256 of a short password or a 20-character token can be looked up in
 * precomputed tables, and the same secret would carry the same hash in every snapshot anyone
 * ever shares, linking them. A random salt per snapshot (recorded, so whoever holds a candidate
 * value can still confirm it) defeats both; it does not make guessing a weak value from one
 * snapshot harder, which is why the value itself is never kept.
 */
import { createHash, hash, randomBytes } from 'node:crypto';
import type { SecretHit, SecretRecord, Snapshot, SnapshotSecrets, Stack } from '../model/index.ts';
import { SecretScrubber, scanSpec, scrubShapes, type SecretSpan } from './secrets.ts';
import { scanOutputs } from './stacks.ts';

export interface ProtectOptions {
  /** `--keep-secrets`: record, but leave the values in place. */
  keep?: boolean;
  /** `--redact`: drop spec and schema contents after scanning. */
  drop?: boolean;
  /** Hex salt; random (16 bytes) unless given (tests). */
  salt?: string;
  /**
   * The snapshot last-known Proton records were carried from (`--last-known`, `--since`): its
   * secret records for those resources are carried too (with their own salt), since the carried
   * specs hold its placeholders, not the values.
   */
  carriedFrom?: Snapshot;
}

export interface ProtectOutcome {
  /** The same object, changed in place. */
  snapshot: Snapshot;
  found: SecretRecord[];
  /** Spec/schema fields dropped by `drop`. */
  dropped: number;
  /** Scrubs every value found from any text (for logs written while the snapshot is made). */
  scrubber: SecretScrubber;
}

type TextHolder = Record<string, unknown>;

interface Field {
  holder: TextHolder;
  key: string;
  /** The ARN the rules judge this text under. */
  arn: string;
  field: string;
}

/** Every spec-like text of a snapshot, with the resource the rules judge it under. */
export function specFields(snapshot: Snapshot): Field[] {
  const out: Field[] = [];
  const push = (holder: object | undefined, key: string, arn: string, field: string): void => {
    if (holder && typeof (holder as TextHolder)[key] === 'string') out.push({ holder: holder as TextHolder, key, arn, field });
  };
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      const p = region.proton;
      if (!p) continue;
      for (const e of p.environments) push(e, 'spec', e.arn, 'spec');
      for (const s of p.services) {
        push(s, 'spec', s.arn, 'spec');
        if (s.pipeline) push(s.pipeline, 'spec', s.pipeline.arn || `${s.arn}/pipeline`, 'pipeline.spec');
      }
      for (const i of p.serviceInstances) push(i, 'spec', i.arn, 'spec');
      for (const c of p.components) push(c, 'serviceSpec', c.arn, 'serviceSpec');
      for (const v of p.environmentTemplateVersions) push(v, 'schema', v.arn, 'schema');
      for (const v of p.serviceTemplateVersions) push(v, 'schema', v.arn, 'schema');
    }
  }
  return out;
}

export function secretHash(salt: string, value: string): string {
  return createHash('sha256').update(Buffer.from(salt, 'hex')).update(value, 'utf8').digest('hex');
}

/**
 * `secretHash` for one salt, each value hashed in one call over salt and value laid out in a
 * reused buffer (a hostile spec holds a hundred thousand secrets; a hash object per value costs
 * twice as much). The bytes hashed are exactly `secretHash`'s: the salt's, then the value's UTF-8.
 */
function digestFor(salt: string): (value: string) => string {
  const saltBytes = Buffer.from(salt, 'hex');
  let buffer = Buffer.alloc(saltBytes.length + 256);
  saltBytes.copy(buffer, 0);
  return (value) => {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (saltBytes.length + value.length * 3 > buffer.length) {
      buffer = Buffer.alloc(saltBytes.length + value.length * 3);
      saltBytes.copy(buffer, 0);
    }
    const n = buffer.write(value, saltBytes.length, 'utf8');
    return hash('sha256', buffer.subarray(0, saltBytes.length + n), 'hex');
  };
}

/** The record of a hit, its members in the order a snapshot has always written them. */
function recordOf(arn: string, hit: SecretHit, sha256: string): SecretRecord {
  const { kind, field, key, line, preview, windowed } = hit;
  if (windowed === undefined) return key === undefined ? { arn, kind, field, line, preview, sha256 } : { arn, kind, field, key, line, preview, sha256 };
  return key === undefined ? { arn, kind, field, line, preview, windowed, sha256 } : { arn, kind, field, key, line, preview, windowed, sha256 };
}

export function placeholder(kind: string, sha256: string): string {
  return `<redacted:${kind}:${sha256.slice(0, 8)}>`;
}

/** Scans, records and (by default) replaces; see the file comment. Changes `snapshot` in place. */
export function protectSecrets(snapshot: Snapshot, options: ProtectOptions = {}): ProtectOutcome {
  const salt = options.salt ?? randomBytes(16).toString('hex');
  const digest = digestFor(salt);
  // One entry per distinct value, in the order first found: hashed once, however often it is
  // repeated. The record of its first place is the entry (its hash, and the kind its placeholder
  // names elsewhere): no object per value besides the records. Placeholders are made where they
  // are written, not kept per value for the whole step.
  const known = new Map<string, SecretRecord>();
  const recordFor = (arn: string, hit: SecretHit, value: string): SecretRecord => {
    const first = known.get(value);
    const record = recordOf(arn, hit, first !== undefined ? first.sha256 : digest(value));
    if (first === undefined) known.set(value, record);
    return record;
  };
  const found: SecretRecord[] = [];
  const scanned: Array<{ arn: string; field: string }> = [];
  const secretOutputs: Array<{ stack: Stack; hitOutputs: Set<number> }> = [];
  let dropped = 0;
  for (const f of specFields(snapshot)) {
    const text = f.holder[f.key] as string;
    const scan = scanSpec(text, f.field);
    // Replacement text per span: the scan gives its spans in text order, one per hit.
    const withs: string[] = [];
    for (let i = 0; i < scan.hits.length; i++) {
      const hit = scan.hits[i] as SecretHit;
      const record = recordFor(f.arn, hit, scan.values[i] ?? '');
      found.push(record);
      withs.push(placeholder(hit.kind, record.sha256));
    }
    if (options.drop) {
      delete f.holder[f.key];
      scanned.push({ arn: f.arn, field: f.field });
      dropped += 1;
    } else if (!options.keep && withs.length > 0) f.holder[f.key] = replaceSpans(text, scan.spans, withs);
  }
  // Stack outputs (PA-STK-007): scanned as `Key: "value"` lines, one per output, so a hit's line names its output.
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      for (const stack of region.cloudformation?.stacks ?? []) {
        const outputs = (stack.Outputs ?? []).filter((o) => typeof o.OutputValue === 'string');
        if (outputs.length === 0) continue;
        const scan = scanOutputs(stack);
        const hitOutputs = new Set<number>();
        scan.hits.forEach((hit, i) => {
          found.push(recordFor(stack.StackId, hit, scan.values[i] ?? ''));
          hitOutputs.add(hit.line - 1);
        });
        if (options.drop) {
          for (const o of outputs) delete o.OutputValue;
          scanned.push({ arn: stack.StackId, field: 'Outputs' });
          dropped += outputs.length;
        } else if (!options.keep) secretOutputs.push({ stack, hitOutputs });
      }
    }
  }
  if (options.carriedFrom?.secrets) carryRecords(snapshot, options.carriedFrom.secrets, salt, found, scanned);
  // The caller's scrubber (for its own log lines) knows every value; built when first asked for.
  let everyValue: SecretScrubber | undefined;
  const scrubberOfAll = (): SecretScrubber => (everyValue ??= new SecretScrubber(known.keys()));
  if (!options.keep) {
    // Scrubbing the snapshot needs only the values that occur in it (replaced specs included):
    // a matcher over a hundred thousand tokens the specs no longer hold is built for nothing.
    const occurring = valuesOccurringIn(known.keys(), [snapshot.accounts, snapshot.coverage], LOOKUP_BUDGET, known);
    const scrubber = occurring === undefined ? scrubberOfAll() : new SecretScrubber(occurring);
    const replacement = (v: string): string => {
      const k = known.get(v);
      return k ? placeholder(k.kind, k.sha256) : '<redacted>';
    };
    const scrub = (s: string): string => scrubShapes(scrubber.replaceWith(s, replacement));
    snapshot.accounts = scrubStrings(snapshot.accounts, scrub);
    snapshot.coverage = scrubStrings(snapshot.coverage, scrub);
    // The scan read each value JSON-quoted with its white space folded: a value the scrubber could
    // not find again in the raw output (escapes, line breaks) is replaced whole.
    for (const { stack, hitOutputs } of secretOutputs) {
      for (const index of hitOutputs) {
        const o = stack.Outputs?.[index];
        if (!o || typeof o.OutputValue !== 'string') continue;
        const rest = scanOutputs({ ...stack, Outputs: [o] });
        const first = rest.hits[0];
        if (first) o.OutputValue = placeholder(first.kind, known.get(rest.values[0] ?? '')?.sha256 ?? digest(rest.values[0] ?? ''));
      }
    }
  }
  found.sort(compareRecords);
  scanned.sort((a, b) => cmp(a.arn, b.arn) || cmp(a.field, b.field));
  const section: SnapshotSecrets = { values: options.keep ? 'kept' : 'replaced', salt, found };
  if (options.drop || scanned.length > 0) section.scanned = scanned;
  snapshot.secrets = section;
  if (options.drop) snapshot.collection.redacted = true;
  return {
    snapshot,
    found,
    dropped,
    get scrubber(): SecretScrubber {
      return scrubberOfAll();
    },
  };
}

/** Values made of these only (the high-entropy detector's alphabet) occur only inside a run of them: 1 per ASCII unit A-Z a-z 0-9 + / = _ -. */
const TOKEN_UNIT = (() => {
  const t = new Uint8Array(128);
  for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-') t[ch.charCodeAt(0)] = 1;
  return t;
})();

function isTokenUnit(c: number): boolean {
  return c < 128 && TOKEN_UNIT[c] === 1;
}

/** Token-shaped values from this length up are left to the matcher whole (it indexes a prefix of 1,024 units). */
const LONG_VALUE = 1024;
/** Substring look-ups the search below may make before it gives up (every value is kept then). */
const LOOKUP_BUDGET = 2_000_000;

/**
 * The values, in their order, that the scrub of these JSON trees (their string values) could
 * find: every value that is not token-shaped, and each token-shaped one that is a substring of a
 * run of token characters in some string — the only place it can occur. The scrub's matches are
 * then those of a matcher over all values, since a value that occurs nowhere matches nowhere.
 * Undefined when the strings hold so many long runs that looking them up would cost more than
 * the matcher (then every value is used). `index`, when given, answers whether a string is one of
 * `values` (the caller's own table of them: no second one is built for a hundred thousand values).
 */
export function valuesOccurringIn(values: Iterable<string>, roots: readonly unknown[], budget = LOOKUP_BUDGET, index?: { has(value: string): boolean }): string[] | undefined {
  const all = [...values];
  // Which values are searched for (token-shaped, of a length the search looks at), and their lengths.
  const searched = new Uint8Array(all.length);
  const hasLength = new Uint8Array(LONG_VALUE);
  let own: Set<string> | undefined;
  let any = false;
  for (let n = 0; n < all.length; n++) {
    const v = all[n] as string;
    if (v.length < 4 || v.length >= LONG_VALUE) continue;
    let token = true;
    for (let i = 0; i < v.length && token; i++) token = isTokenUnit(v.charCodeAt(i));
    if (!token) continue;
    searched[n] = 1;
    hasLength[v.length] = 1;
    any = true;
    if (!index) (own ??= new Set()).add(v);
  }
  if (!any) return all;
  // A candidate is made of token characters and has a searched length: if it is a value at all, it is a searched one.
  const isValue = index ?? (own as Set<string>);
  const lengths: number[] = [];
  for (let l = 4; l < LONG_VALUE; l++) if (hasLength[l] === 1) lengths.push(l);
  const shortest = lengths[0] as number;
  const seen = new Set<string>();
  let lookups = 0;
  const searchRun = (text: string, start: number, end: number): boolean => {
    for (const length of lengths) {
      if (length > end - start) break;
      lookups += end - start - length + 1;
      if (lookups > budget) return false;
      for (let i = start; i + length <= end; i++) {
        const candidate = text.slice(i, i + length);
        if (isValue.has(candidate)) seen.add(candidate);
      }
    }
    return true;
  };
  // Runs of at least `shortest` token characters. Every run that long covers one of the probes
  // placed `shortest` apart, so only the characters around a probe that lands in a run are read
  // (most of a spec's text is never looked at one character at a time).
  const searchText = (text: string): boolean => {
    const n = text.length;
    let probe = shortest - 1;
    while (probe < n) {
      if (!isTokenUnit(text.charCodeAt(probe))) {
        probe += shortest;
        continue;
      }
      let start = probe;
      while (start > 0 && isTokenUnit(text.charCodeAt(start - 1))) start--;
      let end = probe + 1;
      while (end < n && isTokenUnit(text.charCodeAt(end))) end++;
      if (end - start >= shortest && !searchRun(text, start, end)) return false;
      // `end` is not a token character: the next run that long lies wholly after it.
      probe = end + shortest;
    }
    return true;
  };
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return searchText(v);
    if (Array.isArray(v)) {
      for (const x of v) if (!walk(x)) return false;
      return true;
    }
    if (v !== null && typeof v === 'object') {
      for (const x of Object.values(v as Record<string, unknown>)) if (!walk(x)) return false;
    }
    return true;
  };
  for (const root of roots) if (!walk(root)) return undefined;
  return all.filter((v, n) => searched[n] === 0 || seen.has(v));
}

/**
 * Records of the earlier snapshot for resources of the regions carried from it (marked
 * last-known), unless this scan found the same place again (the earlier snapshot kept values).
 */
function carryRecords(snapshot: Snapshot, earlier: SnapshotSecrets, salt: string, found: SecretRecord[], scanned: Array<{ arn: string; field: string }>): void {
  const carriedArns = new Set<string>();
  for (const account of snapshot.accounts) {
    for (const region of account.regions) {
      if (!region.lastKnown) continue;
      for (const f of specFields({ ...snapshot, accounts: [{ ...account, regions: [region] }] })) carriedArns.add(f.arn);
      const p = region.proton;
      if (!p) continue;
      // A field the earlier --redact dropped is not a spec field any more: the ARNs of every record.
      for (const list of [p.environments, p.services, p.serviceInstances, p.components, p.environmentTemplateVersions, p.serviceTemplateVersions] as ReadonlyArray<ReadonlyArray<{ arn?: string }>>) {
        for (const r of list) if (typeof r.arn === 'string') carriedArns.add(r.arn);
      }
      for (const s of p.services) carriedArns.add(s.pipeline?.arn || `${s.arn}/pipeline`);
    }
  }
  if (carriedArns.size === 0) return;
  const place = (r: { arn: string; field: string; line: number; kind: string; preview: string }): string => `${r.arn}\u0000${r.field}\u0000${r.line}\u0000${r.kind}\u0000${r.preview}`;
  const seen = new Set(found.map(place));
  for (const r of earlier.found) {
    if (!carriedArns.has(r.arn) || seen.has(place(r))) continue;
    const own = r.salt ?? earlier.salt;
    found.push(own === salt ? { ...r } : { ...r, salt: own });
  }
  for (const f of earlier.scanned ?? []) if (carriedArns.has(f.arn) && !scanned.some((x) => x.arn === f.arn && x.field === f.field)) scanned.push({ ...f });
}

/**
 * Each span's text replaced by its `withs` entry; a span over several lines keeps its line
 * breaks, so line numbers hold. Spans come in text order (start, then end), as scanSpec gives them.
 */
function replaceSpans(text: string, spans: readonly SecretSpan[], withs: readonly string[]): string {
  // Pieces joined once into one flat string: a concatenation per secret would build a tree of
  // strings (placeholders included) that lives, and is copied by the collector, until first read.
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i] as SecretSpan;
    if (s.start < at) continue;
    parts.push(text.slice(at, s.start), withs[i] ?? '');
    // Within the span only: a search to the next line break would cross a long line once per secret on it.
    for (let j = s.start; j < s.end; j++) if (text.charCodeAt(j) === 10) parts.push('\n');
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Every string value (not keys) of a JSON tree through `scrub`; unchanged subtrees keep their identity. */
export function scrubStrings<T>(value: T, scrub: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
      return o;
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * `scrubStrings` without touching the input: a subtree none of whose strings change is returned
 * as it is, a changed one is copied (the evaluated snapshot stays as it was read).
 */
export function scrubbedCopy<T>(value: T, scrub: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const w = walk(v[i]);
        if (w !== v[i]) (out ??= [...v])[i] = w;
      }
      return out ?? v;
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      let out: Record<string, unknown> | undefined;
      for (const k of Object.keys(o)) {
        const w = walk(o[k]);
        if (w !== o[k]) (out ??= { ...o })[k] = w;
      }
      return out ?? o;
    }
    return v;
  };
  return walk(value) as T;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareRecords(a: SecretRecord, b: SecretRecord): number {
  return cmp(a.arn, b.arn) || cmp(a.field, b.field) || a.line - b.line || cmp(a.kind, b.kind) || cmp(a.sha256, b.sha256);
}
