/**
 * CEL compiled once to JavaScript closures over plain values: the resource view as it is, no
 * conversion to CEL values per resource. The interpreter (@marcbachmann/cel-js) stays the
 * reference: a closure handles the common, exactly-known cases and gives up on anything else —
 * an error, an unusual type, an integer past 2^53, a double that could be taken for an int —
 * by throwing DEOPT, and the caller then asks the interpreter for that one evaluation. A
 * construct the compiler does not know makes the whole expression interpreted. The
 * differential test (test/engine/cel-differential.test.ts) runs both over whole estates.
 *
 * Numbers: CEL ints are JS numbers that are integers, CEL doubles are numbers; where the static
 * type (the checker's) does not say which, an integral number is an int, as toCel makes it.
 */
import { compareCodeUnits } from '../../util/sort-in-place.ts';
import { linearFind } from '../../util/linear-regex.ts';
import { instantMs } from '../../util/instant.ts';

/** Thrown by a closure that cannot give the interpreter's answer with certainty. */
export const DEOPT: unique symbol = Symbol('cel-deopt');

/** Thrown when an evaluation spends more steps than its budget (comprehension iterations). */
export class CelBudgetError extends Error {}

/** Steps one evaluation may take: comprehension iterations, summed over every nesting level. */
export const STEP_BUDGET = 1_000_000;
let steps = 0;

export function resetSteps(): void {
  steps = 0;
}

function step(): void {
  if (++steps > STEP_BUDGET) throw new CelBudgetError(`the expression took more than ${STEP_BUDGET.toLocaleString('en-US')} steps (the per-evaluation CEL cost budget)`);
}

type Kind = 'int' | 'double' | 'dyn' | 'other';
export type Vars = Record<string, unknown>;
type Fn = (vars: Vars) => unknown;
interface Compiled {
  fn: Fn;
  kind: Kind;
}

/** The slice of cel-js's AST node this compiler reads. */
export interface AstNode {
  op: string;
  args: unknown;
  checkedType?: { name?: string };
}

/** Custom functions of the rule environment (environment.ts), called with plain values. */
export type Helpers = Record<string, (...args: unknown[]) => unknown>;

class Unsupported extends Error {}

/**
 * A value put into a list or map loses its static type: a double-typed value that is integral
 * would be read back as an int, so such a value deopts instead.
 */
function keepKind(c: Compiled): Fn {
  if (c.kind !== 'double') return c.fn;
  const f = c.fn;
  return (v) => {
    const x = f(v);
    return typeof x === 'number' && Number.isInteger(x) ? deopt() : x;
  };
}

const deopt = (): never => {
  throw DEOPT;
};

function kindOf(node: AstNode): Kind {
  const name = node.checkedType?.name;
  if (name === 'int') return 'int';
  if (name === 'double') return 'double';
  if (name === 'dyn' || name === undefined) return 'dyn';
  return 'other';
}

function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  // The common case first: a plain object (JSON data, a fact) is a map.
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Object.prototype || proto === null) return true;
  return !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Map) && !(v instanceof Uint8Array);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A value read from the input: absent, or an integer the interpreter would hold exactly as a BigInt past 2^53, is left to the interpreter. */
function read(v: unknown): unknown {
  if (v === undefined) return deopt();
  if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) return deopt();
  return v;
}

function field(obj: unknown, key: string): unknown {
  if (obj !== null && typeof obj === 'object' && Object.getPrototypeOf(obj) === Object.prototype) {
    // A plain object: one lookup. Only Object.prototype's members (functions, __proto__) can be
    // inherited; for those, whether the key is the object's own decides.
    const v = (obj as Record<string, unknown>)[key];
    if (v === undefined) return deopt();
    if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? deopt() : v;
    if (typeof v === 'function' || key === '__proto__') return hasOwn.call(obj, key) ? v : deopt();
    return v;
  }
  if (!isMap(obj) || !hasOwn.call(obj, key)) return deopt();
  return read(obj[key]);
}

