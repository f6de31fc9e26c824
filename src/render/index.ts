/**
 * Renderers: AuditResult (and its rule catalog) to table, JSON, SARIF, HTML, Markdown, and the
 * CSV and OCSF hand-offs. Each is a pure function of its input, so the same result gives the same
 * bytes; parsing --format and writing files is the CLI's (cli/pipeline/report.ts).
 */
import type { AuditResult, Severity } from '../model/index.ts';
import { complianceSection, outcomeRecords, type ComplianceInputs } from './compliance-view.ts';
import { csvLines } from './csv.ts';
import { batched, jsonChunks, jsonlChunks } from './json.ts';
import { renderHtmlChunks } from './html.ts';
import { ocsfJsonLines } from './ocsf.ts';
import type { EvidenceSummary } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif } from './sarif.ts';
import { renderTable } from './table.ts';

export type { EvidenceSummary } from './html.ts';
export type { ComplianceInputs } from './compliance-view.ts';

export { FORMAT_NAMES, type FormatName } from './formats.ts';
import type { FormatName } from './formats.ts';

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
  /** The gate's threshold, so a report's headline says whether the gate passed (Markdown). */
  failOn?: Severity | 'none';
  /** SARIF caps below GitHub's (tests). */
  sarif?: { maxResults?: number; maxGzippedBytes?: number };
  /**
   * Frameworks to report against and earlier runs for the trend: JSON gains a `compliance`
   * section, HTML and Markdown a compliance view (and a trend with history), CSV a compliance
   * column, OCSF unmapped.compliance.
   */
  compliance?: ComplianceInputs;
}

function docsBase(base: string | undefined): string | undefined {
  if (base === undefined || base === '') return undefined;
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * A report as a sequence of text chunks: the caller (cli/pipeline) writes them as they come, so
 * no report of a large result has to be one string. Pure: the same result gives the same chunks.
 */
export function renderChunks(format: FormatName, result: AuditResult, ctx: RenderContext): Iterable<string> {
  const ruleDocsBase = docsBase(ctx.ruleDocsBase);
  const frameworks = ctx.compliance?.frameworks?.length ? ctx.compliance.frameworks : undefined;
  switch (format) {
    case 'table':
      return [renderTable(result, { color: ctx.color, width: ctx.width, limit: ctx.limit, includePassed: ctx.includePassed })];
    case 'json':
      return jsonChunks(frameworks ? { ...result, compliance: complianceSection(result, frameworks) } : result);
    case 'jsonl':
      return jsonlChunks(frameworks ? { ...result, compliance: complianceSection(result, frameworks) } : result);
    case 'sarif':
      return [renderSarif(result, { ruleDocsBase, ...ctx.sarif })];
    case 'html':
      return renderHtmlChunks(result, { includePassed: ctx.includePassed, ruleDocsBase, evidence: ctx.evidence, compliance: ctx.compliance });
    case 'markdown':
      return [renderMarkdown(result, { limit: ctx.limit, ruleDocsBase, compliance: ctx.compliance, ...(ctx.failOn ? { failOn: ctx.failOn } : {}) })];
    case 'csv':
      // Like the table and HTML: passes only when asked for.
      return batched(csvLines(outcomeRecords(result), result.rules, { ...(frameworks ? { frameworks } : {}), ...(ctx.includePassed ? {} : { statuses: ['fail', 'error', 'skip'] }) }));
    case 'ocsf':
      return batched(ocsfJsonLines(outcomeRecords(result), result.rules, { evaluatedAt: result.evaluatedAt, product: result.tool, ...(frameworks ? { frameworks } : {}) }));
  }
}

/** A report as one string: for small results and tests (a large JSON result is too long for one). */
export function render(format: FormatName, result: AuditResult, ctx: RenderContext): string {
  let out = '';
  for (const chunk of renderChunks(format, result, ctx)) out += chunk;
  return out;
}

