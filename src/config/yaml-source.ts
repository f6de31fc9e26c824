/**
 * YAML files read with positions kept, so every problem can name the field and its line. Used
 * for the config, rule files and case files alike.
 */
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Problem } from '../errors.ts';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  value: unknown;
  /** 'field.path[2].key (line N)' for a path into the document. */
  locate(path: readonly PathSegment[]): string;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; problems: Problem[] };

export function parseYaml(file: string, text: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          file,
          location: pos ? `line ${pos.line}, column ${pos.col}` : '',
          message: `invalid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.code}`,
        };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    // yaml throws (not reports) for an alias whose anchor is missing or too many alias expansions.
    return { ok: false, problems: [{ file, location: '', message: `invalid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }] };
  }
  return { ok: true, source: { file, value, locate: (path) => locate(doc, lineCounter, path) } };
}

function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[]): string {
  const field = formatPath(path);
  // The deepest node that exists: a missing key is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line } = lines.linePos(range[0]);
      return field ? `${field} (line ${line})` : `line ${line}`;
    }
  }
  return field;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** ajv errors as located problems in a YAML source, one per failing field. */
export function yamlSchemaProblems(source: YamlSource, errors: readonly ErrorObject[] | null | undefined, prefix: readonly PathSegment[] = []): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors ?? []) {
    const path: PathSegment[] = [...prefix, ...e.instancePath.split('/').slice(1).map(decodeSegment)];
    let message = e.message ?? 'is invalid';
    const params = e.params as Record<string, unknown>;
    const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
    if (e.keyword === 'propertyNames') continue;
    if (propertyName !== undefined) {
      // An error about a key's name, not its value: point at the key.
      path.push(propertyName);
      message = `'${propertyName}' is not a valid key here: ${e.keyword === 'enum' ? `must be one of ${((params.allowedValues as unknown[] | undefined) ?? []).map((v) => JSON.stringify(v)).join(', ')}` : message}`;
    } else if (e.keyword === 'additionalProperties') {
      path.push(String(params.additionalProperty));
      message = `unknown key '${String(params.additionalProperty)}'`;
    } else if (e.keyword === 'required') {
      path.push(String(params.missingProperty));
      message = 'missing required field';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${((params.allowedValues as unknown[] | undefined) ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      continue;
    }
    const location = source.locate(path);
    const key = `${location}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file: source.file, location, message });
  }
  return problems;
}

function decodeSegment(raw: string): PathSegment {
  const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(seg) ? Number(seg) : seg;
}