/**
 * `field` for one key at one place in an expression: the key is written into the reader's code
 * (`obj.key`), so V8 gives that place its own property cache instead of the one shared, keyed
 * lookup every field read goes through (facts and records of one type share their shape, so the
 * cache stays monomorphic). Only identifier keys (what CEL's field selection allows) are written
 * into code; `__proto__` and anything else use `field`.
 */
function fieldReader(key: string): (obj: unknown) => unknown {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || key === '__proto__') return (obj) => field(obj, key);
  const make = new Function(
    'field',
    'deopt',
    'hasOwn',
    `"use strict"; return function (obj) {
      if (obj !== null && typeof obj === 'object' && Object.getPrototypeOf(obj) === Object.prototype) {
        const v = obj.${key};
        if (v === undefined) return deopt();
        if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? deopt() : v;
        if (typeof v === 'function') return hasOwn.call(obj, ${JSON.stringify(key)}) ? v : deopt();
        return v;
      }
      return field(obj, ${JSON.stringify(key)});
    };`,
  ) as (f: typeof field, d: typeof deopt, h: typeof hasOwn) => (obj: unknown) => unknown;
  return make(field, deopt, hasOwn);
}

function mapKeys(obj: Record<string, unknown>): string[] {
  const out: string[] = [];
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) if (obj[keys[i] as string] !== undefined) out.push(keys[i] as string);
  return out;
}

/** A runtime number's CEL kind under a static kind. */
function numKind(v: number, k: Kind): 'int' | 'double' {
  return k === 'int' ? 'int' : k === 'double' ? 'double' : Number.isInteger(v) ? 'int' : 'double';
}

/** CEL equality on plain values; anything the interpreter might treat otherwise deopts. */
function equals(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  const ta = typeof a;
  if (ta !== typeof b) return deopt();
  if (ta === 'string' || ta === 'boolean') return a === b;
  if (ta === 'number') return a === b;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : deopt();
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i])) return false;
    return true;
  }
  if (isMap(a) && isMap(b)) {
    const ka = mapKeys(a);
    const kb = mapKeys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!hasOwn.call(b, k) || b[k] === undefined || !equals(a[k], b[k])) return false;
    return true;
  }
  return deopt();
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return deopt();
}

function bool(v: unknown): boolean {
  return typeof v === 'boolean' ? v : deopt();
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : deopt();
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : deopt();
}

function safeInt(v: number): number {
  return Number.isSafeInteger(v) ? v : deopt();
}

const INT_LIMIT = 2 ** 50;

/** CEL int arithmetic on two numbers known to be ints; anything inexact deopts. */
function intArith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return safeInt(a + b);
    case '-':
      return safeInt(a - b);
    case '*':
      return safeInt(a * b);
    case '/':
      if (b === 0 || Math.abs(a) > INT_LIMIT || Math.abs(b) > INT_LIMIT) return deopt();
      return Math.trunc(a / b);
    case '%':
      if (b === 0 || Math.abs(a) > INT_LIMIT || Math.abs(b) > INT_LIMIT) return deopt();
      return a % b;
  }
  return deopt();
}

/** CEL double arithmetic (one side, at least, a double). */
function doubleArith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
  return deopt();
}

/** `+` on strings and lists; every other operand type deopts. */
function otherArith(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  return deopt();
}

