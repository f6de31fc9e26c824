/**
 * Secrets in specs. Finds AWS access key ids, AWS secret access keys, PEM private keys, literal
 * values under secret-sounding keys and high-entropy strings, each with its line. A hit carries
 * only a redacted preview: the value itself is returned separately (`values`) so the engine can
 * scrub it from any message or evidence, and is never stored in facts.
 */
import type { SecretHit } from '../model/index.ts';
import { MultiMatcher } from '../util/multi-match.ts';
import { ACCESS_KEY_ID, redactedPreview, scrubShapes, SHAPE_MIN_LENGTH } from '../util/secret-shapes.ts';

export { redactedPreview, scrubShapes };

export interface SecretScanOptions {
  /** Shannon entropy (bits per character) at or above which a long token counts as a secret. */
  entropyThreshold?: number;
  /** Minimum length of a high-entropy token. */
  minEntropyLength?: number;
}

export interface SecretScan {
  hits: SecretHit[];
  /** The raw values found, for scrubbing output. Never put these in facts or findings. */
  values: string[];
}

export const DEFAULT_ENTROPY_THRESHOLD = 4.0;
const SECRET_KEY_CONTEXT = /aws.?secret|secret.?access.?key|secret_?key/i;
const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
/** Key names (lowercased, separators removed) whose literal value is a credential. */
const SECRET_KEY_NAME = /(password|passwd|passphrase|pwd|secret|token|apikey|accesskey|privatekey|clientsecret|credential|credentials|authkey)$/;


const asciiCounts = new Int32Array(128);
/**
 * `p * log2(p)` for p = n / length, per length and count, computed once: a token's entropy is
 * the same sum in the same order as before, one table read per distinct character instead of a
 * logarithm (a hostile spec holds a hundred thousand tokens).
 */
const entropyTerms: Float64Array[] = [];

function entropyTerm(n: number, length: number): number {
  let row = entropyTerms[length];
  if (row === undefined) entropyTerms[length] = row = new Float64Array(length + 1).fill(Number.NaN);
  let t = row[n] as number;
  if (Number.isNaN(t)) {
    const p = n / length;
    row[n] = t = p * Math.log2(p);
  }
  return t;
}

export function shannonEntropy(s: string): number {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) ascii = false;
  let h = 0;
  if (ascii) {
    // Tokens are ASCII by construction: count in a reused array, not a Map per token.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      asciiCounts[c] = (asciiCounts[c] as number) + 1;
    }
    const cached = s.length <= MAX_TOKEN;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const n = asciiCounts[c] ?? 0;
      if (n === 0) continue;
      if (cached) h -= entropyTerm(n, s.length);
      else {
        const p = n / s.length;
        h -= p * Math.log2(p);
      }
      asciiCounts[c] = 0;
    }
    return h;
  }
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function normalizeKey(key: string): string {
  // Most keys are already lower-case alphanumerics: no copy then.
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return key.toLowerCase().replace(/[^a-z0-9]/g, '');
  }
  return key;
}

function unquote(raw: string): string {
  let v = raw.trim();
  if (v.endsWith(',')) v = v.slice(0, -1).trim();
  if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) return v.slice(1, -1);
  // Unquoted YAML: an inline comment starts at ' #'.
  const hash = v.indexOf(' #');
  return hash >= 0 ? v.slice(0, hash).trim() : v;
}

