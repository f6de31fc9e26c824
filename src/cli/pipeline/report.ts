/**
 * The report step of `evaluate` and `audit`: the report flags (cli/options.ts) become a plan,
 * checked before any slow work (prepareReports, loadReportInputs); `emitReports` applies the
 * baseline, renders and writes every format and the evidence bundle, and returns the gate's exit
 * code for the command to hand to setExit.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SEVERITIES, type AuditResult, type Severity } from '../../model/index.ts';
import { OutputError, UsageError } from '../../errors.ts';
import { readBaseline } from '../../diff/load.ts';
import { loadSigningKey, writeEvidence } from '../../evidence/write.ts';
import type { EvidenceWritten } from '../../evidence/write.ts';
import { exitCodeFor, applyBaseline, type BaselineFailures } from '../../engine/gate.ts';
import { DEFAULT_OUTPUT_NAMES, FORMAT_NAMES, type FormatName } from '../../render/formats.ts';
import { renderChunks, type ComplianceInputs, type RenderContext } from '../../render/index.ts';
import type { CliIo } from '../shared/io.ts';
import type { ReportFlags } from '../shared/options.ts';
import { InputGuard, writeChunksAtomic } from '../../util/atomic-file.ts';
import { describeWriteError } from '../../util/fs-errors.ts';

export interface ReportPlan {
  specs: OutputSpec[];
  /** undefined: the caller's default (config failOn) applies. */
  failOn?: Severity | 'none';
  baseline?: string;
  evidence?: { dir: string; signKeyPath?: string; force: boolean };
  includePassed: boolean;
  /** --sign: the evidence manifest and, for `audit`, the snapshot. */
  signKeyPath?: string;
  /** The run's input files: no output may replace one. Filled by prepareEvaluation. */
  guard?: InputGuard;
  ruleDocsBase?: string;
  /** The --baseline result's failing findings, once loadReportInputs has read it. */
  baselineResult?: BaselineFailures;
  /** Frameworks and earlier runs for the compliance view and trend (set by the evaluation step). */
  compliance?: ComplianceInputs;
}

export interface OutputSpec {
  format: FormatName;
  /** Absent: standard output. */
  path?: string;
}

export interface OutputIo {
  /**
   * Writes the chunks to a file as they come (atomically: a temporary file beside it, renamed over
   * it once complete); returns the file's sha256 and size.
   */
  writeChunks(path: string, chunks: Iterable<string>, format: FormatName): Promise<{ sha256: string; bytes: number }>;
  stdout: { write(chunk: string): unknown };
}

export interface WrittenOutput {
  format: FormatName;
  path?: string;
  sha256: string;
  bytes: number;
}

