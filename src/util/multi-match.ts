/**
 * Finding many literal strings in text in one pass (Aho-Corasick over UTF-16 code units). Used to
 * scrub every known secret value from every output: the values come from the audited estate, so
 * their number and the text's size are both the attacker's choice, and the cost must stay
 * linear in the text (plus the patterns' total length, once). A loop of split/join per value is
 * values × text, which is what made one 200 KB spec cost seconds per finding.
 *
 * Layout, for a hundred thousand patterns as for three: nodes are numbered in creation order, so
 * the rest of a pattern below the point where it leaves the trie is a chain of consecutive
 * nodes — a node's first child is the next node, found without a lookup. Only the edges that
 * branch off an existing node (at most one per pattern) go to a hash table, which therefore
 * stays small. Failure links of the shallowest nodes (where a scan of ordinary text spends its
 * time) are computed up front, with a full transition row for ASCII code units (failure links
 * folded in: one array read per character there); deeper ones when a scan first needs them, so
 * building for a hundred thousand values costs their insertion, not a walk of every node's
 * failure chain — a text reaches few of them.
 */

/**
 * Patterns longer than this are matched by their first PREFIX characters, then checked whole.
 * It also bounds the nesting of the lazy failure-link computation (a few frames per level).
 */
const PREFIX = 1024;

export interface Span {
  start: number;
  end: number;
  /** Index (in the constructor's order, duplicates removed) of the pattern that opened the span. */
  pattern: number;
}

/** Nodes at most this deep get a dense ASCII transition row, up to MAX_ROWS of them (512 bytes each). */
const DENSE_DEPTH = 2;
const MAX_ROWS = 4096;

/** Up to this many patterns, a text none of them is a substring of is ruled out by `includes` before the automaton runs. */
const FEW_PATTERNS = 8;

/** Shared by every matcher without patterns: nothing to build, nothing to find. */
const NO_SPANS: Span[] = [];

export class MultiMatcher {
  readonly patterns: readonly string[];
  /** Child of the root per code unit (-1: none); undefined without patterns. */
  private readonly root: Int32Array | undefined;
  /** Per node: the code unit on the edge into it, its depth, its parent, its failure link. */
  private char: Uint16Array;
  private depth: Uint16Array;
  private parent: Int32Array;
  private fail: Int32Array;
  /** Longest pattern (index + 1) ending at this node, itself or through its failure chain; 0 if none, -1 not known yet. */
  private best: Int32Array;
  /** 1 when the node has a child other than the next node (then looked up in the edge table). */
  private branches: Uint8Array;
  private nodes = 1;
  /** Branching edges: an open-addressing table keyed (node, code unit). */
  private edgeNode: Int32Array;
  private edgeChar: Uint16Array;
  private edgeTo: Int32Array;
  /** Per node: its dense row (-1: none); rows hold the full transition (failure links applied) per ASCII unit. */
  private rowOf: Int32Array = new Int32Array(0);
  private dense: Int32Array = new Int32Array(0);
  /** Shortest pattern: a shorter text holds none. */
  private readonly shortest: number;

  /** Patterns shorter than `minLength` are ignored (a three-letter "secret" would scrub every word). */
  constructor(patterns: Iterable<string>, minLength = 4) {
    const given: string[] = [];
    let total = 0;
    let shortest = Number.MAX_SAFE_INTEGER;
    for (const p of patterns) {
      if (p.length < minLength) continue;
      given.push(p);
      total += Math.min(p.length, PREFIX);
      if (p.length < shortest) shortest = p.length;
    }
    const unique: string[] = [];
    this.patterns = unique;
    this.shortest = shortest;
    // Every node allocated up front: at most one per pattern character (capped), plus the root.
    const capacity = given.length === 0 ? 1 : total + 1;
    this.char = new Uint16Array(capacity);
    this.depth = new Uint16Array(capacity);
    this.parent = new Int32Array(capacity);
    this.fail = new Int32Array(capacity);
    this.best = new Int32Array(capacity);
    this.branches = new Uint8Array(capacity);
    const slots = tableSize(given.length);
    this.edgeNode = new Int32Array(slots).fill(-1);
    this.edgeChar = new Uint16Array(slots);
    this.edgeTo = new Int32Array(slots);
    if (given.length === 0) return;
    this.root = new Int32Array(65536).fill(-1);
    // Duplicates are found by the trie itself (a pattern ending where an equal one ends); only
    // patterns of PREFIX characters or more, which can share an end node with a different one, need a set.
    const long = new Set<string>();
    for (const p of given) {
      if (p.length >= PREFIX) {
        if (long.has(p)) continue;
        long.add(p);
      }
      if (this.insert(p, unique.length)) unique.push(p);
    }
    this.link();
  }

  get size(): number {
    return this.patterns.length;
  }