/** A literal credential, not a reference to one, a placeholder or a setting. */
function isLiteralSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (/^(null|~|true|false|yes|no|none|n\/a)$/i.test(v)) return false;
  if (/^-?\d+(\.\d+)?$/.test(v)) return false;
  if (/^[|>][-+]?$/.test(v)) return false;
  if (/^(\$\{|\{\{|\$\(|<|!(Ref|Sub|GetAtt|ImportValue|Join|Select|FindInMap)\b|%\{)/.test(v)) return false;
  if (/\{\{\s*resolve:|^arn:aws[\w-]*:(secretsmanager|ssm|kms):|^(ssm|secretsmanager):/i.test(v)) return false;
  if (/^[*xX.]+$/.test(v) || /^(redacted|placeholder|changeit-later|todo|tbd)$/i.test(v)) return false;
  return true;
}

/** Character classes of a token, one bit each (ASCII only, as the patterns below read them). */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
/** + / = _ - */
const SYMBOL = 8;
const OTHER = 16;
const SLASH = 32;
const DOT = 64;
const DASH = 128;
const UNDERSCORE = 256;
/** A letter outside a-f / A-F (so not hexadecimal). */
const NON_HEX_LETTER = 512;
/** The bits of each ASCII character, so that the pass over a token is one table read per character. */
const CHAR_CLASS = (() => {
  const t = new Uint16Array(128).fill(OTHER);
  for (let c = 97; c <= 122; c++) t[c] = LOWER | (c > 102 ? NON_HEX_LETTER : 0);
  for (let c = 65; c <= 90; c++) t[c] = UPPER | (c > 70 ? NON_HEX_LETTER : 0);
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  t[45] = SYMBOL | DASH;
  t[95] = SYMBOL | UNDERSCORE;
  t[47] = SYMBOL | SLASH;
  t[43] = SYMBOL;
  t[61] = SYMBOL;
  t[46] = DOT;
  return t;
})();

/**
 * Tokens that look random but are not secrets: ARNs, URLs, UUIDs, hashes, paths, identifiers.
 * One pass over the characters decides most tokens (a random token has three classes and none
 * of the shapes' alphabets); a shape's pattern runs only when the token's characters allow it.
 * The same answers as the regular expressions each line names (test/facts/secret-tokens.test.ts).
 */
export function isObviousNonSecret(token: string): boolean {
  let seen = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    seen |= c < 128 ? (CHAR_CLASS[c] as number) : OTHER;
  }
  const nonHexLetter = (seen & NON_HEX_LETTER) !== 0;
  seen &= ~NON_HEX_LETTER;
  if (token.length === 0) seen |= OTHER;
  // /^[0-9a-f]+$/i — hex: commit ids, digests, version hashes
  if ((seen & ~(LOWER | UPPER | DIGIT)) === 0 && !nonHexLetter) return true;
  // /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i — UUIDs
  if (token.length === 36 && (seen & ~(LOWER | UPPER | DIGIT | SYMBOL | DASH)) === 0 && !nonHexLetter && UUID.test(token)) return true;
  // /^[a-z0-9]+(-[a-z0-9]+)+$/ — kebab-case names and ids (subnet-0ab..., my-service-prod)
  if ((seen & DASH) !== 0 && (seen & ~(LOWER | DIGIT | SYMBOL | DASH)) === 0 && KEBAB.test(token)) return true;
  // /^[A-Za-z]+(_[A-Za-z]+)+$/ — SNAKE_CASE words
  if ((seen & UNDERSCORE) !== 0 && (seen & ~(LOWER | UPPER | SYMBOL | UNDERSCORE)) === 0 && SNAKE.test(token)) return true;
  // Paths: only path characters (so no + or =), a slash, and three lower-case letters in a row.
  if ((seen & SLASH) !== 0 && (seen & ~(LOWER | UPPER | DIGIT | SYMBOL | SLASH | DASH | UNDERSCORE | DOT)) === 0 && !/[+=]/.test(token) && PATH.test(token) && /[a-z]{3,}/.test(token)) return true;
  // Classes present of a-z, A-Z, 0-9 and + / = _ -: fewer than three is a word or a number.
  const classes = (seen & LOWER ? 1 : 0) + (seen & UPPER ? 1 : 0) + (seen & DIGIT ? 1 : 0) + (seen & SYMBOL ? 1 : 0);
  return classes < 3;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const SNAKE = /^[A-Za-z]+(_[A-Za-z]+)+$/;
const PATH = /^\/?([A-Za-z0-9_.-]+\/)+[A-Za-z0-9_.-]*$/;

/** Last segment of a key path naming public or integrity material (normalised key names). */
const PUBLIC_KEY_NAME = /(^ca$|cabundle$|cacert$|cadata$|cert$|certificate$|certificatebody$|certificatechain$|publickey$|pubkey$|sshkey$|authorizedkeys?$|fingerprint$|thumbprint$|checksum$|hash$|digest$|etag$|sha(1|256|512)?$|md5$|userdata$|image$|imageuri$|ami$|amiid$)/;
/** The last characters of the names PUBLIC_KEY_NAME takes (each of its branches ends the name). */
const PUBLIC_KEY_LAST = new Set([...'aetynsmhg1625id'].map((c) => c.charCodeAt(0)));

/** PUBLIC_KEY_NAME, most names decided by their last character alone (a hostile spec has a key per token). */
export function isPublicKeyName(name: string): boolean {
  return PUBLIC_KEY_LAST.has(name.charCodeAt(name.length - 1)) && PUBLIC_KEY_NAME.test(name);
}

/**
 * Random-looking text that is public by nature: an SSH public key, a base64 certificate, or a
 * value under a key that names certificates, public keys, checksums, digests, images or user
 * data. Reporting those would make the least certain detector cry wolf on every such spec.
 */
function isPublicMaterial(token: string, keyPath: string | undefined): boolean {
  const last = keyPath?.slice(keyPath.lastIndexOf('.') + 1);
  if (last !== undefined) {
    const name = normalizeKey(last);
    if (isPublicKeyName(name)) return true;
  }
  // base64 of a PEM certificate or public key starts with "-----BEGIN ".
  return token.startsWith('LS0tLS1CRUdJTi') && /^-----BEGIN (CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY)/.test(Buffer.from(token, 'base64').toString('latin1'));
}

interface Frame {
  indent: number;
  key: string;
}

/** Fields longer than this (UTF-16 units) are scanned window by window, and their hits say so. */
export const SCAN_WINDOW = 1 << 20;
/** Windows cut inside a line overlap by this much, so a token up to MAX_TOKEN long is seen whole. */
const OVERLAP = 1024;
/** Longer runs are data (base64 blobs, bundles), not credentials; PEM keys are found by their markers. */
const MAX_TOKEN = OVERLAP - 1;
/** Key paths are kept to their last this-many characters (a hostile spec can nest thousands deep). */
const MAX_KEY_PATH = 256;

/** Hits as found, each with its value and where it sits in the scanned text (offsets in UTF-16 units, end exclusive). */
interface Found {
  hits: SecretHit[];
  values: string[];
  spans: SecretSpan[];
}

export interface SecretSpan {
  start: number;
  end: number;
}

/**
 * Scans one spec. `field` names where it came from ('spec', 'pipeline.spec', 'serviceSpec').
 * Linear in the text: every pattern below is either anchored and free of overlapping
 * quantifiers, or a hand-written loop; per-line facts (references, SSH keys) are computed once
 * per line, never once per token. A field over SCAN_WINDOW is scanned in windows (cut at line
 * ends where it can, inside a long line with an overlap), and each hit then carries
 * `windowed: true`: key paths do not cross a window boundary.
 */
export function scanSpec(text: string, field: string, options: SecretScanOptions = {}): SecretScan & { spans: SecretSpan[] } {
  const found: Found = { hits: [], values: [], spans: [] };
  if (text.length <= SCAN_WINDOW) scanWindow(text, 0, 0, field, options, false, found, () => true);
  else {
    for (const w of windowsOf(text)) {
      const own = (start: number): boolean => start >= w.ownStart && start < w.ownEnd;
      scanWindow(text.slice(w.start, w.end), w.start, w.firstLine - 1, field, options, true, found, own, w.inString === true);
    }
  }
  // In text order (start, then end; a stable sort, so equal places keep the order found), one hit
  // per place: overlapping windows can report one place twice. Usually found in order already.
  const { hits, values, spans } = found;
  let ordered = true;
  let repeated = false;
  for (let i = 1; i < spans.length && ordered; i++) {
    const a = spans[i - 1] as SecretSpan;
    const b = spans[i] as SecretSpan;
    if (a.start > b.start || (a.start === b.start && a.end > b.end)) ordered = false;
    else if (a.start === b.start && a.end === b.end) repeated = true;
  }
  if (ordered && !repeated) return found;
  const order = spans.map((_, i) => i);
  if (!ordered) order.sort((x, y) => (spans[x] as SecretSpan).start - (spans[y] as SecretSpan).start || (spans[x] as SecretSpan).end - (spans[y] as SecretSpan).end);
  const out: SecretScan & { spans: SecretSpan[] } = { hits: [], values: [], spans: [] };
  let last: SecretSpan | undefined;
  for (const i of order) {
    const span = spans[i] as SecretSpan;
    if (last && last.start === span.start && last.end === span.end) continue;
    last = span;
    out.hits.push(hits[i] as SecretHit);
    out.values.push(values[i] as string);
    out.spans.push(span);
  }
  return out;
}

interface Window {
  start: number;
  end: number;
  /** Hits are kept from the window whose own part holds their first character. */
  ownStart: number;
  ownEnd: number;
  firstLine: number;
  /** The window starts inside a JSON string (a cut line): pairs are read from after its closing quote. */
  inString?: boolean;
}

/** Windows of at most SCAN_WINDOW units: whole lines where possible, overlapping cuts inside a longer line. */
function windowsOf(text: string): Window[] {
  const out: Window[] = [];
  let at = 0;
  let line = 1;
  // JSON string state along a cut line, so the next window's pairs line up with the quotes.
  let quoteFrom = 0;
  let inString = false;
  while (at < text.length) {
    let end = Math.min(text.length, at + SCAN_WINDOW);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end - 1);
      if (nl >= at) end = nl + 1;
    }
    if (end < text.length && text.charCodeAt(end - 1) !== 10) {
      // One line longer than a window: cut it, overlapping the next window by OVERLAP.
      out.push({ start: at, end, ownStart: at, ownEnd: end - OVERLAP, firstLine: line, ...(inString ? { inString } : {}) });
      if (quoteFrom < at) quoteFrom = at;
      for (; quoteFrom < end - OVERLAP; quoteFrom++) {
        const c = text.charCodeAt(quoteFrom);
        if (c === 92 /* \ */ && inString) quoteFrom++;
        else if (c === 34 /* " */) inString = !inString;
        else if (c === 10) inString = false;
      }
      at = end - OVERLAP;
      continue;
    }
    out.push({ start: at, end, ownStart: at, ownEnd: end, firstLine: line, ...(inString ? { inString } : {}) });
    inString = false;
    line += countNewlines(text, at, end);
    at = end;
  }
  // A window that starts inside a cut line keeps what starts in its own part only.
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1] as Window;
    const w = out[i] as Window;
    if (prev.ownEnd < prev.end) w.ownStart = prev.ownEnd;
  }
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function isTokenChar(c: number): boolean {
  // A-Z a-z 0-9 + / = _ -
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45;
}

function isKeyChar(c: number): boolean {
  // A-Z a-z 0-9 / + (the alphabet of a secret access key)
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** A YAML `key: value` line, parsed by hand (the regex it replaces backtracked on long lines). */
interface KeyLine {
  indent: number;
  key: string;
  /** Offset in the line where the value starts; undefined for `key:` with nothing after. */
  valueAt?: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function parseKeyLine(raw: string): KeyLine | undefined {
  let i = 0;
  while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  // List item markers: '- ', '- - '...
  while (raw.charCodeAt(i) === 45 /* - */ && isSpace(raw.charCodeAt(i + 1))) {
    i++;
    while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
  }
  const indent = i;
  if (i >= raw.length) return undefined;
  const first = raw[i] as string;
  let key: string;
  let after: number;
  if (first === '"' || first === "'") {
    const close = raw.indexOf(first, i + 1);
    if (close <= i + 1) return undefined;
    key = raw.slice(i + 1, close);
    after = close + 1;
    while (after < raw.length && isSpace(raw.charCodeAt(after))) after++;
    if (raw[after] !== ':') return undefined;
  } else {
    if (/[\s:#"'{}[\],]/.test(first)) return undefined;
    let colon = -1;
    for (let j = i; j < raw.length; j++) {
      const c = raw.charCodeAt(j);
      if (c === 35 /* # */) return undefined;
      if (c === 58 /* : */) {
        colon = j;
        break;
      }
    }
    if (colon === -1) return undefined;
    key = raw.slice(i, colon).trimEnd();
    after = colon;
  }
  // The colon ends the key only when followed by whitespace or the end of the line.
  const next = after + 1;
  if (next < raw.length && !isSpace(raw.charCodeAt(next))) return undefined;
  let v = next;
  while (v < raw.length && isSpace(raw.charCodeAt(v))) v++;
  return v > next || next < raw.length ? { indent, key, valueAt: v } : { indent, key };
}

/** JSON `"key": "value"` pairs on a line, in one left-to-right pass over its strings. */
function jsonPairs(raw: string, startsInString = false): Array<{ key: string; value: string; at: number }> {
  const out: Array<{ key: string; value: string; at: number }> = [];
  const stringAt = (q: number): number => {
    // Index of the closing quote of the string opening at q, or -1.
    for (let j = q + 1; j < raw.length; j++) {
      const c = raw.charCodeAt(j);
      if (c === 92 /* \ */) j++;
      else if (c === 34 /* " */) return j;
    }
    return -1;
  };
  let q = startsInString ? raw.indexOf('"', stringAt(-1) + 1) : raw.indexOf('"');
  if (startsInString && stringAt(-1) === -1) return out;
  while (q !== -1) {
    const close = stringAt(q);
    if (close === -1) break;
    let j = close + 1;
    while (j < raw.length && isSpace(raw.charCodeAt(j))) j++;
    if (raw[j] === ':' && close - q - 1 >= 1 && close - q - 1 <= 128 && !raw.slice(q + 1, close).includes('\\')) {
      j++;
      while (j < raw.length && isSpace(raw.charCodeAt(j))) j++;
      if (raw[j] === '"') {
        const vClose = stringAt(j);
        if (vClose === -1) break;
        out.push({ key: raw.slice(q + 1, close), value: raw.slice(j + 1, vClose), at: j + 1 });
        q = raw.indexOf('"', vClose + 1);
        continue;
      }
    }
    q = raw.indexOf('"', close + 1);
  }
  return out;
}

const SSH_PUBLIC_KEY = /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)\s+([A-Za-z0-9+/=]+)/g;
const REFERENCE_START = /arn:aws|:\/\/|sha(?:1|256|512):/gi;
const REFERENCE_ANY = new RegExp(REFERENCE_START.source, 'i');

/**
 * Reference spans on a line (ARNs, URLs, digests), each to the next whitespace: a token inside
 * one is part of a name, not a secret. Found from literal markers, by hand: a URL pattern with a
 * scheme quantifier backtracks quadratically on a long line of letters.
 */
function referenceSpans(raw: string): SecretSpan[] {
  const out: SecretSpan[] = [];
  // Most lines hold no reference: one test, not an iterator over a copy of the pattern.
  if (!REFERENCE_ANY.test(raw)) return out;
  let nextSpace: Int32Array | undefined;
  for (const m of raw.matchAll(REFERENCE_START)) {
    let start = m.index ?? 0;
    if (m[0] === '://') {
      while (start > 0 && /[A-Za-z0-9+.-]/.test(raw[start - 1] as string)) start--;
      if (start === m.index) continue;
    } else if (m[0].startsWith('sha') && start > 0 && raw[start - 1] === '@') start--;
    if (!nextSpace) {
      nextSpace = new Int32Array(raw.length + 1);
      let n = raw.length;
      nextSpace[n] = n;
      for (let i = raw.length - 1; i >= 0; i--) {
        if (/\s/.test(raw[i] as string)) n = i;
        nextSpace[i] = n;
      }
    }
    out.push({ start, end: nextSpace[m.index ?? 0] ?? raw.length });
  }
  return out;
}

function spansOf(re: RegExp, raw: string, group?: number): SecretSpan[] {
  const out: SecretSpan[] = [];
  for (const m of raw.matchAll(re)) {
    const text = group === undefined ? m[0] : (m[group] ?? '');
    const start = (m.index ?? 0) + (group === undefined ? 0 : m[0].lastIndexOf(text));
    out.push({ start, end: start + text.length });
  }
  return out;
}

function within(spans: readonly SecretSpan[], start: number, end: number): boolean {
  for (const s of spans) if (start >= s.start && end <= s.end) return true;
  return false;
}

const NO_CLAIM = (): boolean => false;

/** Spans already claimed on a line by a more certain detector; lookups by binary search. */
class Claimed {
  private readonly spans: SecretSpan[] = [];
  /** Empties it for the next line (one instance serves a whole scan). */
  reset(): void {
    this.spans.length = 0;
  }
  add(start: number, end: number): void {
    this.spans.push({ start, end });
  }
  /** A frozen lookup over the claims made so far: whether [a, b) overlaps one. */
  index(): (start: number, end: number) => boolean {
    if (this.spans.length === 0) return NO_CLAIM;
    const sorted = [...this.spans].sort((x, y) => x.start - y.start);
    const maxEnd: number[] = [];
    let m = -1;
    for (const s of sorted) maxEnd.push((m = Math.max(m, s.end)));
    return (a, b) => {
      // The last claim starting before b; a claim up to it that ends after a overlaps.
      let lo = 0;
      let hi = sorted.length - 1;
      let last = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as SecretSpan).start < b) {
          last = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return last >= 0 && (maxEnd[last] ?? -1) > a;
    };
  }
}

function scanWindow(
  text: string,
  base: number,
  lineBase: number,
  field: string,
  options: SecretScanOptions,
  windowed: boolean,
  out: Found,
  keep: (start: number) => boolean,
  startsInString = false,
): void {
  const threshold = options.entropyThreshold ?? DEFAULT_ENTROPY_THRESHOLD;
  const minLength = options.minEntropyLength ?? 20;
  const stack: Frame[] = [];
  let inPem: { start: number; line: number; key: string | undefined } | undefined;
  let prev = '';
  let offset = 0;
  let lineNo = lineBase;

  const add = (kind: SecretHit['kind'], line: number, value: string, key: string | undefined, start: number, end: number): void => {
    if (!keep(base + start)) return;
    const k = key !== undefined && key.length > MAX_KEY_PATH ? `…${key.slice(-MAX_KEY_PATH)}` : key;
    // Members in the order they have always had (key only when there is one).
    const hit: SecretHit = k ? { kind, field, key: k, line, preview: redactedPreview(value) } : { kind, field, line, preview: redactedPreview(value) };
    if (windowed) hit.windowed = true;
    out.hits.push(hit);
    out.values.push(value);
    out.spans.push({ start: base + start, end: base + end });
  };

  // The line being read, for `found` (one closure per scan, not one per line).
  const claimed = new Claimed();
  let lineAt = 0;
  let lineOf = 0;
  const found = (kind: SecretHit['kind'], v: string, start: number, k: string | undefined): void => {
    add(kind, lineOf, v, k, lineAt + start, lineAt + start + v.length);
    claimed.add(start, start + v.length);
  };

  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl === -1) nl = text.length;
    let raw = text.slice(offset, nl);
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    lineNo++;
    const at = offset;
    offset = nl + 1;
    if (nl === text.length && raw === '' && at > 0) break;
    const line = lineNo;
    const previous = prev;
    prev = raw;

    if (inPem) {
      const end = raw.includes('PRIVATE KEY') ? PEM_END.exec(raw) : null;
      if (end) {
        const stop = at + end.index + end[0].length;
        add('private-key', inPem.line, text.slice(inPem.start, stop), inPem.key, inPem.start, stop);
        inPem = undefined;
      }
      continue;
    }
    let key: string | undefined;
    let value: string | undefined;
    let valueAt = -1;
    const m = raw.trimStart().startsWith('#') ? undefined : parseKeyLine(raw);
    if (m) {
      while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= m.indent) stack.pop();
      const name = m.key.trim();
      stack.push({ indent: m.indent, key: name.length > MAX_KEY_PATH ? `…${name.slice(-MAX_KEY_PATH)}` : name });
      key = stack.map((f) => f.key).join('.');
      if (m.valueAt !== undefined) {
        const u = unquoteAt(raw, m.valueAt);
        value = u.value;
        valueAt = u.at;
      }
    } else if (raw.trim() !== '') {
      // A continuation line (block scalar, list of scalars) belongs to the deepest key above it.
      const indent = raw.length - raw.trimStart().length;
      const owners = stack.filter((f) => f.indent < indent);
      if (owners.length > 0) key = owners.map((f) => f.key).join('.');
    }
    const keyPath = key;
    const pem = raw.includes('PRIVATE KEY') ? PEM_BEGIN.exec(raw) : null;
    if (pem) {
      const rest = raw.slice(pem.index + pem[0].length);
      const end = rest.includes('PRIVATE KEY') ? PEM_END.exec(rest) : null;
      if (end) {
        const stop = pem.index + pem[0].length + end.index + end[0].length;
        add('private-key', line, raw.slice(pem.index, stop), keyPath, at + pem.index, at + stop);
      } else inPem = { start: at + pem.index, line, key: keyPath };
      continue;
    }
    claimed.reset();
    lineAt = at;
    lineOf = line;
    if (raw.includes('KIA') || raw.includes('SIA')) {
      for (const id of raw.matchAll(ACCESS_KEY_ID)) found('aws-access-key-id', id[0], id.index ?? 0, keyPath);
    }
    let overlaps = claimed.index();
    if (SECRET_KEY_CONTEXT.test(previous) || SECRET_KEY_CONTEXT.test(raw) || (keyPath !== undefined && SECRET_KEY_CONTEXT.test(keyPath))) {
      for (let i = 0; i < raw.length; ) {
        if (!isKeyChar(raw.charCodeAt(i))) {
          i++;
          continue;
        }
        let j = i;
        while (j < raw.length && isKeyChar(raw.charCodeAt(j))) j++;
        const sk = raw.slice(i, j);
        // Secret access keys are mixed-case base64; a hex commit id next to one is not a key.
        if (sk.length === 40 && raw[j] !== '=' && !/^[0-9a-f]+$/i.test(sk) && /[a-z]/.test(sk) && /[A-Z]/.test(sk) && !overlaps(i, j)) {
          found('aws-secret-access-key', sk, i, keyPath);
        }
        i = j;
      }
    }
    // Key/value pairs: the YAML line's own pair plus any inline JSON pairs.
    const pairs: Array<{ key: string; path: string | undefined; value: string; at: number }> = [];
    if (m && value !== undefined) pairs.push({ key: m.key.trim(), path: keyPath, value, at: valueAt });
    if (raw.includes('"')) {
      for (const jp of jsonPairs(raw, at === 0 && startsInString)) {
        const own = pairs[0];
        if (own && own.key === jp.key && own.at <= jp.at && jp.at <= own.at + own.value.length + 1) continue;
        pairs.push({ key: jp.key, path: keyPath && keyPath.endsWith(jp.key) ? keyPath : jp.key, value: jp.value, at: jp.at });
      }
    }
    overlaps = claimed.index();
    for (const p of pairs) {
      const norm = normalizeKey(p.key);
      if (!SECRET_KEY_NAME.test(norm) || !isLiteralSecret(p.value)) continue;
      const start = p.at + (p.value.length - p.value.trimStart().length);
      const v = p.value.trim();
      if (overlaps(start, start + v.length)) continue;
      found(/pass|pwd/.test(norm) ? 'password' : 'token', v, start, p.path);
    }
    // High-entropy tokens anywhere on the line (the value only, on a key line) that nothing above explained.
    const from = m ? (m.valueAt ?? raw.length) : 0;
    let references: SecretSpan[] | undefined;
    let sshKeys: SecretSpan[] | undefined;
    const overlapsClaim = claimed.index();

    for (let i = from; i < raw.length; ) {
      if (!isTokenChar(raw.charCodeAt(i))) {
        i++;
        continue;
      }
      let j = i;
      while (j < raw.length && isTokenChar(raw.charCodeAt(j))) j++;
      let s = i;
      let e = j;
      i = j;
      while (s < e && (raw[s] === '-' || raw[s] === '_')) s++;
      while (e > s && (raw[e - 1] === '-' || raw[e - 1] === '_')) e--;
      const len = e - s;
      if (len < minLength || len > MAX_TOKEN || overlapsClaim(s, e)) continue;
      const token = raw.slice(s, e);
      if (isObviousNonSecret(token)) continue;
      references ??= raw.includes(':') ? referenceSpans(raw) : [];
      if (within(references, s, e)) continue;
      sshKeys ??= raw.includes('ssh-') || raw.includes('ecdsa-') ? spansOf(SSH_PUBLIC_KEY, raw, 1) : [];
      if (within(sshKeys, s, e) || isPublicMaterial(token, keyPath)) continue;
      if (shannonEntropy(token) < threshold) continue;
      add('high-entropy', line, token, keyPath, at + s, at + e);
    }
  }
  if (inPem) {
    // An unterminated key block: everything after its first line is treated as the key.
    add('private-key', inPem.line, text.slice(inPem.start), inPem.key, inPem.start, text.length);
  }
}

/** The value of a `key: value` line and where it starts, quotes, a trailing comma and an inline comment removed. */
function unquoteAt(raw: string, at: number): { value: string; at: number } {
  const full = raw.slice(at);
  const value = unquote(full);
  const idx = value === '' ? 0 : full.indexOf(value);
  return { value, at: at + Math.max(0, idx) };
}

/**
 * Removes known secret values (longest first where they overlap) and anything shaped like an
 * access key id or a PEM private key from output text. Built once per snapshot from every value
 * its specs hold, so a secret from one resource's spec is scrubbed from any other resource's
 * text too; one pass per string, whatever the number of values.
 */
export class SecretScrubber {
  private readonly matcher: MultiMatcher;

  constructor(values: Iterable<string> = []) {
    this.matcher = new MultiMatcher(values);
    this.unchangedBelow = Math.min(this.matcher.shortestLength, SHAPE_MIN_LENGTH);
  }

  /** How many distinct values it knows. */
  get size(): number {
    return this.matcher.size;
  }

  /** Texts shorter than this come back from `scrub` as they are: no known value, no shape fits in them. */
  readonly unchangedBelow: number;

  scrub(text: string): string {
    if (text.length < this.unchangedBelow) return text;
    const out = this.matcher.size > 0 ? this.matcher.replace(text, redactedPreview) : text;
    return scrubShapes(out);
  }

  /** Known values only, each replaced by what `replacement` gives for it. */
  replaceWith(text: string, replacement: (value: string) => string): string {
    return this.matcher.size > 0 ? this.matcher.replace(text, replacement) : text;
  }
}


/** Replaces every known secret value, and anything shaped like an access key or PEM key, with a preview. */
export function scrubSecrets(text: string, values: readonly string[] = []): string {
  if (values.length === 0) return scrubShapes(text);
  return new SecretScrubber(values).scrub(text);
}
