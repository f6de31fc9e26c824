/**
 * Renders a Jinja template the way Proton does, with minijinja (WASM) under the rewrites of
 * rewrite.ts and the filters of filters.ts. Each render is done twice: plain, and with line
 * markers; the instrumented output with its markers stripped must equal the plain output,
 * otherwise the line map is dropped (file-level locations) and the result says so.
 *
 * minijinja-js warns that a panic corrupts its WASM instance: after any engine fault the
 * module is loaded afresh for the next render.
 */
import { createRequire } from 'node:module';
import { lexJinja } from './lexer.ts';
import { paFmt, paReq, POISON, protonFilters, toInt, toJson, truncate, withSession, type FilterFailure, type RenderSession } from './filters.ts';
import { MARK_CLOSE, MARK_OPEN, rewriteTemplate } from './rewrite.ts';

type MiniJinjaModule = typeof import('minijinja-js');
type Environment = InstanceType<MiniJinjaModule['Environment']>;

const require = createRequire(import.meta.url);
/** Engine instructions per render; real templates use a few thousand. */
export const MAX_FUEL = 20_000_000;
let environment: Environment | undefined;

function freshEnvironment(): Environment {
  const id = require.resolve('minijinja-js');
  delete require.cache[id];
  const mod = require(id) as MiniJinjaModule;
  const env = new mod.Environment();
  env.undefinedBehavior = 'strict';
  env.enablePyCompat();
  env.debug = false;
  // A template that loops for ever (range(10**9)) must fail, not hang the gate.
  env.fuel = MAX_FUEL;
  for (const [name, fn] of Object.entries(protonFilters)) env.addFilter(name, fn);
  // Jinja2's own versions where minijinja's differ: leeway, the default of int, Python's JSON spacing.
  env.addFilter('truncate', truncate);
  env.addFilter('int', toInt);
  env.addFilter('tojson', toJson);
  env.addFilter('__pa_fmt', paFmt);
  env.addGlobal('__pa_req', paReq);
  return env;
}

function engine(): Environment {
  environment ??= freshEnvironment();
  return environment;
}

export interface RenderError {
  message: string;
  /** Source line, when known. */
  line?: number;
  /** 'syntax' for errors found before rendering, 'render' otherwise, 'engine' for an engine fault. */
  kind: 'syntax' | 'render' | 'engine';
}

export interface RenderOutput {
  ok: true;
  text: string;
  /** Source line (1-based) of each rendered line (index 0 = rendered line 1); 0 when unknown. */
  lines: number[];
  /** False when the self-check failed: `lines` is then all zeros (file-level locations only). */
  exact: boolean;
}

export type RenderResult = RenderOutput | { ok: false; error: RenderError };

const ERROR_LINE = /\(in [^)]*?:(\d+)\)/;

function engineError(e: unknown): RenderError {
  const raw = e instanceof Error ? e.message : String(e);
  const first = (raw.split('\n')[0] ?? raw).trim();
  const m = ERROR_LINE.exec(first);
  const message = first.replace(ERROR_LINE, '').trim();
  const fault = e instanceof WebAssembly.RuntimeError || /unreachable|recursive use of an object|already borrowed/.test(raw);
  if (fault) environment = undefined;
  return { message: fault ? `template engine fault: ${message}` : message, ...(m ? { line: Number(m[1]) } : {}), kind: fault ? 'engine' : /syntax error/.test(message) ? 'syntax' : 'render' };
}

function firstFailure(failures: readonly FilterFailure[], output: string | undefined, lines: readonly number[] | undefined): RenderError {
  const f = failures[0] as FilterFailure;
  let line = f.line;
  if (line === undefined && output !== undefined && lines) {
    const at = output.split('\n').findIndex((l) => l.includes(POISON));
    if (at >= 0 && (lines[at] ?? 0) > 0) line = lines[at];
  }
  return { message: f.message, ...(line ? { line } : {}), kind: 'render' };
}

function run(source: string, context: Record<string, unknown>): { text?: string; failures: FilterFailure[]; error?: RenderError } {
  const session: RenderSession = { failures: [] };
  try {
    const text = withSession(session, () => engine().renderStr(source, context));
    return { text, failures: session.failures };
  } catch (e) {
    return { failures: session.failures, error: engineError(e) };
  }
}

/** Strips markers; returns the text and the source line of each of its lines. */
export function stripMarkers(instrumented: string): { text: string; lines: number[] } {
  let text = '';
  const lines: number[] = [];
  let current = 0;
  let lineMark = 0;
  let i = 0;
  while (i < instrumented.length) {
    const c = instrumented[i];
    if (c === MARK_OPEN) {
      const close = instrumented.indexOf(MARK_CLOSE, i);
      if (close > i) {
        const n = Number(instrumented.slice(i + 1, close));
        if (Number.isInteger(n)) {
          current = n;
          if (lineMark === 0) lineMark = n;
          i = close + 1;
          continue;
        }
      }
    }
    if (c === '\n') {
      lines.push(lineMark || current);
      lineMark = 0;
    }
    text += c;
    i++;
  }
  lines.push(lineMark || current);
  return { text, lines };
}

/**
 * Renders `source` with `context`. Errors carry the source line where the engine or the
 * failing reference knows it.
 */
type Prepared = { plain: string; marked: string } | { error: RenderError };
const prepared = new Map<string, Prepared>();

/** The two rewritten sources of a template, once per template (it is rendered with many input sets). */
function prepare(source: string): Prepared {
  let p = prepared.get(source);
  if (!p) {
    if (prepared.size > 500) prepared.clear();
    const lex = lexJinja(source);
    p = lex.error ? { error: { message: lex.error.message, line: lex.error.line, kind: 'syntax' } } : { plain: rewriteTemplate(source, lex, { markers: false }), marked: rewriteTemplate(source, lex, { markers: true }) };
    prepared.set(source, p);
  }
  return p;
}

export function renderJinja(source: string, context: Record<string, unknown>): RenderResult {
  const p = prepare(source);
  if ('error' in p) return { ok: false, error: p.error };
  const plain = run(p.plain, context);
  if (plain.failures.length > 0 && plain.error?.kind !== 'engine') {
    const marked = run(p.marked, context);
    const stripped = marked.text !== undefined ? stripMarkers(marked.text) : undefined;
    return { ok: false, error: firstFailure(plain.failures, stripped?.text, stripped?.lines) };
  }
  if (plain.error || plain.text === undefined) return { ok: false, error: plain.error ?? { message: 'no output', kind: 'engine' } };
  const marked = run(p.marked, context);
  if (marked.text !== undefined && marked.failures.length === 0) {
    const stripped = stripMarkers(marked.text);
    if (stripped.text === plain.text) return { ok: true, text: plain.text, lines: stripped.lines, exact: true };
  }
  return { ok: true, text: plain.text, lines: plain.text.split('\n').map(() => 0), exact: false };
}
