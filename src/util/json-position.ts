/**
 * Turns JSON.parse's error into a line:column location, so a corrupt file is reported where it
 * breaks instead of as an offset nobody can find.
 */
import { terminalSafe } from './text.ts';

export interface ParsedJson {
  ok: true;
  value: unknown;
}
export interface JsonSyntaxProblem {
  ok: false;
  location: string;
  message: string;
}

export function parseJsonWithLocation(text: string): ParsedJson | JsonSyntaxProblem {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    if (!m) {
      const located = text.trim() === '' ? 'line 1' : (locateJsonError(text) ?? 'end of file');
      return { ok: false, location: located, message: cleanJsonMessage(message) };
    }
    const offset = Number(m[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, location: `line ${line}, column ${column}`, message: cleanJsonMessage(message) };
  }
}

function cleanJsonMessage(message: string): string {
  // V8 appends the position or quotes a fragment of the input; keep the reason only, on one line
  // and free of control characters, since the fragment is the file's own (untrusted) text.
  const reason = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return `invalid JSON: ${terminalSafe(reason)}`;
}

/**
 * Where the first bad character is, for the V8 messages that carry no position (e.g. `{"a": [}`):
 * the shortest prefix that fails for a reason other than ending early ends at it.
 */
export function locateJsonError(text: string): string | undefined {
  const breaksBefore = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A failure at the very end of the prefix only means the prefix was cut short.
      const at = /position (\d+)/.exec(message);
      if (at) return Number(at[1]) < k;
      return !/end of (JSON )?input/i.test(message);
    }
  };
  if (!breaksBefore(text.length)) return undefined;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaksBefore(mid)) hi = mid;
    else lo = mid + 1;
  }
  // `lo` is the shortest failing prefix: its last character is the first bad one.
  const before = text.slice(0, Math.max(0, lo - 1));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}
