/**
 * The filters Proton adds to Jinja (https://docs.aws.amazon.com/proton/latest/userguide/parameter-filters.html),
 * Jinja2's `truncate` (minijinja has no leeway), and the scanner's own helpers: `__pa_fmt`
 * (print like Python) and `__pa_req` (StrictUndefined: any use of an undefined value fails).
 *
 * A JavaScript exception inside the WASM engine corrupts it, so nothing here throws: a
 * failure is recorded on the current render session and rendering goes on; the session then
 * reports the first failure as the render error.
 */
import { pyStr } from './python-format.ts';

export interface FilterFailure {
  message: string;
  /** Source line, when the failing call knows it. */
  line?: number;
}

/** The render in progress (rendering is synchronous, so one at a time). */
export interface RenderSession {
  failures: FilterFailure[];
}

let current: RenderSession | undefined;

export function withSession<T>(session: RenderSession, fn: () => T): T {
  current = session;
  try {
    return fn();
  } finally {
    current = undefined;
  }
}

/** Marks a multi-line YAML block that `__pa_fmt` re-indents to the column of its `{{`. */
const BLOCK = '\u0003';
/** What a failed call returns so rendering can go on; never part of a valid result. */
export const POISON = '\u0004';

function fail(message: string, line?: number): string {
  current?.failures.push({ message, ...(line ? { line } : {}) });
  return POISON;
}

/** Trailing keyword arguments arrive as a Map. */
function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Map<string, unknown> } {
  const last = args.at(-1);
  if (last instanceof Map) return { positional: args.slice(0, -1), kwargs: last as Map<string, unknown> };
  return { positional: args, kwargs: new Map() };
}

function entriesOf(value: unknown): Array<[string, unknown]> | undefined {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [String(k), v]);
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value);
  return undefined;
}

const SAFE_VALUE = /^[a-zA-Z0-9_-]*$/;
const ARN = /^arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/i;
const POLICY_ARN = /^arn:[a-zA-Z-]+:iam::\d{12}:policy\//;

function illegal(value: string): string {
  return `Illegal character(s) detected in "${value}". Must match regex ^[a-zA-Z0-9_-]*$ or be a valid ARN`;
}

function rawFlag(args: unknown[], kwargs: Map<string, unknown>): boolean {
  const v = kwargs.has('raw') ? kwargs.get('raw') : args[0];
  return v === undefined ? true : Boolean(v);
}

function formattedEnvVars(name: string, shape: (k: string, v: string) => string) {
  return (value: unknown, ...rest: unknown[]): string => {
    const entries = entriesOf(value);
    if (!entries) return fail(`${name} expects a dict (the outputs of a component), got ${value === undefined ? 'an undefined value' : typeof value}`);
    const { positional, kwargs } = splitArgs(rest);
    const raw = rawFlag(positional, kwargs);
    const lines: string[] = [];
    for (const [k, v] of entries) {
      const text = pyStr(v);
      if (!raw && !SAFE_VALUE.test(text)) return fail(illegal(text));
      lines.push(shape(k, text));
    }
    return lines.length === 0 ? '' : BLOCK + lines.join('\n');
  };
}

export const protonFilters: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
  proton_cfn_ecs_task_definition_formatted_env_vars: formattedEnvVars('proton_cfn_ecs_task_definition_formatted_env_vars', (k, v) => `- Name: ${k}\n  Value: ${v}`),
  proton_cfn_lambda_function_formatted_env_vars: formattedEnvVars('proton_cfn_lambda_function_formatted_env_vars', (k, v) => `${k}: ${v}`),
  proton_cfn_iam_policy_arns(value: unknown): string {
    const entries = entriesOf(value);
    if (!entries) return fail(`proton_cfn_iam_policy_arns expects a dict (the outputs of a component), got ${value === undefined ? 'an undefined value' : typeof value}`);
    const arns = entries.map(([, v]) => pyStr(v)).filter((v) => POLICY_ARN.test(v));
    return arns.length === 0 ? '' : BLOCK + arns.map((a) => `- ${a}`).join('\n');
  },
  proton_cfn_sanitize(value: unknown): string {
    if (value === undefined) return fail('proton_cfn_sanitize got an undefined value');
    const text = pyStr(value);
    return SAFE_VALUE.test(text) || ARN.test(text) ? text : fail(illegal(text));
  },
};

