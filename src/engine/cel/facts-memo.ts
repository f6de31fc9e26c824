/**
 * A CEL expression that reads nothing of the resource but `facts` paths (and the rule's options,
 * config and clock) gives the same value wherever the facts values it reads are the same. Across a
 * large estate they often are: untagged resources share their required keys and empty tag lists,
 * instances of a template version share their version lag, so a tag rule's message is worked out
 * once for all of them instead of once per resource. Only deep-frozen objects are trusted to be
 * the same values (nothing can have changed them), and only a primitive result is reused (an
 * object handed to two findings could be changed through one of them).
 */
import type { AstNode, Vars } from './closure.ts';

/** Variables that are the same for every resource of a rule's walk: part of the memo's key. */
const RULE_CONSTANTS = ['options', 'config', 'now'] as const;
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);
/** Paths are followed this deep into facts (facts.tags.missingRequired); deeper reads key on that value. */
const DEPTH = 2;

/**
 * The facts paths an expression reads (`['tags', 'missingRequired']`, or `['version']` where it
 * reads the whole value), when those paths, the rule constants and its own comprehension variables
 * are all it reads; undefined otherwise (a bare `facts`, the resource, a forEach element, or a
 * construct this does not know).
 */
export function factsPathsRead(ast: AstNode): string[][] | undefined {
  const paths = new Map<string, string[]>();
  const walk = (node: unknown, bound: ReadonlySet<string>): boolean => {
    if (Array.isArray(node)) return node.every((n) => walk(n, bound));
    if (node === null || typeof node !== 'object' || !('op' in node)) return true;
    const n = node as AstNode;
    switch (n.op) {
      case 'value':
        return true;
      case 'id': {
        const name = String(n.args);
        return bound.has(name) || (RULE_CONSTANTS as readonly string[]).includes(name);
      }
      case '.': {
        const keys: string[] = [];
        let base: AstNode = n;
        while (base.op === '.') {
          const [obj, key] = base.args as [AstNode, unknown];
          if (typeof key !== 'string') return false;
          keys.unshift(key);
          base = obj;
        }
        if (base.op === 'id' && base.args === 'facts' && !bound.has('facts')) {
          const path = keys.slice(0, DEPTH);
          paths.set(path.join('\u0000'), path);
          return true;
        }
        return walk(base, bound);
      }
      case 'call': {
        const [name, args] = n.args as [unknown, unknown];
        return typeof name === 'string' && walk(args, bound);
      }
      case 'rcall': {
        const [name, receiver, args] = n.args as [unknown, unknown, unknown];
        if (typeof name !== 'string' || !Array.isArray(args)) return false;
        const first = args[0] as AstNode | undefined;
        if (COMPREHENSIONS.has(name) && first?.op === 'id') {
          const inner = new Set(bound).add(String(first.args));
          return walk(receiver, bound) && walk(args.slice(1), inner);
        }
        return walk(receiver, bound) && walk(args, bound);
      }
      default:
        return walk(n.args, bound);
    }
  };
  if (!walk(ast, new Set()) || paths.size === 0) return undefined;
  // A path read whole covers the paths below it.
  const all = [...paths.values()];
  const kept = all.filter((p) => !all.some((q) => q.length < p.length && q.every((k, i) => p[i] === k)));
  return kept.sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
}

/**
 * Whether an expression costs more than looking it up: a comprehension, a join, or many steps.
 * A plain comparison (`size(facts.tags.missingRequired) == 0`) is cheaper to evaluate again.
 */
export function worthRemembering(ast: AstNode): boolean {
  let nodes = 0;
  let loops = false;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node === null || typeof node !== 'object' || !('op' in node)) return;
    const n = node as AstNode;
    nodes++;
    if (n.op === 'rcall') {
      const [name] = n.args as [unknown];
      if (typeof name === 'string' && (COMPREHENSIONS.has(name) || name === 'join')) loops = true;
    }
    walk(n.args);
  };
  walk(ast);
  return loops || nodes > 24;
}

const DEEP_FROZEN = new WeakSet<object>();

/** A primitive, or a frozen plain object or list whose members are all deep-frozen (remembered once proven). */
export function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (DEEP_FROZEN.has(value)) return true;
  if (!Object.isFrozen(value) || (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value))) return false;
  for (const v of Object.values(value)) if (!isDeepFrozen(v)) return false;
  DEEP_FROZEN.add(value);
  return true;
}

