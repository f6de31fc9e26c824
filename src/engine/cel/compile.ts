/**
 * Compiling CEL once at load: syntax and type errors become load problems naming the field;
 * runtime errors name the field too, so an `error` finding says which expression broke.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { celTypeName, formatCel, type CelValue } from './values.ts';

export type Expected = 'bool' | 'list' | 'map' | 'string' | 'any';

export interface CompiledExpr {
  field: string;
  source: string;
  run(context: Record<string, CelValue>): CelValue;
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
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, message: `invalid CEL: ${summary(checked.error)}` };
  const type = checked.type ?? 'dyn';
  if (expected !== 'any' && !type.startsWith('dyn') && !ACCEPTS[expected](type)) {
    return { ok: false, message: `must be a ${expected} expression, but has type ${type}` };
  }
  return {
    ok: true,
    value: {
      field,
      source,
      run(context) {
        let out: CelValue;
        try {
          out = parsed(context) as CelValue;
        } catch (err) {
          throw new CelRuntimeError(field, summary(err));
        }
        if (expected !== 'any') {
          const t = celTypeName(out);
          if (t !== expected) throw new CelRuntimeError(field, `returned ${t}, expected ${expected}`);
        }
        return out;
      },
    },
  };
}

export interface CompiledTemplate {
  render(context: Record<string, CelValue>): string;
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
  return {
    ok: true,
    value: {
      render: (context) => parts.map((p) => (typeof p === 'string' ? p : formatCel(p.run(context)))).join(''),
    },
  };
}