function size(v: unknown): number {
  if (typeof v === 'string') {
    // Code points, as CEL counts them; only surrogate pairs make that differ from length.
    if (!/[\uD800-\uDFFF]/.test(v)) return v.length;
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return mapKeys(v).length;
  return deopt();
}

/** Elements a comprehension iterates: a list's elements, a map's keys. */
function iterable(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return mapKeys(v);
  return deopt();
}

interface Scope {
  name: string;
  cell: { v: unknown };
  kind: Kind;
  parent: Scope | undefined;
}

function lookup(scope: Scope | undefined, name: string): Scope | undefined {
  for (let s = scope; s; s = s.parent) if (s.name === name) return s;
  return undefined;
}

/**
 * A list literal of literals, made once at compile time and frozen (closures never change a list
 * they are given); undefined when some element must be decided at run time.
 */
function constantList(nodes: readonly AstNode[], items: readonly Fn[]): readonly unknown[] | undefined {
  if (!nodes.every((n) => n.op === 'value')) return undefined;
  try {
    return Object.freeze(items.map((f) => f({})));
  } catch (err) {
    if (err === DEOPT) return undefined;
    throw err;
  }
}

/** A map literal's keys when all are distinct constant strings: sorted, with the entry each comes from. */
function sortedConstantKeys(entries: ReadonlyArray<readonly [AstNode, AstNode]>): { keys: string[]; order: number[] } | undefined {
  const keys: string[] = [];
  for (const [k] of entries) {
    if (k.op !== 'value' || typeof k.args !== 'string' || k.args === '__proto__' || keys.includes(k.args)) return undefined;
    keys.push(k.args);
  }
  const order = keys.map((_, i) => i).sort((a, b) => compareCodeUnits(keys[a] as string, keys[b] as string));
  return { keys: order.map((i) => keys[i] as string), order };
}

/** Reads a rule variable: a named load for the fixed ones (monomorphic), a keyed one for a forEach item. */
function variableReader(name: string): Fn {
  switch (name) {
    case 'resource':
      return (v) => read(v.resource);
    case 'facts':
      return (v) => read(v.facts);
    case 'options':
      return (v) => read(v.options);
    case 'config':
      return (v) => read(v.config);
    case 'now':
      return (v) => read(v.now);
    default:
      return (v) => read(v[name]);
  }
}

export interface ClosureOptions {
  /** The rule's variables (resource, facts, options, config, now, and the forEach item). */
  variables: readonly string[];
  helpers: Helpers;
  /**
   * The expression's value is only read as JSON with sorted keys (evidence): a map literal at its
   * root may be built in key order. Elsewhere a map keeps its insertion order, which a
   * comprehension over it or a message rendering it can observe.
   */
  sortedRootMap?: boolean;
}

/**
 * Compiles a checked cel-js AST; undefined when some construct is not compiled (the expression
 * then runs in the interpreter). The closure reads plain values from `vars`.
 */
export function compileClosure(ast: AstNode, opts: ClosureOptions): Fn | undefined {
  try {
    return new Compiler(opts, ast).compile(ast, undefined).fn;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class Compiler {
  constructor(
    private readonly opts: ClosureOptions,
    private readonly root: AstNode,
  ) {}

  compile(node: AstNode, scope: Scope | undefined): Compiled {
    const kind = kindOf(node);
    switch (node.op) {
      case 'value':
        return this.literal(node.args);
      case 'id':
        return this.identifier(String(node.args), scope, kind);
      case '.': {
        // A chain a.b.c is one closure over its keys (fewer calls per evaluation than one per key).
        const keys: string[] = [];
        let base: AstNode = node;
        while (base.op === '.') {
          const [objNode, key] = base.args as [AstNode, string];
          keys.unshift(key);
          base = objNode;
        }
        const obj = this.compile(base, scope).fn;
        const readers = keys.map(fieldReader);
        const [r0, r1, r2] = readers as [(o: unknown) => unknown, ((o: unknown) => unknown) | undefined, ((o: unknown) => unknown) | undefined];
        if (r1 === undefined) return { fn: (v) => r0(obj(v)), kind };
        if (r2 === undefined) return { fn: (v) => r1(r0(obj(v))), kind };
        return {
          fn: (v) => {
            let o = obj(v);
            for (let i = 0; i < readers.length; i++) o = (readers[i] as (o: unknown) => unknown)(o);
            return o;
          },
          kind,
        };
      }
      case '[]': {
        const [objNode, indexNode] = node.args as [AstNode, AstNode];
        const obj = this.compile(objNode, scope).fn;
        const index = this.compile(indexNode, scope).fn;
        return {
          fn: (v) => {
            const o = obj(v);
            const i = index(v);
            if (Array.isArray(o)) {
              if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= o.length) return deopt();
              return read(o[i]);
            }
            if (typeof i === 'string') return field(o, i);
            return deopt();
          },
          kind,
        };
      }
      case '!_': {
        const arg = this.compile(node.args as AstNode, scope).fn;
        return { fn: (v) => !bool(arg(v)), kind: 'other' };
      }
      case '-_': {
        const arg = this.compile(node.args as AstNode, scope);
        const k = arg.kind;
        return {
          fn: (v) => {
            const x = arg.fn(v);
            if (typeof x !== 'number') return deopt();
            // -0.0 is a double the interpreter keeps; an int 0 negates to 0.
            return numKind(x, k) === 'int' ? safeInt(x === 0 ? 0 : -x) : k === 'double' ? -x : deopt();
          },
          kind: k,
        };
      }
      case '&&':
      case '||': {
        const [l, r] = (node.args as AstNode[]).map((a) => this.compile(a, scope).fn) as [Fn, Fn];
        return node.op === '&&' ? { fn: (v) => bool(l(v)) && bool(r(v)), kind: 'other' } : { fn: (v) => bool(l(v)) || bool(r(v)), kind: 'other' };
      }
      case '?:': {
        const [c, a, b] = (node.args as AstNode[]).map((x) => this.compile(x, scope));
        const cf = (c as Compiled).fn;
        const af = (a as Compiled).fn;
        const bf = (b as Compiled).fn;
        const k = (a as Compiled).kind === (b as Compiled).kind ? (a as Compiled).kind : kind;
        return { fn: (v) => (bool(cf(v)) ? af(v) : bf(v)), kind: k };
      }
      case '==':
      case '!=': {
        const [l, r] = (node.args as AstNode[]).map((a) => this.compile(a, scope).fn) as [Fn, Fn];
        return node.op === '==' ? { fn: (v) => equals(l(v), r(v)), kind: 'other' } : { fn: (v) => !equals(l(v), r(v)), kind: 'other' };
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const [l, r] = (node.args as AstNode[]).map((a) => this.compile(a, scope).fn) as [Fn, Fn];
        switch (node.op) {
          case '<':
            return { fn: (v) => compare(l(v), r(v)) < 0, kind: 'other' };
          case '<=':
            return { fn: (v) => compare(l(v), r(v)) <= 0, kind: 'other' };
          case '>':
            return { fn: (v) => compare(l(v), r(v)) > 0, kind: 'other' };
          default:
            return { fn: (v) => compare(l(v), r(v)) >= 0, kind: 'other' };
        }
      }
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        const [l, r] = (node.args as AstNode[]).map((a) => this.compile(a, scope)) as [Compiled, Compiled];
        const op = node.op;
        const lf = l.fn;
        const rf = r.fn;
        const lk = l.kind;
        const rk = r.kind;
        const staticDouble = kind === 'double';
        return {
          fn: (v) => {
            const a = lf(v);
            const b = rf(v);
            if (typeof a !== 'number' || typeof b !== 'number') return otherArith(op, a, b);
            if (numKind(a, lk) === 'int' && numKind(b, rk) === 'int') return intArith(op, a, b);
            const out = doubleArith(op, a, b);
            // A double that happens to be integral would read as an int downstream unless its
            // type is known statically: let the interpreter answer then.
            return !staticDouble && Number.isInteger(out) ? deopt() : out;
          },
          kind,
        };
      }
      case 'in': {
        const [l, r] = (node.args as AstNode[]).map((a) => this.compile(a, scope).fn) as [Fn, Fn];
        // `x in ["A", "B"]`: for a string x, CEL equality with strings is ===; anything else takes the general path.
        const listNode = (node.args as AstNode[])[1] as AstNode;
        const strings = listNode.op === 'list' && (listNode.args as AstNode[]).every((a) => a.op === 'value' && typeof a.args === 'string') ? new Set((listNode.args as AstNode[]).map((a) => a.args as string)) : undefined;
        if (strings) {
          const general = (x: unknown, c: unknown[]): boolean => {
            for (let i = 0; i < c.length; i++) if (equals(x, c[i])) return true;
            return false;
          };
          return {
            fn: (v) => {
              const x = l(v);
              return typeof x === 'string' ? strings.has(x) : general(x, r(v) as unknown[]);
            },
            kind: 'other',
          };
        }
        return {
          fn: (v) => {
            const x = l(v);
            const c = r(v);
            if (Array.isArray(c)) {
              for (let i = 0; i < c.length; i++) if (equals(x, c[i])) return true;
              return false;
            }
            if (isMap(c)) return typeof x === 'string' ? hasOwn.call(c, x) && c[x] !== undefined : deopt();
            return deopt();
          },
          kind: 'other',
        };
      }
      case 'list': {
        const items = (node.args as AstNode[]).map((a) => keepKind(this.compile(a, scope)));
        const constant = constantList(node.args as AstNode[], items);
        if (constant) return { fn: () => constant, kind: 'other' };
        return { fn: (v) => items.map((f) => f(v)), kind: 'other' };
      }
      case 'map': {
        const entries = (node.args as Array<[AstNode, AstNode]>).map(([k, val]) => [this.compile(k, scope).fn, keepKind(this.compile(val, scope))] as const);
        const sorted = this.opts.sortedRootMap === true && node === this.root ? sortedConstantKeys(node.args as Array<[AstNode, AstNode]>) : undefined;
        if (sorted) {
          // Constant keys (evidence maps): the object is built with its keys in sorted order, as the
          // result writer wants them, so it is not sorted and copied again per finding. Values are
          // still evaluated in source order (the first error is the one the interpreter reports).
          const values = entries.map(([, val]) => val);
          const { keys, order } = sorted;
          // One scratch list per literal: an expression's closure is never re-entered while it runs.
          const got: unknown[] = new Array<unknown>(values.length).fill(undefined);
          return {
            fn: (v) => {
              for (let i = 0; i < values.length; i++) got[i] = (values[i] as Fn)(v);
              const out: Record<string, unknown> = {};
              for (let i = 0; i < keys.length; i++) out[keys[i] as string] = got[order[i] as number];
              return out;
            },
            kind: 'other',
          };
        }
        return {
          fn: (v) => {
            const out: Record<string, unknown> = {};
            for (const [k, val] of entries) {
              const key = k(v);
              // A "__proto__" key would set the object's prototype: the interpreter's Map keeps it as a key.
              if (typeof key !== 'string' || key === '__proto__' || hasOwn.call(out, key)) return deopt();
              out[key] = val(v);
            }
            return out;
          },
          kind: 'other',
        };
      }
      case 'call':
        return this.call(node, scope, kind);
      case 'rcall':
        return this.receiverCall(node, scope, kind);
      default:
        throw new Unsupported(node.op);
    }
  }

  private literal(value: unknown): Compiled {
    if (typeof value === 'bigint') {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new Unsupported('int literal beyond 2^53');
      return { fn: () => n, kind: 'int' };
    }
    if (typeof value === 'number') {
      // A double literal with an integral value would read as an int: only the interpreter knows.
      return { fn: () => value, kind: 'double' };
    }
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return { fn: () => value, kind: 'other' };
    throw new Unsupported('literal');
  }

  private identifier(name: string, scope: Scope | undefined, kind: Kind): Compiled {
    const bound = lookup(scope, name);
    if (bound) {
      const cell = bound.cell;
      return { fn: () => read(cell.v), kind: bound.kind === 'dyn' ? kind : bound.kind };
    }
    if (!this.opts.variables.includes(name)) throw new Unsupported(`identifier ${name}`);
    return { fn: variableReader(name), kind };
  }

  private args(nodes: unknown, scope: Scope | undefined): Compiled[] {
    return (nodes as AstNode[]).map((a) => this.compile(a, scope));
  }

  private call(node: AstNode, scope: Scope | undefined, kind: Kind): Compiled {
    const [name, argNodes] = node.args as [string, AstNode[]];
    if (name === 'has') return this.has(argNodes[0] as AstNode, scope);
    const args = this.args(argNodes, scope);
    const fns = args.map((a) => a.fn);
    const [a0, a1] = fns;
    switch (name) {
      case 'size':
        if (args.length === 1 && a0) return { fn: (v) => size(a0(v)), kind: 'int' };
        break;
      case 'dyn':
        if (args.length === 1 && args[0]) return args[0];
        break;
      case 'int':
        if (args.length === 1 && a0) {
          const k = (args[0] as Compiled).kind;
          return {
            fn: (v) => {
              const x = a0(v);
              if (typeof x !== 'number') return deopt();
              return Number.isFinite(x) ? safeInt(numKind(x, k) === 'int' ? x : Math.trunc(x) === 0 ? 0 : Math.trunc(x)) : deopt();
            },
            kind: 'int',
          };
        }
        break;
      case 'double':
        if (args.length === 1 && a0) {
          return {
            fn: (v) => {
              const x = a0(v);
              return typeof x === 'number' ? x : deopt();
            },
            kind: 'double',
          };
        }
        break;
      case 'string':
        if (args.length === 1 && a0) {
          const k = (args[0] as Compiled).kind;
          return {
            fn: (v) => {
              const x = a0(v);
              if (typeof x === 'string') return x;
              if (typeof x === 'boolean') return `${x}`;
              if (typeof x === 'number' && numKind(x, k) === 'int' && Number.isSafeInteger(x)) return `${x}`;
              return deopt();
            },
            kind: 'other',
          };
        }
        break;
      case 'timestamp':
        if (args.length === 1 && a0) {
          return {
            fn: (v) => {
              const x = a0(v);
              if (typeof x !== 'string' || x.length < 20 || x.length > 30) return deopt();
              // Read as the interpreter reads it (strict ISO 8601, no local time); anything else deopts.
              const t = instantMs(x);
              return t <= 253402300799999 && t >= -62135596800000 ? new Date(t) : deopt();
            },
            kind: 'other',
          };
        }
        break;
      case 'matches':
      case 're2Matches':
        if (args.length === 2 && a0 && a1) return { fn: (v) => linearFind(str(a1(v)), str(a0(v))), kind: 'other' };
        break;
      default: {
        const helper = this.opts.helpers[name];
        if (helper) {
          return {
            fn: (v) => {
              const out = helper(...fns.map((f) => f(v)));
              return typeof out === 'bigint' ? safeInt(Number(out)) : out;
            },
            kind: kind === 'dyn' ? 'dyn' : kind,
          };
        }
      }
    }
    throw new Unsupported(`function ${name}`);
  }

  private has(target: AstNode, scope: Scope | undefined): Compiled {
    if (target.op !== '.') throw new Unsupported('has() of a non-select');
    const [objNode, key] = target.args as [AstNode, string];
    const obj = this.compile(objNode, scope).fn;
    return {
      fn: (v) => {
        const o = obj(v);
        if (o !== null && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype) {
          // A plain object holds an inherited key only as a function or __proto__.
          const x = (o as Record<string, unknown>)[key];
          return x === undefined ? false : typeof x === 'function' || key === '__proto__' ? hasOwn.call(o, key) : true;
        }
        return isMap(o) ? hasOwn.call(o, key) && o[key] !== undefined : deopt();
      },
      kind: 'other',
    };
  }

  private receiverCall(node: AstNode, scope: Scope | undefined, kind: Kind): Compiled {
    const [name, receiverNode, argNodes] = node.args as [string, AstNode, AstNode[]];
    switch (name) {
      case 'all':
      case 'exists':
      case 'exists_one':
      case 'filter':
      case 'map':
        return this.comprehension(name, receiverNode, argNodes, scope);
    }
    const receiver = this.compile(receiverNode, scope).fn;
    const args = this.args(argNodes, scope).map((a) => a.fn);
    const [a0] = args;
    switch (name) {
      case 'size':
        if (args.length === 0) return { fn: (v) => size(receiver(v)), kind: 'int' };
        break;
      case 'contains':
        if (a0) return { fn: (v) => str(receiver(v)).includes(str(a0(v))), kind: 'other' };
        break;
      case 'startsWith':
        if (a0) return { fn: (v) => str(receiver(v)).startsWith(str(a0(v))), kind: 'other' };
        break;
      case 'endsWith':
        if (a0) return { fn: (v) => str(receiver(v)).endsWith(str(a0(v))), kind: 'other' };
        break;
      case 'lowerAscii':
        if (args.length === 0) return { fn: (v) => str(receiver(v)).toLowerCase(), kind: 'other' };
        break;
      case 'upperAscii':
        if (args.length === 0) return { fn: (v) => str(receiver(v)).toUpperCase(), kind: 'other' };
        break;
      case 'matches':
      case 're2Matches':
        if (a0) return { fn: (v) => linearFind(str(a0(v)), str(receiver(v))), kind: 'other' };
        break;
      case 'split':
        if (args.length === 1 && a0) return { fn: (v) => str(receiver(v)).split(str(a0(v))), kind: 'other' };
        break;
      case 'join':
        if (args.length <= 1) {
          return {
            fn: (v) => {
              const items = list(receiver(v));
              for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return deopt();
              return items.join(a0 ? str(a0(v)) : '');
            },
            kind: 'other',
          };
        }
        break;
    }
    void kind;
    throw new Unsupported(`method ${name}`);
  }

  private comprehension(name: string, receiverNode: AstNode, argNodes: AstNode[], scope: Scope | undefined): Compiled {
    const receiver = this.compile(receiverNode, scope).fn;
    const varNode = argNodes[0] as AstNode;
    if (varNode.op !== 'id') throw new Unsupported('comprehension variable');
    const cell = { v: undefined as unknown };
    const inner: Scope = { name: String(varNode.args), cell, kind: kindOf(varNode), parent: scope };
    const rest = argNodes.slice(1).map((a) => this.compile(a, inner));
    const p = rest[0]?.fn;
    // What map() collects loses its static type: keep it only where it cannot be mistaken.
    const t = rest[1] ? keepKind(rest[1]) : undefined;
    const mapped = rest.length === 1 && rest[0] ? keepKind(rest[0]) : undefined;
    if (!p) throw new Unsupported('comprehension body');
    // Each macro is its own loop (no callback per evaluation); the variable's cell is restored
    // however the loop ends, for nested and recursive use.
    const m = mapped;
    switch (name) {
      case 'all':
        return {
          fn: (v) => {
            const items = iterable(receiver(v));
            const saved = cell.v;
            try {
              for (let i = 0; i < items.length; i++) {
                const x = items[i];
                step();
                cell.v = x;
                if (!bool(p(v))) return false;
              }
              return true;
            } finally {
              cell.v = saved;
            }
          },
          kind: 'other',
        };
      case 'exists':
        return {
          fn: (v) => {
            const items = iterable(receiver(v));
            const saved = cell.v;
            try {
              for (let i = 0; i < items.length; i++) {
                const x = items[i];
                step();
                cell.v = x;
                if (bool(p(v))) return true;
              }
              return false;
            } finally {
              cell.v = saved;
            }
          },
          kind: 'other',
        };
      case 'exists_one':
        return {
          fn: (v) => {
            const items = iterable(receiver(v));
            const saved = cell.v;
            let n = 0;
            try {
              for (let i = 0; i < items.length; i++) {
                const x = items[i];
                step();
                cell.v = x;
                if (bool(p(v))) n++;
              }
            } finally {
              cell.v = saved;
            }
            return n === 1;
          },
          kind: 'other',
        };
      case 'filter':
        return {
          fn: (v) => {
            const items = iterable(receiver(v));
            const saved = cell.v;
            const out: unknown[] = [];
            try {
              for (let i = 0; i < items.length; i++) {
                const x = items[i];
                step();
                cell.v = x;
                if (bool(p(v))) out.push(x);
              }
            } finally {
              cell.v = saved;
            }
            return out;
          },
          kind: 'other',
        };
      default:
        // map(x, transform) or map(x, filter, transform)
        return {
          fn: (v) => {
            const items = iterable(receiver(v));
            const saved = cell.v;
            const out: unknown[] = [];
            try {
              for (let i = 0; i < items.length; i++) {
                const x = items[i];
                step();
                cell.v = x;
                if (t) {
                  if (bool(p(v))) out.push(t(v));
                } else out.push((m as Fn)(v));
              }
            } finally {
              cell.v = saved;
            }
            return out;
          },
          kind: 'other',
        };
    }
  }
}
