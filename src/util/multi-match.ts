/**
 * Finding many literal strings in text in one pass (Aho-Corasick over UTF-16 code units). Used to
 * scrub every known secret value from every output: the values come from the audited estate, so
 * their number and the text's size are both the attacker's choice, and the cost must stay
 * linear in the text (plus the patterns' total length, once). A loop of split/join per value is
 * values × text, which is what made one 200 KB spec cost seconds per finding.
 */

/** Patterns longer than this are matched by their first PREFIX characters, then checked whole. */
const PREFIX = 4096;

export interface Span {
  start: number;
  end: number;
  /** Index (in the constructor's order, duplicates removed) of the pattern that opened the span. */
  pattern: number;
}

export class MultiMatcher {
  readonly patterns: readonly string[];
  private readonly root = new Int32Array(65536).fill(-1);
  private firstChild = new Int32Array(64);
  private nextSibling = new Int32Array(64);
  private char = new Int32Array(64);
  private fail = new Int32Array(64);
  /** Longest pattern (index + 1) ending at this node, itself or through its failure chain; 0 if none. */
  private best = new Int32Array(64);
  private depth = new Int32Array(64);
  private nodes = 1;
  /** Transitions below the root: an open-addressing table keyed (node, code unit), one probe run per step. */
  private edgeNode = new Int32Array(1024).fill(-1);
  private edgeChar = new Uint16Array(1024);
  private edgeTo = new Int32Array(1024);
  private edgeCount = 0;

  /** Patterns shorter than `minLength` are ignored (a three-letter "secret" would scrub every word). */
  constructor(patterns: Iterable<string>, minLength = 4) {
    const unique = [...new Set([...patterns].filter((p) => p.length >= minLength))];
    this.patterns = unique;
    this.firstChild[0] = -1;
    this.best[0] = 0;
    unique.forEach((p, i) => this.insert(p, i));
    this.link();
  }

  get size(): number {
    return this.patterns.length;
  }

  private grow(): void {
    const n = this.firstChild.length * 2;
    const copy = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.firstChild = copy(this.firstChild);
    this.nextSibling = copy(this.nextSibling);
    this.char = copy(this.char);
    this.fail = copy(this.fail);
    this.best = copy(this.best);
    this.depth = copy(this.depth);
  }

  private child(node: number, c: number): number {
    if (node === 0) return this.root[c] ?? -1;
    const mask = this.edgeNode.length - 1;
    for (let h = slot(node, c) & mask; ; h = (h + 1) & mask) {
      const n = this.edgeNode[h] ?? -1;
      if (n === -1) return -1;
      if (n === node && this.edgeChar[h] === c) return this.edgeTo[h] ?? -1;
    }
  }

  private setEdge(node: number, c: number, to: number): void {
    if ((this.edgeCount + 1) * 2 > this.edgeNode.length) {
      const [nodes, chars, tos] = [this.edgeNode, this.edgeChar, this.edgeTo];
      this.edgeNode = new Int32Array(nodes.length * 2).fill(-1);
      this.edgeChar = new Uint16Array(nodes.length * 2);
      this.edgeTo = new Int32Array(nodes.length * 2);
      this.edgeCount = 0;
      for (let i = 0; i < nodes.length; i++) if ((nodes[i] ?? -1) !== -1) this.setEdge(nodes[i] ?? 0, chars[i] ?? 0, tos[i] ?? 0);
    }
    const mask = this.edgeNode.length - 1;
    let h = slot(node, c) & mask;
    while ((this.edgeNode[h] ?? -1) !== -1) h = (h + 1) & mask;
    this.edgeNode[h] = node;
    this.edgeChar[h] = c;
    this.edgeTo[h] = to;
    this.edgeCount++;
  }

  private insert(pattern: string, index: number): void {
    let node = 0;
    const n = Math.min(pattern.length, PREFIX);
    for (let i = 0; i < n; i++) {
      const c = pattern.charCodeAt(i);
      let next = this.child(node, c);
      if (next === -1) {
        if (this.nodes === this.firstChild.length) this.grow();
        next = this.nodes++;
        this.char[next] = c;
        this.firstChild[next] = -1;
        this.depth[next] = i + 1;
        if (node === 0) {
          this.root[c] = next;
          this.nextSibling[next] = -1;
        } else {
          this.nextSibling[next] = this.firstChild[node] ?? -1;
          this.firstChild[node] = next;
          this.setEdge(node, c, next);
        }
      }
      node = next;
    }
    const current = this.best[node] ?? 0;
    // Two patterns can share a capped prefix; keep the longer, which is checked whole when found.
    if (current === 0 || (this.patterns[current - 1]?.length ?? 0) < pattern.length) this.best[node] = index + 1;
  }

  /** Failure links breadth-first; `best` inherits the longest pattern ending in the failure chain. */
  private link(): void {
    const queue = new Int32Array(this.nodes);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < 65536; c++) {
      const k = this.root[c] ?? -1;
      if (k !== -1) {
        this.fail[k] = 0;
        queue[tail++] = k;
      }
    }
    while (head < tail) {
      const node = queue[head++] ?? 0;
      for (let k = this.firstChild[node] ?? -1; k !== -1; k = this.nextSibling[k] ?? -1) {
        const c = this.char[k] ?? 0;
        let f = this.fail[node] ?? 0;
        let target = this.child(f, c);
        while (target === -1 && f !== 0) {
          f = this.fail[f] ?? 0;
          target = this.child(f, c);
        }
        this.fail[k] = target === -1 || target === k ? 0 : target;
        if ((this.best[k] ?? 0) === 0) this.best[k] = this.best[this.fail[k] ?? 0] ?? 0;
        queue[tail++] = k;
      }
    }
  }

  /**
   * Where the patterns occur, overlapping occurrences merged into one span (so a replacement
   * covers every character of every occurrence), in text order.
   */
  find(text: string): Span[] {
    const spans: Span[] = [];
    if (this.patterns.length === 0) return spans;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.child(state, c);
      while (next === -1 && state !== 0) {
        state = this.fail[state] ?? 0;
        next = this.child(state, c);
      }
      state = next === -1 ? 0 : next;
      const b = this.best[state] ?? 0;
      if (b === 0) continue;
      const pattern = this.patterns[b - 1] ?? '';
      // The node's own depth or a shorter suffix: the matched length is the pattern's (capped) length.
      const matched = Math.min(pattern.length, PREFIX);
      const start = i + 1 - matched;
      let end = i + 1;
      if (pattern.length > PREFIX && text.startsWith(pattern, start)) end = start + pattern.length;
      const last = spans.at(-1);
      if (last && start <= last.end) {
        if (start < last.start) {
          last.start = start;
          last.pattern = b - 1;
        }
        if (end > last.end) last.end = end;
      } else spans.push({ start, end, pattern: b - 1 });
    }
    return mergeBackwards(spans);
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

function slot(node: number, c: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) >>> 0;
}

/** A later, longer match can start before earlier spans: fold those into it. */
function mergeBackwards(spans: Span[]): Span[] {
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