/** What a path reads: own keys only, `NOT_READABLE` where a step is not an object. */
const NOT_READABLE: unique symbol = Symbol('not readable');
function read(facts: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = facts;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return NOT_READABLE;
    v = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

/** One level of the memo: objects weakly (a finished view's facts are not kept), primitives in a bounded map. */
interface Level {
  objects?: WeakMap<object, Level>;
  primitives?: Map<unknown, Level>;
  value?: { v: unknown };
}
const newLevel = (): Level => ({});
const PRIMITIVES_PER_LEVEL = 1024;
/** Values computed before the memo judges whether it is hit often enough to keep looking up. */
const TRIAL = 2000;

/**
 * The values of one expression by the facts values they were computed from, for the rule
 * constants of the current walk. Resources sharing facts are often not next to each other (a walk
 * follows ARN order), so every combination met is kept, not only the last.
 */
export class FactsMemo {
  private root = newLevel();
  private readonly constants: unknown[] = RULE_CONSTANTS.map(() => undefined);
  private readonly scratch: unknown[];
  private hits = 0;
  private sets = 0;

  constructor(private readonly paths: readonly (readonly string[])[]) {
    this.scratch = new Array<unknown>(paths.length).fill(undefined);
  }

  /** The value remembered for these variables, or `MISS`. */
  get(vars: Vars): unknown {
    const facts = vars.facts as Record<string, unknown> | undefined;
    if (facts === null || typeof facts !== 'object') return MISS;
    for (let c = 0; c < RULE_CONSTANTS.length; c++) if (vars[RULE_CONSTANTS[c] as string] !== this.constants[c]) return MISS;
    let level: Level | undefined = this.root;
    for (let i = 0; i < this.paths.length; i++) {
      const v = read(facts, this.paths[i] as readonly string[]);
      if (v === NOT_READABLE) return MISS;
      level = v !== null && typeof v === 'object' ? level.objects?.get(v) : level.primitives?.get(v);
      if (level === undefined) return MISS;
    }
    if (level.value) {
      this.hits++;
      return level.value.v;
    }
    return MISS;
  }

  /**
   * Whether looking up is still worth it: an expression over facts that differ on nearly every
   * resource (a list of the parents' tags, unique per pair of parents) stops being remembered
   * after a trial, so it costs nothing more than before.
   */
  get useful(): boolean {
    return this.sets < TRIAL || this.hits * 4 >= this.sets;
  }

  /** Remembers a primitive value computed from deep-frozen facts values; anything else is not remembered. */
  set(vars: Vars, value: unknown): void {
    this.sets++;
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) return;
    const facts = vars.facts as Record<string, unknown> | undefined;
    if (facts === null || typeof facts !== 'object') return;
    const values = this.scratch;
    for (let i = 0; i < this.paths.length; i++) {
      const v = read(facts, this.paths[i] as readonly string[]);
      // Frozen through and through: nothing can change what the value was computed from.
      if (v === NOT_READABLE || !isDeepFrozen(v)) return;
      values[i] = v;
    }
    let same = true;
    for (let c = 0; c < RULE_CONSTANTS.length; c++) if (vars[RULE_CONSTANTS[c] as string] !== this.constants[c]) same = false;
    if (!same) {
      // Another walk (other options, config or clock): what was remembered does not hold for it.
      this.root = newLevel();
      for (let c = 0; c < RULE_CONSTANTS.length; c++) this.constants[c] = vars[RULE_CONSTANTS[c] as string];
    }
    let level = this.root;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let next = v !== null && typeof v === 'object' ? level.objects?.get(v) : level.primitives?.get(v);
      if (!next) {
        next = newLevel();
        if (v !== null && typeof v === 'object') (level.objects ??= new WeakMap()).set(v, next);
        else {
          level.primitives ??= new Map();
          if (level.primitives.size >= PRIMITIVES_PER_LEVEL) level.primitives.clear();
          level.primitives.set(v, next);
        }
      }
      level = next;
    }
    level.value = { v: value };
    values.fill(undefined);
  }
}

export const MISS: unique symbol = Symbol('miss');