  /** The shortest pattern's length (no text shorter holds a match); Infinity without patterns. */
  get shortestLength(): number {
    return this.patterns.length > 0 ? this.shortest : Number.POSITIVE_INFINITY;
  }

  private child(node: number, c: number): number {
    if (node === 0) return (this.root as Int32Array)[c] as number;
    const next = node + 1;
    if (next < this.nodes && this.parent[next] === node && this.char[next] === c) return next;
    if (this.branches[node] === 0) return -1;
    const mask = this.edgeNode.length - 1;
    for (let h = slot(node, c) & mask; ; h = (h + 1) & mask) {
      const n = this.edgeNode[h] as number;
      if (n === -1) return -1;
      if (n === node && this.edgeChar[h] === c) return this.edgeTo[h] as number;
    }
  }

  /** The full transition from `state` on `c`, failure links followed (0 is the root). */
  private goto(state: number, c: number): number {
    const root = this.root as Int32Array;
    for (;;) {
      if (state === 0) {
        const r = root[c] as number;
        return r === -1 ? 0 : r;
      }
      if (c < 128) {
        const row = this.rowOf[state] as number;
        if (row >= 0) return this.dense[row * 128 + c] as number;
      }
      const n = this.child(state, c);
      if (n !== -1) return n;
      state = this.failOf(state);
    }
  }

  /** A node's failure link, computed (with its ancestors') on first use. */
  private failOf(k: number): number {
    const known = this.fail[k] as number;
    if (known !== -1) return known;
    // Usually the parent's link is known (a scan reaches a node through its parent).
    const up = this.fail[this.parent[k] as number] as number;
    if (up !== -1) return (this.fail[k] = this.goto(up, this.char[k] as number));
    const path: number[] = [];
    for (let x = k; (this.fail[x] as number) === -1; x = this.parent[x] as number) path.push(x);
    for (let j = path.length - 1; j >= 0; j--) {
      const y = path[j] as number;
      // Only shallower nodes are consulted: the nesting is bounded by PREFIX.
      this.fail[y] = this.goto(this.fail[this.parent[y] as number] as number, this.char[y] as number);
    }
    return this.fail[k] as number;
  }

  /** `best` of a node, inherited along its failure chain on first use. */
  private bestOf(k: number): number {
    const known = this.best[k] as number;
    if (known !== -1) return known;
    const f = this.failOf(k);
    const inherited = this.best[f] as number;
    if (inherited !== -1) return (this.best[k] = inherited);
    const path: number[] = [];
    let x = k;
    for (; (this.best[x] as number) === -1; x = this.failOf(x)) path.push(x);
    const b = this.best[x] as number;
    for (const y of path) this.best[y] = b;
    return b;
  }

  private setEdge(node: number, c: number, to: number): void {
    const mask = this.edgeNode.length - 1;
    let h = slot(node, c) & mask;
    while ((this.edgeNode[h] as number) !== -1) h = (h + 1) & mask;
    this.edgeNode[h] = node;
    this.edgeChar[h] = c;
    this.edgeTo[h] = to;
    this.branches[node] = 1;
  }

  /** Adds a pattern as number `index`; false (nothing recorded) when an equal one is already in. */
  private insert(pattern: string, index: number): boolean {
    const root = this.root as Int32Array;
    let node = 0;
    const n = Math.min(pattern.length, PREFIX);
    // Once the pattern leaves the trie, the rest is new nodes: nothing to look up.
    let fresh = false;
    for (let i = 0; i < n; i++) {
      const c = pattern.charCodeAt(i);
      let next = fresh ? -1 : this.child(node, c);
      if (next === -1) {
        fresh = true;
        next = this.nodes++;
        this.char[next] = c;
        this.depth[next] = i + 1;
        this.parent[next] = node;
        if (node === 0) root[c] = next;
        // The next node is the implicit first child only of the node created just before it.
        else if (next !== node + 1) this.setEdge(node, c, next);
      }
      node = next;
    }
    const current = this.best[node] as number;
    // Below PREFIX characters the node names the pattern: one already ending here is this one.
    if (current !== 0 && pattern.length < PREFIX) return false;
    // Two patterns can share a capped prefix; keep the longer, which is checked whole when found.
    if (current === 0 || (this.patterns[current - 1]?.length ?? 0) < pattern.length) this.best[node] = index + 1;
    return true;
  }

