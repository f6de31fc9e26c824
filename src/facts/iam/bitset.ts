/**
 * A fixed-size set of action ids. The service reference data holds ~22k actions, and the analysis
 * asks set questions ("does the union of these statements cover every IAM action?") for every
 * role and policy, so a word-packed bitset keeps each question to a few hundred word operations.
 */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32));
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    set.clearTail();
    return set;
  }

  static of(size: number, ids: Iterable<number>): Bitset {
    const set = new Bitset(size);
    for (const id of ids) set.add(id);
    return set;
  }

  add(id: number): void {
    const w = id >>> 5;
    this.words[w] = (this.words[w] ?? 0) | (1 << (id & 31));
  }

  has(id: number): boolean {
    return ((this.words[id >>> 5] ?? 0) & (1 << (id & 31))) !== 0;
  }

  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** In place: this ∪ other. */
  or(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] ?? 0) | (other.words[i] ?? 0);
    return this;
  }

  /** In place: this ∩ other. */
  and(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] ?? 0) & (other.words[i] ?? 0);
    return this;
  }

  /** In place: this \ other. */
  andNot(other: Bitset): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = (this.words[i] ?? 0) & ~(other.words[i] ?? 0);
    return this;
  }

  /** In place: the complement within [0, size). */
  invert(): this {
    for (let i = 0; i < this.words.length; i++) this.words[i] = ~(this.words[i] ?? 0);
    this.clearTail();
    return this;
  }

  isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  /** Optional [from, to) bounds are word indexes: callers that know where `other` lives skip the rest. */
  intersects(other: Bitset, from = 0, to = this.words.length): boolean {
    for (let i = from; i < to; i++) if (((this.words[i] ?? 0) & (other.words[i] ?? 0)) !== 0) return true;
    return false;
  }

  /** Whether every member of `other` is in this set (optionally looking only at words [from, to)). */
  covers(other: Bitset, from = 0, to = this.words.length): boolean {
    for (let i = from; i < to; i++) if (((other.words[i] ?? 0) & ~(this.words[i] ?? 0)) !== 0) return false;
    return true;
  }

  count(): number {
    let n = 0;
    for (const word of this.words) {
      let w = word;
      while (w !== 0) {
        w &= w - 1;
        n++;
      }
    }
    return n;
  }

  *ids(): IterableIterator<number> {
    for (let i = 0; i < this.words.length; i++) {
      let w = this.words[i] ?? 0;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        yield i * 32 + bit;
        w &= w - 1;
      }
    }
  }

  private clearTail(): void {
    const extra = this.words.length * 32 - this.size;
    if (extra > 0 && this.words.length > 0) {
      const last = this.words.length - 1;
      this.words[last] = (this.words[last] ?? 0) & (0xffffffff >>> extra);
    }
  }
}
