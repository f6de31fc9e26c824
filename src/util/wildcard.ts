/**
 * IAM wildcard matching without regular expressions. Actions: '*' and '?', case-insensitive.
 * Resources, ARNs and condition values: '*' and '?', case-sensitive, and policy variables
 * (${aws:username}...) stand for any text because their value is only known at request time;
 * ${*}, ${?} and ${$} are the escaped literal characters.
 *
 * Patterns come from the audited estate, so whoever writes a policy chooses them. A backtracking
 * regex turns 'iam:*?*?*?*?*?*?X' into seconds per action name; the two-pointer matcher below
 * is O(n·m) in the worst case, and a pattern needing more characters than the text has is
 * rejected before it starts, so one match costs at most O(n²) whatever the pattern's length.
 */

/** Token codes: a UTF-16 code unit (>= 0), or one of these. */
const STAR = -1;
const ONE = -2;
/** Past the last token: matches nothing. */
const END = -3;

export interface CompiledGlob {
  tokens: Int32Array;
  /** Characters a match needs at least (tokens other than '*'). */
  minLength: number;
  hasWildcard: boolean;
}

/** 'plain': '*' and '?' only, case-sensitive (waiver and config ARN globs). */
type Kind = 'action' | 'resource' | 'plain';

const caches: Record<Kind, Map<string, CompiledGlob>> = { action: new Map(), resource: new Map(), plain: new Map() };
const CACHE_LIMIT = 50_000;

function compile(pattern: string, kind: Kind): CompiledGlob {
  const text = kind === 'action' ? pattern.toLowerCase() : pattern;
  const out: number[] = [];
  let minLength = 0;
  let wild = false;
  const push = (t: number): void => {
    // Consecutive stars are one star: keeps the token list short for hostile input.
    if (t === STAR && out[out.length - 1] === STAR) return;
    if (t !== STAR) minLength++;
    if (t < 0) wild = true;
    out.push(t);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (kind === 'resource' && ch === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        const name = text.slice(i + 2, close);
        if (name === '*' || name === '?' || name === '$') push(name.charCodeAt(0));
        else push(STAR);
        i = close;
        continue;
      }
    }
    push(ch === 42 /* * */ ? STAR : ch === 63 /* ? */ ? ONE : ch);
  }
  return { tokens: Int32Array.from(out), minLength, hasWildcard: wild };
}

export function compiledGlob(pattern: string, kind: Kind): CompiledGlob {
  const cache = caches[kind];
  let c = cache.get(pattern);
  if (!c) {
    c = compile(pattern, kind);
    // Policies are finite and repeat their patterns; still, keep the cache from growing without bound.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, c);
  }
  return c;
}

/** The classic two-pointer wildcard match: on a mismatch, retry from the last '*' one character later. */
export function matchCompiled(glob: CompiledGlob, text: string): boolean {
  const p = glob.tokens;
  const n = text.length;
  if (n < glob.minLength) return false;
  let i = 0;
  let j = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (j < n) {
    const t = i < p.length ? (p[i] as number) : END;
    if (t === STAR) {
      starAt = i++;
      resumeAt = j;
    } else if (t === ONE || t === text.charCodeAt(j)) {
      i++;
      j++;
    } else if (starAt >= 0) {
      i = starAt + 1;
      j = ++resumeAt;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === STAR) i++;
  return i === p.length;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/** Action glob match, case-insensitive ('s3:Get*' matches 's3:GetObject'). */
export function actionGlobMatches(pattern: string, action: string): boolean {
  return matchCompiled(compiledGlob(pattern, 'action'), action.toLowerCase());
}

/**
 * An ARN is matched field by field, as IAM does: partition, service, region and account are each
 * matched on their own (a wildcard in one does not reach into the next), and the resource part
 * (everything after the fifth colon, colons included) as a whole. A pattern with fewer fields
 * matches its last field against the rest ('arn:*' names every ARN).
 */
function arnFields(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let k = 0; k < 5; k++) {
    const at = text.indexOf(':', from);
    if (at < 0) break;
    out.push(text.slice(from, at));
    from = at + 1;
  }
  out.push(text.slice(from));
  return out;
}

const fieldCache = new Map<string, string[]>();

function patternFields(pattern: string): string[] {
  let f = fieldCache.get(pattern);
  if (!f) {
    f = arnFields(pattern);
    if (fieldCache.size >= CACHE_LIMIT) fieldCache.clear();
    fieldCache.set(pattern, f);
  }
  return f;
}

/** The fields of two ARN texts paired up; a shorter list's last field takes the rest of the other. */
function pairFields(a: readonly string[], b: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const last = k === n - 1;
    pairs.push([last && a.length > n ? a.slice(k).join(':') : (a[k] as string), last && b.length > n ? b.slice(k).join(':') : (b[k] as string)]);
  }
  return pairs;
}

