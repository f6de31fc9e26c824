/**
 * Renderers: AuditResult (and its rule catalog) to table, JSON, SARIF, HTML or Markdown; the
 * `--format fmt[:path]` parser; writing several outputs at once; and the CI exit code.
 * Renderers are pure functions of their input, so the same result gives the same bytes.
 */
import { SEVERITIES, type AuditResult, type Severity } from '../model/index.ts';
import { UsageError } from '../errors.ts';
import { gateFindings } from '../diff/baseline.ts';
import { canonicalJson, sha256Hex } from '../util/canonical-json.ts';
import { renderHtml } from './html.ts';
import type { EvidenceSummary } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { severityRank } from './order.ts';
import { renderSarif } from './sarif.ts';
import { renderTable } from './table.ts';

export type { EvidenceSummary } from './html.ts';

export const FORMAT_NAMES = ['table', 'json', 'sarif', 'html', 'markdown'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export interface RenderContext {
  /** ANSI colour in the table; the CLI sets it for a TTY without NO_COLOR. Never used for files. */
  color: boolean;
  /** List passing results in table and HTML (JSON always has them). */
  includePassed?: boolean;
  /** Base of rule docs links: repo-relative ('docs/rules/') or absolute (then also SARIF helpUri). */
  ruleDocsBase?: string;
  /** Table width in columns (default 120, so files are stable). */
  width?: number;
  /** How many findings table (default 500) and Markdown (default 20) list before summarising. */
  limit?: number;
  /** Shown in the HTML report when it is part of an evidence bundle. */
  evidence?: EvidenceSummary;
  /** SARIF caps below GitHub's (tests). */
  sarif?: { maxResults?: number; maxGzippedBytes?: number };
}

export interface OutputSpec {
  format: FormatName;
  /** Absent: standard output. */
  path?: string;
}

export interface OutputIo {
  writeFile(path: string, data: string): Promise<void>;
  stdout: { write(chunk: string): unknown };
}

export interface WrittenOutput {
  format: FormatName;
  path?: string;
  sha256: string;
  bytes: number;
}

function docsBase(base: string | undefined): string | undefined {
  if (base === undefined || base === '') return undefined;
  return base.endsWith('/') ? base : `${base}/`;
}

export function render(format: FormatName, result: AuditResult, ctx: RenderContext): string {
  const ruleDocsBase = docsBase(ctx.ruleDocsBase);
  switch (format) {
    case 'table':
      return renderTable(result, { color: ctx.color, width: ctx.width, limit: ctx.limit, includePassed: ctx.includePassed });
    case 'json':
      return canonicalJson(result);
    case 'sarif':
      return renderSarif(result, { ruleDocsBase, ...ctx.sarif });
    case 'html':
      return renderHtml(result, { includePassed: ctx.includePassed, ruleDocsBase, evidence: ctx.evidence });
    case 'markdown':
      return renderMarkdown(result, { limit: ctx.limit, ruleDocsBase });
  }
}

function isFormat(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/**
 * `--format` values (repeatable, `fmt` or `fmt:path`, `-` for stdout) plus `--output` for the
 * single-format case. At most one output may go to stdout; no path may be written twice.
 */
export function parseFormatSpecs(specs: readonly string[], output?: string): OutputSpec[] {
  const parsed: OutputSpec[] = [];
  const raw = specs.length === 0 ? ['table'] : specs;
  for (const spec of raw) {
    const colon = spec.indexOf(':');
    const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
    if (!isFormat(name)) throw new UsageError(`unknown format '${name}' in --format ${spec}; use one of ${FORMAT_NAMES.join(', ')}, optionally as <format>:<path>`);
    if (colon < 0) {
      parsed.push({ format: name });
      continue;
    }
    const path = spec.slice(colon + 1);
    if (path.trim() === '') throw new UsageError(`--format ${spec}: the path after ':' is empty`);
    parsed.push(path === '-' ? { format: name } : { format: name, path });
  }
  if (output !== undefined) {
    if (output.trim() === '') throw new UsageError('--output: the path is empty');
    if (parsed.length !== 1) throw new UsageError('--output names the file of a single --format; with several formats give each its path, e.g. --format sarif:out.sarif');
    const only = parsed[0] as OutputSpec;
    if (only.path !== undefined) throw new UsageError(`--output ${output} conflicts with --format ${only.format}:${only.path}; give the path once`);
    if (output !== '-') only.path = output;
  }
  const toStdout = parsed.filter((p) => p.path === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`${toStdout.map((p) => p.format).join(' and ')} would both go to standard output; give all but one a path, e.g. --format ${toStdout[1]?.format}:report.${toStdout[1]?.format}`);
  }
  const seen = new Set<string>();
  for (const p of parsed) {
    if (p.path === undefined) continue;
    if (seen.has(p.path)) throw new UsageError(`two formats would write ${p.path}`);
    seen.add(p.path);
  }
  return parsed;
}

/** Renders every spec and writes it; returns each output's sha256 (for logs and evidence). */
export async function writeOutputs(result: AuditResult, specs: readonly OutputSpec[], ctx: RenderContext, io: OutputIo): Promise<WrittenOutput[]> {
  const written: WrittenOutput[] = [];
  for (const spec of specs) {
    // Colour is for a terminal; a file gets plain text whatever the terminal is.
    const text = render(spec.format, result, spec.path === undefined ? ctx : { ...ctx, color: false });
    if (spec.path === undefined) io.stdout.write(text);
    else await io.writeFile(spec.path, text);
    const bytes = Buffer.byteLength(text, 'utf8');
    written.push(spec.path === undefined ? { format: spec.format, sha256: sha256Hex(text), bytes } : { format: spec.format, path: spec.path, sha256: sha256Hex(text), bytes });
  }
  return written;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/**
 * 0 when no gate finding (open failure; only new ones under a baseline) is at or above
 * `failOn`; 1 otherwise. Rule errors and skips never fail the gate; they are reported.
 */
export function exitCodeFor(result: AuditResult, failOn: Severity): 0 | 1 {
  const threshold = severityRank(failOn);
  return gateFindings(result).some((f) => severityRank(f.severity) <= threshold) ? 1 : 0;
}