function isFormat(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The formats `--output-dir` writes when no --format is given: every file format, the table on stdout. */
const OUTPUT_DIR_DEFAULT = ['table:-', 'json', 'sarif', 'html', 'markdown'];

/**
 * `--format` values (repeatable, `fmt` or `fmt:path`, `-` for stdout) plus `--output` for the
 * single-format case, or `--output-dir` (a format without a path is written there under its
 * default name, DEFAULT_OUTPUT_NAMES; with no --format, every file format and the table on
 * stdout). At most one output may go to stdout; no path may be written twice.
 */
export function parseFormatSpecs(specs: readonly string[], output?: string, outputDir?: string): OutputSpec[] {
  const parsed: OutputSpec[] = [];
  if (outputDir !== undefined) {
    if (outputDir.trim() === '') throw new UsageError('--output-dir: the folder is empty');
    if (output !== undefined) throw new UsageError('--output and --output-dir are alternatives: give one');
  }
  const raw = specs.length === 0 ? (outputDir !== undefined ? OUTPUT_DIR_DEFAULT : ['table']) : specs;
  for (const spec of raw) {
    const colon = spec.indexOf(':');
    const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
    if (!isFormat(name)) throw new UsageError(`unknown format '${name}' in --format ${spec}; use one of ${FORMAT_NAMES.join(', ')}, optionally as <format>:<path>`);
    if (colon < 0) {
      parsed.push(outputDir !== undefined ? { format: name, path: join(outputDir, DEFAULT_OUTPUT_NAMES[name]) } : { format: name });
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
    if (seen.has(resolve(p.path))) throw new UsageError(`two formats would write ${p.path}`);
    seen.add(resolve(p.path));
  }
  return parsed;
}

/** Renders every spec and writes it chunk by chunk; returns each output's sha256 (for logs and evidence). */
export async function writeOutputs(result: AuditResult, specs: readonly OutputSpec[], ctx: RenderContext, io: OutputIo): Promise<WrittenOutput[]> {
  const written: WrittenOutput[] = [];
  for (const spec of specs) {
    // Colour is for a terminal; a file gets plain text whatever the terminal is.
    const chunks = renderChunks(spec.format, result, spec.path === undefined ? ctx : { ...ctx, color: false });
    if (spec.path !== undefined) {
      const { sha256, bytes } = await io.writeChunks(spec.path, chunks, spec.format);
      written.push({ format: spec.format, path: spec.path, sha256, bytes });
      continue;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for (const chunk of chunks) {
      hash.update(chunk);
      bytes += Buffer.byteLength(chunk, 'utf8');
      io.stdout.write(chunk);
    }
    written.push({ format: spec.format, sha256: hash.digest('hex'), bytes });
  }
  return written;
}


export function parseFailOn(value: string | undefined): Severity | 'none' | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new UsageError(`--fail-on '${value}' is not one of ${[...SEVERITIES, 'none'].join(', ')}`);
}

/** Validates the flags; throws UsageError before the audit runs. */
export function prepareReports(flags: ReportFlags, opts: { signWithoutEvidence?: boolean } = {}): ReportPlan {
  const specs = parseFormatSpecs(flags.format ?? [], flags.output, flags.outputDir);
  if (flags.sign !== undefined && flags.evidence === undefined && !opts.signWithoutEvidence) throw new UsageError('--sign signs an evidence bundle; add --evidence <dir>');
  if (flags.evidence !== undefined && flags.evidence.trim() === '') throw new UsageError('--evidence: the directory is empty');
  const plan: ReportPlan = { specs, includePassed: flags.includePassed === true };
  const failOn = parseFailOn(flags.failOn);
  if (failOn !== undefined) plan.failOn = failOn;
  if (flags.baseline !== undefined) plan.baseline = flags.baseline;
  if (flags.force && flags.evidence === undefined) throw new UsageError('--force lets --evidence write into a folder that is not empty; add --evidence <dir>');
  if (flags.evidence !== undefined) plan.evidence = { dir: flags.evidence, force: flags.force === true, ...(flags.sign === undefined ? {} : { signKeyPath: flags.sign }) };
  if (flags.sign !== undefined) plan.signKeyPath = flags.sign;
  if (flags.ruleDocsBase !== undefined) {
    // A report is read away from the repository (a PR comment, an artifact): a relative link breaks there.
    if (!/^https?:\/\/[^\s]+$/i.test(flags.ruleDocsBase)) throw new UsageError(`--rule-docs-base ${flags.ruleDocsBase}: give an absolute http(s) URL, e.g. https://github.com/<org>/<repo>/blob/<ref>/docs/rules/`);
    plan.ruleDocsBase = flags.ruleDocsBase;
  }
  return plan;
}

/**
 * Reads the files the reports need besides the result (the baseline, the signing key), so a bad
 * one fails the command before a collection that may take minutes, not after it.
 */
export async function loadReportInputs(plan: ReportPlan): Promise<void> {
  if (plan.baseline !== undefined) plan.baselineResult = await readBaseline(plan.baseline);
  if (plan.signKeyPath !== undefined) await loadSigningKey(plan.signKeyPath);
}

/**
 * Checks, before the audit runs, that no output would replace one of the run's inputs and that an
 * evidence folder is empty (or --force was given), so a mistake costs no collection time.
 */
export async function checkOutputs(plan: ReportPlan, guard: InputGuard): Promise<void> {
  plan.guard = guard;
  for (const spec of plan.specs) if (spec.path !== undefined) await guard.check(spec.path, `--format ${spec.format}:${spec.path}`);
  if (!plan.evidence) return;
  const { dir, force } = plan.evidence;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') return;
    throw new OutputError(`--evidence ${dir}: ${code === 'ENOTDIR' ? 'is a file, not a folder' : describeWriteError(code)}`);
  }
  if (entries.length > 0 && !force) {
    throw new OutputError(`--evidence ${dir}: the folder is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); use a new folder, or --force to write the bundle into it`);
  }
  for (const name of entries) await guard.check(join(dir, name), `--evidence ${dir}`);
}

export interface EvidenceSource {
  snapshotPath?: string;
  snapshotBytes?: Uint8Array | string;
  configPath?: string;
  /** Defaults to every catalog rule's file and hash. */
  ruleFiles?: Array<{ path: string; sha256: string }>;
}

export interface Emitted {
  /** The result as reported (with `baseline` filled when --baseline was given). */
  result: AuditResult;
  written: WrittenOutput[];
  evidence?: EvidenceWritten;
  exitCode: 0 | 1;
}

/** Files written atomically (parent folders made as needed, inputs never replaced); standard output to the CLI's stdout. */
export function outputIo(io: CliIo, guard?: InputGuard): OutputIo {
  return {
    writeChunks: (path, chunks, format) => writeChunksAtomic(path, chunks, { label: `--format ${format}:${path}`, ...(guard ? { guard } : {}) }),
    stdout: io.stdout,
  };
}

/** Colour for a terminal that wants it: a TTY, NO_COLOR unset (https://no-color.org). */
export function terminalContext(io: CliIo): Pick<RenderContext, 'color' | 'width'> {
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  return io.stdout.columns ? { color, width: io.stdout.columns } : { color };
}

export async function emitReports(result: AuditResult, plan: ReportPlan, source: EvidenceSource, defaultFailOn: Severity | 'none', io: CliIo, out: OutputIo = outputIo(io, plan.guard)): Promise<Emitted> {
  let reported = result;
  const baseline = plan.baselineResult ?? (plan.baseline === undefined ? undefined : await readBaseline(plan.baseline));
  if (baseline) reported = applyBaseline(result, baseline);
  const failOn = plan.failOn ?? defaultFailOn;
  const ctx: RenderContext = {
    ...terminalContext(io),
    includePassed: plan.includePassed,
    failOn,
    ...(plan.ruleDocsBase === undefined ? {} : { ruleDocsBase: plan.ruleDocsBase }),
    ...(plan.compliance ? { compliance: plan.compliance } : {}),
  };
  const written = await writeOutputs(reported, plan.specs, ctx, out);
  let evidence: EvidenceWritten | undefined;
  if (plan.evidence) {
    evidence = await writeEvidence(plan.evidence.dir, {
      ...source,
      result: reported,
      ruleFiles: source.ruleFiles ?? reported.rules.map((r) => ({ path: `${r.pack}/${r.file}`, sha256: r.sha256 })),
      includePassed: plan.includePassed,
      failOn,
      ...(plan.guard ? { guard: plan.guard } : {}),
      ...(plan.evidence.signKeyPath === undefined ? {} : { signKeyPath: plan.evidence.signKeyPath }),
      ...(plan.ruleDocsBase === undefined ? {} : { ruleDocsBase: plan.ruleDocsBase }),
      ...(plan.compliance ? { compliance: plan.compliance } : {}),
    });
  }
  const exitCode = exitCodeFor(reported, failOn);
  return evidence ? { result: reported, written, evidence, exitCode } : { result: reported, written, exitCode };
}