/** Jinja2's truncate(s, length=255, killwords=False, end='...', leeway=None), leeway defaulting to 5. */
export function truncate(value: unknown, ...rest: unknown[]): string {
  if (value === undefined) return fail('truncate got an undefined value');
  const { positional, kwargs } = splitArgs(rest);
  const arg = (i: number, name: string, dflt: unknown): unknown => (kwargs.has(name) ? kwargs.get(name) : positional[i] !== undefined ? positional[i] : dflt);
  const s = [...pyStr(value)];
  const length = Number(arg(0, 'length', 255));
  const killwords = Boolean(arg(1, 'killwords', false));
  const end = String(arg(2, 'end', '...'));
  const leeway = Number(arg(3, 'leeway', 5));
  const endLength = [...end].length;
  if (length < endLength) return fail(`expected length >= ${endLength}, got ${length}`);
  if (leeway < 0) return fail(`expected leeway >= 0, got ${leeway}`);
  if (s.length <= length + leeway) return s.join('');
  if (killwords) return s.slice(0, length - endLength).join('') + end;
  const head = s.slice(0, length - endLength).join('');
  const cut = head.lastIndexOf(' ');
  return (cut >= 0 ? head.slice(0, cut) : head) + end;
}

/** Jinja2's int(value, default=0, base=10): a value that does not convert gives the default. */
export function toInt(value: unknown, ...rest: unknown[]): unknown {
  const { positional, kwargs } = splitArgs(rest);
  const dflt = kwargs.has('default') ? kwargs.get('default') : positional[0] !== undefined ? positional[0] : 0;
  const base = Number(kwargs.has('base') ? kwargs.get('base') : positional[1] !== undefined ? positional[1] : 10);
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : dflt;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '');
    const digits = base === 16 ? /^[-+]?(0x)?[0-9a-f]+$/i : base === 8 ? /^[-+]?(0o)?[0-7]+$/i : base === 2 ? /^[-+]?(0b)?[01]+$/i : /^[-+]?\d+$/;
    if (digits.test(s)) return parseInt(s.replace(/^([-+]?)0[xob]/i, '$1'), base);
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Math.trunc(Number(s));
  }
  return dflt;
}

const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' };

/** Python's json.dumps(sort_keys=True) with Jinja2's HTML-safe escapes, as Jinja2's tojson writes it. */
function pyJson(value: unknown, indent: number | undefined, depth: number): string {
  const nl = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const end = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
  const sep = indent === undefined ? ', ' : ',';
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Array.isArray(value) ? undefined : Object.entries(value as object);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${nl}${value.map((v) => pyJson(v, indent, depth + 1)).join(sep + nl)}${end}]`;
  const sorted = [...(entries ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.length === 0 ? '{}' : `{${nl}${sorted.map(([k, v]) => `${pyJson(k, indent, depth + 1)}: ${pyJson(v, indent, depth + 1)}`).join(sep + nl)}${end}}`;
}

export function toJson(value: unknown, indent?: unknown): string {
  return pyJson(value, typeof indent === 'number' ? indent : undefined, 0).replace(/[<>&']/g, (c) => JSON_ESCAPES[c] ?? c);
}

/** Prints an output value as Jinja2 would, re-indenting Proton's YAML blocks to `column`. */
export function paFmt(value: unknown, column: unknown, isNone: unknown, isFloat: unknown): string {
  // None and undefined both arrive as undefined; only an undefined (an `x if c` without else) prints nothing.
  if (value === undefined && isNone !== true) return '';
  // An integral float reaches JavaScript as an integer; Python prints it with '.0'.
  if (isFloat === true && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const text = pyStr(value);
  if (!text.startsWith(BLOCK)) return text;
  const pad = ' '.repeat(typeof column === 'number' ? column : 0);
  return text.slice(1).split('\n').join(`\n${pad}`);
}

/**
 * StrictUndefined for a reference: `defined` is the engine's own `is defined` of the same
 * expression. None arrives as undefined too, which `defined` tells apart.
 */
export function paReq(value: unknown, defined: unknown, text: unknown, line: unknown): unknown {
  if (defined === true) return value === undefined ? null : toPlain(value);
  return fail(`'${String(text)}' is undefined`, typeof line === 'number' ? line : undefined);
}

export const BLOCK_MARK = BLOCK;

/** Dicts reach JavaScript as Maps and must go back as plain objects for the engine to read them. */
function toPlain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  return value === undefined ? null : value;
}
