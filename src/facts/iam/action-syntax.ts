/**
 * Action strings that can never match: the PDF guide's 'cloudformation>DeleteStack', a missing
 * colon, stray characters, or a service prefix that is one or two letters away from a real one.
 * An unknown prefix far from every known one is left alone: it may be a service newer than the data.
 */
import { iamIndex, isIamDataLoaded } from './actions.ts';

/** Why an Action/NotAction string cannot be valid syntax, or undefined. Needs no service data. */
export function actionSyntaxProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (/^\*+$/.test(value)) return undefined;
  if (value.includes('>')) return "'>' instead of ':' between service and action";
  if (/\s/.test(value)) return 'contains whitespace';
  const parts = value.split(':');
  if (parts.length === 1) return "missing ':' between service and action";
  if (parts.length > 2) return "more than one ':'";
  const [service = '', action = ''] = parts;
  if (service === '') return 'empty service prefix';
  if (action === '') return 'empty action name';
  if (!/^[A-Za-z0-9*?-]+$/.test(service)) return `invalid characters in service prefix "${service}"`;
  if (!/^[A-Za-z0-9*?_-]+$/.test(action)) return `invalid characters in action name "${action}"`;
  return undefined;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

const typoCache = new Map<string, string | undefined>();

/** The known service a prefix is most likely a typo of, when it is not itself known. */
export function likelyServiceTypo(service: string): string | undefined {
  if (!isIamDataLoaded() || /[*?]/.test(service)) return undefined;
  const lower = service.toLowerCase();
  if (typoCache.has(lower)) return typoCache.get(lower);
  const guess = closestService(lower);
  typoCache.set(lower, guess);
  return guess;
}

function closestService(lower: string): string | undefined {
  const { services } = iamIndex();
  if (services.has(lower) || lower.length < 4) return undefined;
  // Short prefixes sit close to many real ones; allow two edits only for longer names.
  const limit = lower.length >= 8 ? 2 : 1;
  let best: { key: string; d: number } | undefined;
  for (const key of services.keys()) {
    const d = editDistance(lower, key, limit);
    if (d <= limit && (!best || d < best.d || (d === best.d && key < best.key))) best = { key, d };
  }
  return best?.key;
}

const problemCache = new Map<string, string | undefined>();

/** Syntax problems, plus a typo'd service prefix when the service data is loaded. */
export function actionProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !isIamDataLoaded()) return uncachedProblem(value);
  const cached = problemCache.get(value);
  if (cached !== undefined || problemCache.has(value)) return cached;
  const problem = uncachedProblem(value);
  if (problemCache.size >= 50_000) problemCache.clear();
  problemCache.set(value, problem);
  return problem;
}

function uncachedProblem(value: unknown): string | undefined {
  const syntax = actionSyntaxProblem(value);
  if (syntax || typeof value !== 'string' || /^\*+$/.test(value)) return syntax;
  const service = value.split(':')[0] ?? '';
  const typo = likelyServiceTypo(service);
  return typo ? `unknown service prefix "${service}" (did you mean "${typo}"?)` : undefined;
}
