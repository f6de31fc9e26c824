/** Turns ajv's errors into located problems: one per failing field, with a readable JSON path. */
import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.ts';

export function ajvProblems(file: string, errors: readonly ErrorObject[] | null | undefined, limit = 50): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors ?? []) {
    const location = `$${e.instancePath.split('/').slice(1).map(pointerSegment).join('')}`;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') message = `unknown key '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`;
    else if (e.keyword === 'enum') message = `${message}: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    else if (e.keyword === 'required') message = `missing required field '${String((e.params as { missingProperty?: string }).missingProperty)}'`;
    const key = `${location}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file, location, message });
    if (problems.length >= limit) {
      problems.push({ file, location: '', message: `(further problems not shown; fix these first)` });
      break;
    }
  }
  return problems;
}

function pointerSegment(raw: string): string {
  const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
}
