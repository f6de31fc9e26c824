/**
 * Reads the files `diff` and `--baseline` compare: an audit result or a snapshot, told apart by
 * content rather than by name. Every problem comes back as an InputError naming file and place.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import schema from '../../schemas/result.schema.json' with { type: 'json' };
import type { AuditResult, Snapshot } from '../model/index.ts';
import { InputError } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { describeFsError, parseSnapshot } from '../snapshot/io.ts';
import { sha256Hex } from '../util/canonical-json.ts';
import { parseJsonWithLocation } from '../util/json-position.ts';
import { once } from '../util/once.ts';
import { ajvProblems } from '../util/schema-problems.ts';

const resultValidator = once(() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile<AuditResult>(schema);
});

export type Comparable =
  | { kind: 'result'; file: string; sha256: string; value: AuditResult }
  | { kind: 'snapshot'; file: string; sha256: string; value: Snapshot };

/** Validates a parsed value against schemas/result.schema.json. */
export function resultProblems(file: string, value: unknown): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ file, location: '$', message: 'an audit result is a JSON object' }];
  const version = (value as Record<string, unknown>).schemaVersion;
  if (version !== 1) {
    return [{ file, location: '$.schemaVersion', message: `${version === undefined ? 'no schemaVersion' : `schemaVersion ${JSON.stringify(version)}`}; this proton-audit reads result schemaVersion 1` }];
  }
  const validateResult = resultValidator();
  return validateResult(value) ? [] : ajvProblems(file, validateResult.errors);
}

/** A parsed value as an audit result, or an InputError naming every problem. */
function resultFromValue(file: string, value: unknown): AuditResult {
  // A snapshot is the likeliest wrong file; say so instead of listing every missing field.
  if (detectKind(value) === 'snapshot') {
    throw new InputError(`cannot use audit result ${file}`, [{ file, location: '$', message: 'this is a snapshot, not an audit result; write a result with --format json:<path> and pass that' }]);
  }
  const problems = resultProblems(file, value);
  if (problems.length) throw new InputError(`cannot use audit result ${file}`, problems);
  return value as AuditResult;
}

export function parseResult(file: string, text: string): AuditResult {
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) throw new InputError(`cannot read audit result ${file}`, [{ file, location: parsed.location, message: parsed.message }]);
  return resultFromValue(file, parsed.value);
}

async function readBytes(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot read ${what} ${path}`, [{ file: path, location: '', message: describeFsError(code) }]);
  }
}

export async function readResult(path: string): Promise<{ result: AuditResult; sha256: string }> {
  const bytes = await readBytes(path, 'audit result');
  return { result: parseResult(path, bytes.toString('utf8')), sha256: sha256Hex(bytes) };
}

/** A result has findings and a summary; a snapshot has accounts and a collection record. */
export function detectKind(value: unknown): 'result' | 'snapshot' | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if ('findings' in v || 'summary' in v) return 'result';
  if ('accounts' in v && ('collection' in v || 'collectedAt' in v)) return 'snapshot';
  return undefined;
}

export async function readComparable(path: string): Promise<Comparable> {
  const bytes = await readBytes(path, 'file');
  const text = bytes.toString('utf8');
  const parsed = parseJsonWithLocation(text);
  if (!parsed.ok) throw new InputError(`cannot read ${path}`, [{ file: path, location: parsed.location, message: parsed.message }]);
  const kind = detectKind(parsed.value);
  const sha256 = sha256Hex(bytes);
  if (kind === 'result') return { kind, file: path, sha256, value: resultFromValue(path, parsed.value) };
  if (kind === 'snapshot') return { kind, file: path, sha256, value: parseSnapshot(path, text) };
  throw new InputError(`cannot compare ${path}`, [
    { file: path, location: '$', message: 'neither an audit result (findings, summary) nor a snapshot (accounts, collection); diff compares two of the same kind' },
  ]);
}
