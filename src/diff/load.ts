/**
 * Reads the files `diff` and `--baseline` compare: an audit result or a snapshot, told apart by
 * content rather than by name. Every problem comes back as an InputError naming file and place.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/result.schema.json' with { type: 'json' };
import schemaV1 from '../../schemas/result-v1.schema.json' with { type: 'json' };
import type { AuditResult, AuditResultV1, CatalogRule, Finding, FindingResource, Snapshot } from '../model/index.ts';
import { baselineFailures, type BaselineFailures } from '../engine/gate.ts';
import { fingerprint } from '../engine/findings.ts';
import { resultFromV1 } from '../engine/outcomes.ts';
import { JsonObjectStream, JsonStreamError } from '../util/json-stream.ts';
import { InputError } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { describeFsError, parseSnapshot } from '../snapshot/io.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { once } from '../util/once.ts';
import { ajvProblems } from '../util/schema-problems.ts';

const resultValidator = once(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile<AuditResult>(schema);
});
const resultV1Validator = once(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile<AuditResultV1>(schemaV1);
});

export type Comparable =
  | { kind: 'result'; file: string; sha256: string; value: AuditResult }
  | { kind: 'snapshot'; file: string; sha256: string; value: Snapshot };

/** Validates a parsed value against the result schema of its version (2, or 1 which is still read). */
export function resultProblems(file: string, value: unknown): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ file, location: '$', message: 'an audit result is a JSON object' }];
  const version = (value as Record<string, unknown>).schemaVersion;
  if (version !== 1 && version !== 2) {
    return [{ file, location: '$.schemaVersion', message: `${version === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(version)}`}; this proton-audit reads result schemaVersion 2 (and 1)` }];
  }
  const validate = version === 2 ? resultValidator() : resultV1Validator();
  if (!validate(value)) return ajvProblems(file, validate.errors);
  return version === 2 ? indexProblems(file, value as AuditResult) : [];
}

/** Outcomes name resources by index: each must be in the table, each rule in the catalog. */
function indexProblems(file: string, r: AuditResult): Problem[] {
  const problems: Problem[] = [];
  const n = r.resources.length;
  const bad = (i: number): boolean => i >= n;
  r.outcomes.forEach((o, k) => {
    const at = `$.outcomes[${k}]`;
    if (o.passed.some(bad)) problems.push({ file, location: `${at}.passed`, message: `a resource index is beyond the ${n} resources` });
    if (o.passedKeyed.some(([i]) => bad(i))) problems.push({ file, location: `${at}.passedKeyed`, message: `a resource index is beyond the ${n} resources` });
    o.skipped.forEach((g, j) => {
      if (g.resources.some(bad)) problems.push({ file, location: `${at}.skipped[${j}].resources`, message: `a resource index is beyond the ${n} resources` });
    });
    o.findings.forEach((rec, j) => {
      if (bad(rec.resource)) problems.push({ file, location: `${at}.findings[${j}].resource`, message: `resource index ${rec.resource} is beyond the ${n} resources` });
    });
    if (!r.rules.some((rule) => rule.id === o.rule)) problems.push({ file, location: `${at}.rule`, message: `rule ${o.rule} is not in the catalog ($.rules)` });
  });
  return problems;
}

/** A parsed value as an audit result (v1 converted to v2), or an InputError naming every problem. */
function resultFromValue(file: string, value: unknown): AuditResult {
  // A snapshot is the likeliest wrong file; say so instead of listing every missing field.
  if (detectKind(value) === 'snapshot') {
    throw new InputError(`cannot use audit result ${file}`, [{ file, location: '$', message: 'this is a snapshot, not an audit result; write a result with --format json:<path> and pass that' }]);
  }
  const problems = resultProblems(file, value);
  if (problems.length) throw new InputError(`cannot use audit result ${file}`, problems);
  const v = value as AuditResult | AuditResultV1;
  if (v.schemaVersion === 1) return resultFromV1(v);
  // Fingerprints are derived, never taken from the file.
  for (const o of v.outcomes) for (const rec of o.findings) rec.fingerprint = fingerprint(o.rule, (v.resources[rec.resource] as FindingResource).arn, rec.subKey);
  return v;
}

/** Parses a result held as text (small results, tests). Files are read with readResult, a piece at a time. */
export function parseResult(file: string, text: string): AuditResult {
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) throw new InputError(`cannot read audit result ${file}`, [{ file, location: parsed.location, message: parsed.message }]);
  return resultFromValue(file, parsed.value);
}

function fsProblem(path: string, what: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new InputError(`cannot read ${what} ${path}`, [{ file: path, location: '', message: describeFsError(code) }]);
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw fsProblem(path, what, err);
  }
}

// Pieces of a result read one by one: the large arrays of v2 (and v1's findings).
const STREAMED = new Set(['outcomes', 'resources', 'findings']);
// Below this, a syntax error is located by line and column from the whole text (only then read whole).
const LOCATE_WHOLE_BELOW = 32 * 1024 * 1024;

interface Scanned {
  value: Record<string, unknown>;
  sha256: string;
}

/** Reads a JSON object from a file in chunks: members parsed one by one, streamed arrays element by element. */
async function scanJsonFile(path: string, what: string): Promise<Scanned> {
  const value: Record<string, unknown> = {};
  let location = '';
  const parsePiece = (text: string, at: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      location = at;
      throw err;
    }
  };
  const stream = new JsonObjectStream(STREAMED, {
    member(key, text) {
      value[key] = parsePiece(text, `$.${key}`);
    },
    element(key, index, text) {
      let list = value[key] as unknown[] | undefined;
      if (!list) value[key] = list = [];
      list.push(parsePiece(text, `$.${key}[${index}]`));
    },
  });
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let size = 0;
  try {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        size += chunk.length;
        hash.update(chunk);
        stream.feed(decoder.write(chunk));
      }
      stream.feed(decoder.end());
      stream.end();
    } finally {
      input.destroy();
    }
  } catch (err) {
    if (err instanceof JsonStreamError || err instanceof SyntaxError) {
      if (size < LOCATE_WHOLE_BELOW) {
        const parsed = parseJsonWithLocation(await readFile(path, 'utf8'));
        if (!parsed.ok) throw new InputError(`cannot read ${what} ${path}`, [{ file: path, location: parsed.location, message: parsed.message }]);
      }
      const message = err instanceof JsonStreamError ? `${err.message} (at character ${err.offset + 1})` : 'not valid JSON';
      throw new InputError(`cannot read ${what} ${path}`, [{ file: path, location: location || '$', message }]);
    }
    if ((err as NodeJS.ErrnoException).code !== undefined) throw fsProblem(path, what, err);
    throw err;
  }
  return { value, sha256: hash.digest('hex') };
}

/** JSON Lines (--format jsonl): the first line says `"line":"result"`. */
async function isJsonLines(path: string): Promise<boolean> {
  let head = '';
  try {
    const input = createReadStream(path, { start: 0, end: 1 << 16, encoding: 'utf8' });
    for await (const chunk of input as AsyncIterable<string>) head += chunk;
  } catch {
    return false;
  }
  const nl = head.indexOf('\n');
  if (nl < 0 || nl === head.length - 1) return false;
  try {
    const first = JSON.parse(head.slice(0, nl)) as { line?: unknown };
    return first !== null && typeof first === 'object' && first.line === 'result';
  } catch {
    return false;
  }
}

/** A JSON Lines result, line by line, as a version 2 result. */
async function readJsonLines(path: string): Promise<{ result: AuditResult; sha256: string }> {
  const hash = createHash('sha256');
  let head: Record<string, unknown> | undefined;
  const rules: CatalogRule[] = [];
  const findings: Finding[] = [];
  let lineNo = 0;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  input.on('data', (chunk) => hash.update(chunk as Buffer));
  const lines = createInterface({ input, crlfDelay: Infinity });
  const ruleById = new Map<string, CatalogRule>();
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new InputError(`cannot read audit result ${path}`, [{ file: path, location: `line ${lineNo}`, message: 'not valid JSON' }]);
      }
      const { line: kind, ...rest } = value;
      if (kind === 'result') head = rest;
      else if (kind === 'rule') {
        rules.push(rest as unknown as CatalogRule);
        ruleById.set(String(rest.id), rest as unknown as CatalogRule);
      } else if (kind === 'finding') {
        const rule = ruleById.get(String(rest.ruleId));
        findings.push({ title: rule?.title ?? String(rest.ruleId), remediation: rule?.remediation ?? { text: '' }, ...rest } as unknown as Finding);
      } else throw new InputError(`cannot read audit result ${path}`, [{ file: path, location: `line ${lineNo}`, message: 'each line says "line": "result", "rule" or "finding"' }]);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw fsProblem(path, 'audit result', err);
  }
  if (!head) throw new InputError(`cannot read audit result ${path}`, [{ file: path, location: 'line 1', message: 'no "line": "result" line' }]);
  const v1 = { ...head, schemaVersion: 1, rules, findings } as unknown as AuditResultV1;
  const problems = resultProblems(path, v1);
  if (problems.length) throw new InputError(`cannot use audit result ${path}`, problems);
  const result = resultFromV1(v1);
  const baseline = head.baseline as AuditResult['baseline'];
  if (baseline) result.baseline = baseline;
  return { result, sha256: hash.digest('hex') };
}

/**
 * Reads an audit result file (v2 JSON, JSON Lines, or v1 JSON), a piece at a time: never as one
 * string, so any result the evaluator writes can be read back. sha256 is the file's.
 */
export async function readResult(path: string): Promise<{ result: AuditResult; sha256: string }> {
  if (await isJsonLines(path)) return readJsonLines(path);
  const { value, sha256 } = await scanJsonFile(path, 'audit result');
  return { result: resultFromValue(path, value), sha256 };
}

/** What the gate needs of a baseline file: its failing findings and its sha256. */
export async function readBaseline(path: string): Promise<BaselineFailures> {
  const { result, sha256 } = await readResult(path);
  return baselineFailures(result, sha256);
}

/** A result has outcomes or findings and a summary; a snapshot has accounts and a collection record. */
export function detectKind(value: unknown): 'result' | 'snapshot' | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if ('findings' in v || 'outcomes' in v || 'summary' in v) return 'result';
  if ('accounts' in v && ('collection' in v || 'collectedAt' in v)) return 'snapshot';
  return undefined;
}

export async function readComparable(path: string): Promise<Comparable> {
  if (await isJsonLines(path)) {
    const { result, sha256 } = await readJsonLines(path);
    return { kind: 'result', file: path, sha256, value: result };
  }
  const { value, sha256 } = await scanJsonFile(path, 'file');
  const kind = detectKind(value);
  if (kind === 'result') return { kind, file: path, sha256, value: resultFromValue(path, value) };
  if (kind === 'snapshot') {
    const bytes = await readBytes(path, 'file');
    return { kind, file: path, sha256, value: parseSnapshot(path, bytes.toString('utf8')) };
  }
  throw new InputError(`cannot compare ${path}`, [
    { file: path, location: '$', message: 'neither an audit result (outcomes or findings, summary) nor a snapshot (accounts, collection); diff compares two of the same kind' },
  ]);
}
