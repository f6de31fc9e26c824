/**
 * The JSON result (schema version 2, docs/result-format.md) and its JSON Lines form, written a
 * piece at a time: canonical (keys sorted, no insignificant whitespace), so the same result
 * always gives the same bytes, and never one string, so a result of any size can be written.
 */
import type { AuditResult, CatalogRule, Finding, RuleOutcomes } from '../model/index.ts';
import { canonicalize } from '../util/canonical-json.ts';
import { iterateFindings } from '../engine/outcomes.ts';

const compact = (value: unknown): string => JSON.stringify(canonicalize(value));

/** Joins small pieces into chunks of about 64 KB: fewer writes, bounded memory. */
export function* batched(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  let buf: string[] = [];
  let length = 0;
  for (const p of pieces) {
    buf.push(p);
    length += p.length;
    if (length >= size) {
      yield buf.join('');
      buf = [];
      length = 0;
    }
  }
  if (length > 0) yield buf.join('');
}

function* outcomePieces(o: RuleOutcomes): Generator<string> {
  // Keys in sorted order: findings, passed, passedKeyed, rule, skipped (and anything added later).
  const keys = Object.keys(o).sort();
  yield '{';
  let first = true;
  for (const key of keys) {
    const value = (o as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'findings' && Array.isArray(value)) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield (i ? ',' : '') + compact(value[i]);
      yield ']';
    } else if (key === 'passed' && Array.isArray(value)) {
      yield JSON.stringify(value);
    } else {
      yield compact(value);
    }
  }
  yield '}';
}

/** `--format json`: the result as canonical JSON, in chunks. */
export function jsonChunks(result: AuditResult): Generator<string> {
  return batched(resultPiecesStreamed(result));
}

function* resultPiecesStreamed(result: AuditResult): Generator<string> {
  yield '{';
  let first = true;
  for (const key of Object.keys(result).sort()) {
    const value = (result as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'outcomes') {
      yield '[';
      for (let i = 0; i < result.outcomes.length; i++) {
        if (i) yield ',';
        yield* outcomePieces(result.outcomes[i] as RuleOutcomes);
      }
      yield ']';
    } else if (Array.isArray(value)) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield (i ? ',' : '') + compact(value[i]);
      yield ']';
    } else {
      yield compact(value);
    }
  }
  yield '}\n';
}

/** A finding's JSON Lines record: everything but what its rule's line carries. */
function findingLine(f: Finding): string {
  const { title: _title, remediation: _remediation, ...rest } = f;
  return `${compact({ line: 'finding', ...rest })}\n`;
}

function ruleLine(r: CatalogRule): string {
  return `${compact({ line: 'rule', ...r })}\n`;
}

function* jsonlPieces(result: AuditResult): Generator<string> {
  const { resources: _resources, outcomes: _outcomes, rules, ...head } = result;
  yield `${compact({ line: 'result', ...head })}\n`;
  for (const r of rules) yield ruleLine(r);
  for (const f of iterateFindings(result)) yield findingLine(f);
}

/** `--format jsonl`: a result line, one line per rule, one line per finding in the contract order. */
export function jsonlChunks(result: AuditResult): Generator<string> {
  return batched(jsonlPieces(result));
}
