/**
 * Compiling CEL once at load: syntax and type errors become load problems naming the field;
 * runtime errors name the field too, so an `error` finding says which expression broke.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { CelBudgetError, compileClosure, resetSteps, type AstNode, type Vars } from './closure.ts';
import { CEL_HELPERS, RE2_MATCHES, RULE_VARIABLES } from './environment.ts';
import { FactsMemo, MISS, factsPathsRead, worthRemembering } from './facts-memo.ts';
import { linearRegexError } from '../../util/linear-regex.ts';
import { celTypeName, formatCel, type CelValue } from './values.ts';

export type Expected = 'bool' | 'list' | 'map' | 'string' | 'any';

/**
 * What an expression is evaluated against: the plain values (for the compiled closure) and, made
 * only when the interpreter has to answer, the same values converted to CEL.
 */
export interface EvalContext {
  plain: Vars;
  cel(): Record<string, CelValue>;
}

export interface CompiledExpr {
  field: string;
  source: string;
  /** Whether a compiled closure runs it (else the interpreter alone). */
  compiled: boolean;
  run(context: EvalContext): CelValue;
  /** run, saying which engine answered (values from the interpreter are CEL values: ints are BigInt). */
  runTagged(context: EvalContext): { value: CelValue; fromInterpreter: boolean };
}

/** Which engine evaluates CEL: the compiled closures (the interpreter where they give up), or the interpreter alone (the reference, for the differential test). */
export type CelEngine = 'compiled' | 'interpreter';
let engine: CelEngine = 'compiled';
export function setCelEngine(next: CelEngine): CelEngine {
  const before = engine;
  engine = next;
  return before;
}

/** Comprehensions nested deeper than this are refused at load. */
export const MAX_COMPREHENSION_NESTING = 4;
/** Iterations a comprehension nest over list literals may reach (the product of their sizes), checked at load. */
export const MAX_LITERAL_ITERATIONS = 1_000_000;
const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x !== null && typeof x === 'object' && typeof (x as AstNode).op === 'string') out.push(x as AstNode);
  };
  visit(node.args);
  return out;
}

/** Renames `matches` calls to the RE2 implementation before the tree is checked. */
function useRe2(node: AstNode): void {
  if ((node.op === 'rcall' || node.op === 'call') && Array.isArray(node.args) && node.args[0] === 'matches') node.args[0] = RE2_MATCHES;
  for (const c of children(node)) useRe2(c);
}

/** Load-time limits: RE2 must take every literal pattern; comprehension nests stay bounded. */
function staticProblems(root: AstNode): string[] {
  const problems: string[] = [];
  const walk = (node: AstNode, depth: number, product: number): void => {
    if (node.op === 'rcall' && Array.isArray(node.args)) {
      const [name, receiver, args] = node.args as [string, AstNode, AstNode[]];
      if (name === RE2_MATCHES) {
        const pattern = args[0];
        if (pattern?.op === 'value' && typeof pattern.args === 'string') {
          const why = linearRegexError(pattern.args)?.message;
          if (why) problems.push(`matches(): ${why} (CEL patterns are RE2: no backreferences or lookaround)`);
        }
      }
      if (MACROS.has(name) && receiver && Array.isArray(args)) {
        const size = receiver.op === 'list' && Array.isArray(receiver.args) ? receiver.args.length : 1;
        const nextDepth = depth + 1;
        const nextProduct = product * Math.max(1, size);
        if (nextDepth > MAX_COMPREHENSION_NESTING) problems.push(`comprehensions are nested ${nextDepth} deep; at most ${MAX_COMPREHENSION_NESTING} are allowed (the CEL cost limit)`);
        else if (nextProduct > MAX_LITERAL_ITERATIONS) problems.push(`nested comprehensions over list literals would take ${nextProduct.toLocaleString('en-US')} iterations; at most ${MAX_LITERAL_ITERATIONS.toLocaleString('en-US')} are allowed (the CEL cost limit)`);
        else {
          walk(receiver, depth, product);
          for (const a of args) walk(a, nextDepth, nextProduct);
        }
        return;
      }
    }
    if ((node.op === 'call') && Array.isArray(node.args) && node.args[0] === RE2_MATCHES) {
      const pattern = (node.args[1] as AstNode[])[1];
      if (pattern?.op === 'value' && typeof pattern.args === 'string') {
        const why = linearRegexError(pattern.args)?.message;
        if (why) problems.push(`matches(): ${why} (CEL patterns are RE2: no backreferences or lookaround)`);
      }
    }
    for (const c of children(node)) walk(c, depth, product);
  };
  walk(root, 0, 1);
  return [...new Set(problems)];
}

export type CompileResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** A CEL failure while a rule ran: the field and the library's summary, no source dump. */
export class CelRuntimeError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

