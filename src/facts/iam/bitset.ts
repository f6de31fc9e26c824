/**
 * A set of action ids in [0, size). The service reference data holds ~22k actions, and the analysis
 * asks set questions ("does the union of these statements cover every IAM action?") for every
 * role and policy, so sets are word-packed. Most sets name actions of one or a few services,
 * whose ids are contiguous, so a set stores only the window of words between its lowest and
 * highest member: a pattern such as 's3:Get*' costs a few words instead of 700, which keeps the
 * thousands of cached pattern sets small and off the garbage collector's back. Words are int32
 * values in plain arrays: a typed array costs an order of magnitude more to allocate, and most
 * sets here are a word or two.
 */
const EMPTY: readonly number[] = [];

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

export class Bitset {
  /** Words [lo, lo + words.length) of the set; everything outside is zero. */
  private lo = 0;
  private words: number[] = EMPTY as number[];

  constructor(readonly size: number) {}

  private get totalWords(): number {
    return (this.size + 31) >>> 5;
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words = new Array<number>(set.totalWords).fill(-1);
    set.clearTail();
    return set;
  }

  /** An empty set whose window already spans every word: for accumulators that take many unions. */
  static dense(size: number): Bitset {
    const set = new Bitset(size);
    set.words = zeros(set.totalWords);
    return set;
  }

  /** The union of some sets, allocated once over their joint window. */
  static union(size: number, parts: readonly Bitset[]): Bitset {
    const set = new Bitset(size);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as Bitset;
      if (p.words.length === 0) continue;
      if (p.lo < lo) lo = p.lo;
      if (p.lo + p.words.length > hi) hi = p.lo + p.words.length;
    }
    if (lo === Infinity) return set;
    set.cover(lo, hi);
    for (let i = 0; i < parts.length; i++) set.or(parts[i] as Bitset);
    return set;
  }

  /** Indexes of the words holding at least one member, ascending. */
  nonZeroWords(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.words.length; k++) if (this.words[k] !== 0) out.push(this.lo + k);
    return out;
  }

  static of(size: number, ids: Iterable<number>): Bitset {
    const set = new Bitset(size);
    const list = Array.isArray(ids) ? (ids as number[]) : [...ids];
    if (list.length > 0) {
      // One allocation over the whole window rather than one per new word.
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < list.length; i++) {
        const w = (list[i] as number) >>> 5;
        if (w < lo) lo = w;
        if (w > hi) hi = w;
      }
      set.cover(lo, hi + 1);
    }
    for (let i = 0; i < list.length; i++) set.add(list[i] as number);
    return set;
  }

  private word(i: number): number {
    const k = i - this.lo;
    return k >= 0 && k < this.words.length ? (this.words[k] as number) : 0;
  }

  /** Grows the window to cover words [from, to). */
  private cover(from: number, to: number): void {
    if (this.words.length === 0) {
      this.lo = from;
      this.words = zeros(to - from);
      return;
    }
    const hi = this.lo + this.words.length;
    if (from >= this.lo && to <= hi) return;
    const nlo = Math.min(from, this.lo);
    const nhi = Math.max(to, hi);
    const next = zeros(nhi - nlo);
    const off = this.lo - nlo;
    for (let k = 0; k < this.words.length; k++) next[off + k] = this.words[k] as number;
    this.lo = nlo;
    this.words = next;
  }

  add(id: number): void {
    const w = id >>> 5;
    this.cover(w, w + 1);
    const k = w - this.lo;
    this.words[k] = (this.words[k] as number) | (1 << (id & 31));
  }

  has(id: number): boolean {
    return (this.word(id >>> 5) & (1 << (id & 31))) !== 0;
  }

  clone(): Bitset {
    const copy = new Bitset(this.size);
    copy.lo = this.lo;
    copy.words = this.words.length > 0 ? this.words.slice() : (EMPTY as number[]);
    return copy;
  }

  /** In place: this ∪ other. */
  or(other: Bitset): this {
    if (other.words.length === 0) return this;
    this.cover(other.lo, other.lo + other.words.length);
    const off = other.lo - this.lo;
    for (let k = 0; k < other.words.length; k++) this.words[off + k] = (this.words[off + k] as number) | (other.words[k] as number);
    return this;
  }

  /** In place: this ∩ other. */
  and(other: Bitset): this {
    for (let k = 0; k < this.words.length; k++) this.words[k] = (this.words[k] as number) & other.word(this.lo + k);
    return this;
  }

  /** In place: this \ other. */
  andNot(other: Bitset): this {
    for (let k = 0; k < this.words.length; k++) this.words[k] = (this.words[k] as number) & ~other.word(this.lo + k);
    return this;
  }

  /** In place: the complement within [0, size). */
  invert(): this {
    const all = zeros(this.totalWords);
    for (let i = 0; i < all.length; i++) all[i] = ~this.word(i);
    this.lo = 0;
    this.words = all;
    this.clearTail();
    return this;
  }

  isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  /** Optional [from, to) bounds are word indexes: callers that know where `other` lives skip the rest. */
  intersects(other: Bitset, from = 0, to = this.totalWords): boolean {
    const a = Math.max(from, this.lo, other.lo);
    const b = Math.min(to, this.lo + this.words.length, other.lo + other.words.length);
    const mine = this.words;
    const theirs = other.words;
    for (let i = a; i < b; i++) if (((mine[i - this.lo] as number) & (theirs[i - other.lo] as number)) !== 0) return true;
    return false;
  }

  /** Whether every member of `other` is in this set (optionally looking only at words [from, to)). */
  covers(other: Bitset, from = 0, to = this.totalWords): boolean {
    const a = Math.max(from, other.lo);
    const b = Math.min(to, other.lo + other.words.length);
    const theirs = other.words;
    for (let i = a; i < b; i++) if (((theirs[i - other.lo] as number) & ~this.word(i)) !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    // Indexed loops throughout: a for-of allocates an iterator result per word until the JIT removes it.
    for (let k = 0; k < this.words.length; k++) {
      let w = this.words[k] as number;
      while (w !== 0) {
        w &= w - 1;
        n++;
      }
    }
    return n;
  }

  *ids(): IterableIterator<number> {
    for (let k = 0; k < this.words.length; k++) {
      let w = this.words[k] as number;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        yield (this.lo + k) * 32 + bit;
        w &= w - 1;
      }
    }
  }

  private clearTail(): void {
    const total = this.totalWords;
    const extra = total * 32 - this.size;
    const k = total - 1 - this.lo;
    if (extra > 0 && k >= 0 && k < this.words.length) this.words[k] = (this.words[k] as number) & (0xffffffff >>> extra);
  }
}