  /** Failure links, `best` and dense rows of the nodes at most DENSE_DEPTH deep; the rest stay unknown (-1) until needed. */
  private link(): void {
    const count = this.nodes;
    this.fail.fill(-1);
    this.fail[0] = 0;
    for (let k = 1; k < count; k++) if ((this.best[k] as number) === 0) this.best[k] = -1;
    this.best[0] = 0;
    const levels: number[][] = [];
    for (let d = 1; d <= DENSE_DEPTH; d++) levels.push([]);
    for (let k = 1; k < count; k++) {
      const d = this.depth[k] as number;
      if (d <= DENSE_DEPTH) (levels[d - 1] as number[]).push(k);
    }
    let rows = 0;
    for (const level of levels) rows += level.length;
    rows = Math.min(rows, MAX_ROWS);
    this.rowOf = new Int32Array(count).fill(-1);
    this.dense = new Int32Array(rows * 128);
    let nextRow = 0;
    for (const level of levels) {
      for (const k of level) {
        const p = this.parent[k] as number;
        this.fail[k] = p === 0 ? 0 : this.goto(this.fail[p] as number, this.char[k] as number);
        if ((this.best[k] as number) === -1) this.best[k] = this.best[this.fail[k] as number] as number;
      }
      // Each row: its failure node's transitions (a finished row, one level up, or the root's),
      // then its own children over them — not a lookup per node and code unit.
      const from = nextRow;
      for (const k of level) {
        if (nextRow === rows) break;
        const row = nextRow++;
        const f = this.fail[k] as number;
        const fRow = f === 0 ? -1 : (this.rowOf[f] as number);
        if (fRow >= 0) this.dense.copyWithin(row * 128, fRow * 128, fRow * 128 + 128);
        else for (let c = 0; c < 128; c++) this.dense[row * 128 + c] = this.goto(f, c);
        const first = k + 1;
        if (first < count && this.parent[first] === k && (this.char[first] as number) < 128) this.dense[row * 128 + (this.char[first] as number)] = first;
        this.rowOf[k] = row;
      }
      if (nextRow > from) {
        for (let h = 0; h < this.edgeNode.length; h++) {
          const k = this.edgeNode[h] as number;
          if (k < 0) continue;
          const row = this.rowOf[k] as number;
          const c = this.edgeChar[h] as number;
          if (row >= from && row < nextRow && c < 128) this.dense[row * 128 + c] = this.edgeTo[h] as number;
        }
      }
    }
  }

  /**
   * Where the patterns occur, overlapping occurrences merged into one span (so a replacement
   * covers every character of every occurrence), in text order.
   */
  find(text: string): Span[] {
    const root = this.root;
    if (root === undefined || text.length < this.shortest) return NO_SPANS;
    // A few patterns (an estate's handful of secrets): the engine's substring search rules most texts out faster than the walk.
    if (this.patterns.length <= FEW_PATTERNS && !this.patterns.some((p) => text.includes(p))) return NO_SPANS;
    let spans: Span[] | undefined;
    const rowOf = this.rowOf;
    const dense = this.dense;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === 0) {
        // Most text sits at the root or just below it: one array read per character.
        state = root[c] as number;
        if (state === -1) {
          state = 0;
          continue;
        }
      } else {
        const row = c < 128 ? (rowOf[state] as number) : -1;
        state = row >= 0 ? (dense[row * 128 + c] as number) : this.goto(state, c);
        if (state === 0) continue;
      }
      let b = this.best[state] as number;
      if (b === -1) b = this.bestOf(state);
      if (b === 0) continue;
      const pattern = this.patterns[b - 1] as string;
      // The node's own depth or a shorter suffix: the matched length is the pattern's (capped) length.
      const matched = Math.min(pattern.length, PREFIX);
      const start = i + 1 - matched;
      let end = i + 1;
      if (pattern.length > PREFIX && text.startsWith(pattern, start)) end = start + pattern.length;
      spans ??= [];
      const last = spans.at(-1);
      if (last && start <= last.end) {
        if (start < last.start) {
          last.start = start;
          last.pattern = b - 1;
        }
        if (end > last.end) last.end = end;
      } else spans.push({ start, end, pattern: b - 1 });
    }
    return spans ? mergeBackwards(spans) : NO_SPANS;
  }

  /** The text with every occurrence replaced; text without one is returned as is. */
  replace(text: string, replacement: (pattern: string) => string): string {
    const spans = this.find(text);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + replacement(this.patterns[s.pattern] ?? '');
      at = s.end;
    }
    return out + text.slice(at);
  }
}

/** Open-addressing table for up to one branching edge per pattern, at most half full. */
function tableSize(patterns: number): number {
  let n = 16;
  while (n < patterns * 2) n *= 2;
  return n;
}

function slot(node: number, c: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) >>> 0;
}

/** A later, longer match can start before earlier spans: fold those into it. */
function mergeBackwards(spans: Span[]): Span[] {
  let sorted = true;
  for (let i = 1; i < spans.length && sorted; i++) if ((spans[i] as Span).start <= (spans[i - 1] as Span).end) sorted = false;
  if (sorted) return spans;
  const out: Span[] = [];
  for (const s of spans) {
    while (out.length > 0 && s.start <= (out.at(-1)?.end ?? -1)) {
      const prev = out.pop() as Span;
      if (prev.start < s.start) {
        s.start = prev.start;
        s.pattern = prev.pattern;
      }
      if (prev.end > s.end) s.end = prev.end;
    }
    out.push(s);
  }
  return out;
}