function summary(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { summary?: unknown; message?: unknown; range?: { start?: number } };
    const text = typeof e.summary === 'string' && e.summary ? e.summary : String(e.message ?? err).split('\n')[0];
    const at = typeof e.range?.start === 'number' ? ` (at character ${e.range.start + 1})` : '';
    return `${text}${at}`;
  }
  return String(err);
}

const ACCEPTS: Record<Exclude<Expected, 'any'>, (t: string) => boolean> = {
  bool: (t) => t === 'bool',
  list: (t) => t.startsWith('list'),
  map: (t) => t.startsWith('map'),
  string: (t) => t === 'string',
};

export function compileExpr(env: Environment, field: string, source: string, expected: Expected): CompileResult<CompiledExpr> {
  if (source.trim() === '') return { ok: false, message: 'is empty; expected a CEL expression' };
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(source);
  } catch (err) {
    return { ok: false, message: `invalid CEL: ${summary(err)}` };
  }
  useRe2(parsed.ast as unknown as AstNode);
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, message: `invalid CEL: ${summary(checked.error).replaceAll(RE2_MATCHES, 'matches')}` };
  const limits = staticProblems(parsed.ast as unknown as AstNode);
  if (limits.length > 0) return { ok: false, message: limits.join('; ') };
  const type = checked.type ?? 'dyn';
  if (expected !== 'any' && !type.startsWith('dyn') && !ACCEPTS[expected](type)) {
    return { ok: false, message: `must be a ${expected} expression, but has type ${type}` };
  }
  const closure = compileClosure(parsed.ast as unknown as AstNode, { variables: [...RULE_VARIABLES, ...env.getDefinitions().variables.filter((v) => v.type !== 'type').map((v) => v.name)], helpers: CEL_HELPERS, sortedRootMap: expected === 'map' });
  // An expression of facts alone is worked out once per combination of the deep-frozen facts it reads (facts-memo.ts).
  // (Lists and maps are never reused, so evidence and forEach expressions are not looked up.)
  const ast = parsed.ast as unknown as AstNode;
  const memoKeys = closure && expected !== 'map' && expected !== 'list' && worthRemembering(ast) ? factsPathsRead(ast) : undefined;
  const memo = memoKeys ? new FactsMemo(memoKeys) : undefined;
  const interpret = (context: EvalContext): CelValue => {
    try {
      return parsed(context.cel()) as CelValue;
    } catch (err) {
      throw new CelRuntimeError(field, summary(err).replaceAll(RE2_MATCHES, 'matches'));
    }
  };
  // Which engine answered the last evaluation (read by runTagged right after it): run itself
  // allocates nothing, as it is called for every rule on every resource.
  let lastFromInterpreter = false;
  const evaluate = (context: EvalContext): CelValue => {
    let out: CelValue;
    lastFromInterpreter = false;
    if (closure && engine === 'compiled') {
      if (memo?.useful) {
        const known = memo.get(context.plain);
        if (known !== MISS) return known as CelValue;
      }
      resetSteps();
      try {
        out = closure(context.plain);
      } catch (err) {
        // Over budget: an error outcome. Anything else the closure could not answer: the interpreter does.
        if (err instanceof CelBudgetError) throw new CelRuntimeError(field, err.message);
        out = interpret(context);
        lastFromInterpreter = true;
      }
    } else {
      out = interpret(context);
      lastFromInterpreter = true;
    }
    if (expected !== 'any') {
      const t = celTypeName(out);
      if (t !== expected) throw new CelRuntimeError(field, `returned ${t}, expected ${expected}`);
    }
    if (memo?.useful && !lastFromInterpreter) memo.set(context.plain, out);
    return out;
  };
  return {
    ok: true,
    value: {
      field,
      source,
      compiled: closure !== undefined,
      run: evaluate,
      runTagged(context) {
        const value = evaluate(context);
        return { value, fromInterpreter: lastFromInterpreter };
      },
    },
  };
}

export interface CompiledTemplate {
  render(context: EvalContext): string;
}

const PLACEHOLDER = /\{\{([\s\S]+?)\}\}(?!\})/g;

/** A message with `{{cel}}` placeholders; each placeholder compiled once. */
export function compileTemplate(env: Environment, field: string, text: string): CompileResult<CompiledTemplate> {
  const parts: Array<string | CompiledExpr> = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, m.index));
    const compiled = compileExpr(env, field, m[1] ?? '', 'any');
    if (!compiled.ok) return { ok: false, message: `placeholder {{${(m[1] ?? '').trim()}}}: ${compiled.message}` };
    parts.push(compiled.value);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  // A template without placeholders (most skip reasons) is its text.
  if (parts.length === 1) {
    const constant = parts[0] as string;
    return { ok: true, value: { render: () => constant } };
  }
  return {
    ok: true,
    value: {
      render(context) {
        let out = '';
        for (let i = 0; i < parts.length; i++) {
          const p = parts[i] as string | CompiledExpr;
          out += typeof p === 'string' ? p : formatCel(p.run(context));
        }
        return out;
      },
    },
  };
}
