/**
 * A CEL expression that reads nothing of the resource but `facts.<key>...` paths (and the rule's
 * options, config and clock) gives the same value wherever those facts are the same values. Across
 * a large estate they often are: untagged resources under the same parents share one frozen
 * tag-facts value, so a tag rule's message is worked out once for all of them instead of once per
 * resource. Only deep-frozen facts are trusted to be the same values (nothing can have changed
 * them), and only a primitive result is reused (an object handed to two findings could be
 * changed through one of them).
 */
import type { AstNode, Vars } from './closure.ts';

/** Variables that are the same for every resource of a rule's walk: part of the memo's key. */
const RULE_CONSTANTS = ['options', 'config', 'now'] as const;
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'filter', 'map']);

/**
 * The first-level facts keys an expression reads, when `facts.<key>` paths, the rule constants and
 * its own comprehension variables are all it reads; undefined otherwise (a bare `facts`, the
 * resource, a forEach item, or a construct this does not know).
 */
export function factsKeysRead(ast: AstNode): string[] | undefined {
  const keys = new Set<string>();
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
        const [obj, key] = n.args as [AstNode, unknown];
        if (typeof key !== 'string') return false;
        if (obj.op === 'id' && obj.args === 'facts' && !bound.has('facts')) {
          keys.add(key);
          return true;
        }
        return walk(obj, bound);
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
  return walk(ast, new Set()) && keys.size > 0 ? [...keys].sort() : undefined;
}

const DEEP_FROZEN = new WeakSet<object>();

/** A primitive, or a frozen object whose members are all deep-frozen (remembered once proven). */
export function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (DEEP_FROZEN.has(value)) return true;
  if (!Object.isFrozen(value) || (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value))) return false;
  for (const v of Object.values(value)) if (!isDeepFrozen(v)) return false;
  DEEP_FROZEN.add(value);
  return true;
}

/** The last key and value of one expression: a walk meets resources sharing facts in runs. */
export class FactsMemo {
  private readonly key: unknown[];
  private value: unknown;
  private valid = false;

  constructor(private readonly factsKeys: readonly string[]) {
    this.key = new Array<unknown>(factsKeys.length + RULE_CONSTANTS.length).fill(undefined);
  }

  /** The value remembered for these variables, or `MISS` (also when the facts are not deep-frozen). */
  get(vars: Vars): unknown {
    if (!this.valid) return MISS;
    const facts = vars.facts as Record<string, unknown> | undefined;
    if (facts === null || typeof facts !== 'object') return MISS;
    const key = this.key;
    let i = 0;
    for (; i < this.factsKeys.length; i++) if (facts[this.factsKeys[i] as string] !== key[i]) return MISS;
    for (const name of RULE_CONSTANTS) if (vars[name] !== key[i++]) return MISS;
    return this.value;
  }

  /** Remembers a primitive value computed from deep-frozen facts; anything else is not remembered. */
  set(vars: Vars, value: unknown): void {
    this.valid = false;
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) return;
    const facts = vars.facts as Record<string, unknown> | undefined;
    if (facts === null || typeof facts !== 'object') return;
    let i = 0;
    for (; i < this.factsKeys.length; i++) {
      const v = Object.hasOwn(facts, this.factsKeys[i] as string) ? facts[this.factsKeys[i] as string] : undefined;
      // Inherited or absent: read as undefined by the key, and an own value must be deep-frozen.
      if (!isDeepFrozen(v)) return;
      this.key[i] = v;
    }
    for (const name of RULE_CONSTANTS) this.key[i++] = vars[name];
    this.value = value;
    this.valid = true;
  }
}

export const MISS: unique symbol = Symbol('miss');