/** Resource/ARN/condition-value glob match, case-sensitive, policy variables as wildcards. */
export function resourceGlobMatches(pattern: string, value: string): boolean {
  if (pattern.startsWith('arn:') && value.startsWith('arn:')) {
    const pf = patternFields(pattern);
    const vf = arnFields(value);
    if (vf.length < pf.length) return false;
    return pairFields(pf, vf).every(([p, v]) => matchCompiled(compiledGlob(p, 'resource'), v));
  }
  return matchCompiled(compiledGlob(pattern, 'resource'), value);
}

/** Plain glob match ('*' any run, '?' one character), case-sensitive, no policy variables. */
export function plainGlobMatches(pattern: string, value: string): boolean {
  return matchCompiled(compiledGlob(pattern, 'plain'), value);
}

/**
 * Whether two resource patterns can name a common resource: some string matches both (ARNs field
 * by field). A dynamic programme over the two token lists (O(n·m)); literal heads and tails are
 * compared first, which settles most pairs (different service or type) at once.
 */
export function resourceGlobsIntersect(a: string, b: string): boolean {
  if (a.startsWith('arn:') && b.startsWith('arn:')) {
    return pairFields(patternFields(a), patternFields(b)).every(([x, y]) => globsIntersect(x, y));
  }
  return globsIntersect(a, b);
}

function globsIntersect(a: string, b: string): boolean {
  const p = compiledGlob(a, 'resource').tokens;
  const q = compiledGlob(b, 'resource').tokens;
  let ps = 0;
  let qs = 0;
  let pe = p.length;
  let qe = q.length;
  while (ps < pe && qs < qe && (p[ps] as number) !== STAR && (q[qs] as number) !== STAR) {
    if (!compatible(p[ps] as number, q[qs] as number)) return false;
    ps++;
    qs++;
  }
  while (pe > ps && qe > qs && (p[pe - 1] as number) !== STAR && (q[qe - 1] as number) !== STAR) {
    if (!compatible(p[pe - 1] as number, q[qe - 1] as number)) return false;
    pe--;
    qe--;
  }
  const n = pe - ps;
  const m = qe - qs;
  // reach[i][j]: the first i tokens of p and the first j of q can produce one common string.
  let prev = new Uint8Array(m + 1);
  let cur = new Uint8Array(m + 1);
  for (let i = 0; i <= n; i++) {
    const pi = i > 0 ? (p[ps + i - 1] as number) : 0;
    const pNext = i < n ? (p[ps + i] as number) : 0;
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) {
        cur[0] = 1;
        continue;
      }
      const qj = j > 0 ? (q[qs + j - 1] as number) : 0;
      const qNext = j < m ? (q[qs + j] as number) : 0;
      let r = 0;
      if (i > 0 && pi === STAR && prev[j]) r = 1; // p's star ends (it matched what it matched)
      else if (j > 0 && qj === STAR && cur[j - 1]) r = 1; // q's star ends
      else if (i > 0 && j > 0 && pi !== STAR && qj !== STAR && compatible(pi, qj) && prev[j - 1]) r = 1;
      else if (j > 0 && i < n && pNext === STAR && qj !== STAR && cur[j - 1]) r = 1; // p's star absorbs q's character
      else if (i > 0 && j < m && qNext === STAR && pi !== STAR && prev[j]) r = 1; // q's star absorbs p's character
      cur[j] = r;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m] === 1;
}

function compatible(a: number, b: number): boolean {
  return a === b || a === ONE || b === ONE;
}

/** A resource pattern that is nothing but wildcards ('*', '**'). */
export function isStarOnly(pattern: string): boolean {
  return pattern.length > 0 && /^\*+$/.test(pattern);
}

/**
 * A resource pattern that names every resource: '*', 'arn:*', or an ARN whose service, region,
 * account and resource fields are all wildcards (the partition may be named).
 */
export function isAllResources(pattern: string): boolean {
  if (isStarOnly(pattern) || pattern === 'arn:*') return true;
  if (!pattern.startsWith('arn:') || !pattern.endsWith(':*')) return false;
  const fields = pattern.split(':');
  return fields.length === 6 && fields[0] === 'arn' && fields.slice(2).every(isStarOnly);
}
