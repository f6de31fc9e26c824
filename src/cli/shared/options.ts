/**
 * The flags commands share, as commander options and as the types their actions receive. Cheap
 * to load: `--help` shows them without loading the collector, the engine or the renderers.
 */
import { Option, type Command } from 'commander';
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RPS } from '../../collect/defaults.ts';
import { SEVERITIES } from '../../model/index.ts';
import { UsageError } from '../../errors.ts';
import { parseInstant } from '../../util/instant.ts';
import { DEFAULT_OUTPUT_NAMES, FORMAT_NAMES } from '../../render/formats.ts';

/** Repeatable string option. */
export function repeat(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function commaList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

// ---------------------------------------------------------------- collection

export interface CollectFlags {
  region?: string[];
  profile?: string;
  endpointUrl?: string;
  concurrency?: string;
  maxAttempts?: string;
  accounts?: string;
  org?: boolean;
  assumeRole?: string;
  externalId?: string;
  maxRps?: string;
  parallelAccounts?: string;
  since?: string;
  lastKnown?: string;
  /** --no-progress sets false. */
  progress?: boolean;
  /** Leave detected secret values in the snapshot (they are replaced by default). */
  keepSecrets?: boolean;
}

export interface CollectCommandFlags extends CollectFlags {
  output?: string;
  redact?: boolean;
  strict?: boolean;
  sign?: string;
}

/** The flags every collecting command takes (audit too). `--strict` is each command's own. */
export function addCollectOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', "region to collect (repeatable, or comma-separated), or 'all' for every enabled region; default: AWS_REGION / profile, else us-east-1", commaList)
    .option('--profile <name>', 'AWS shared-config profile (default: AWS_PROFILE, else the default credential chain)')
    .option('--endpoint-url <url>', 'send every API call here (e.g. the emulator); AWS_ENDPOINT_URL[_<SERVICE>] also work')
    .option('--accounts <file>', 'collect these accounts (one id a line, or a CSV with an id and a name column) through --assume-role')
    .option('--org', 'collect every account of the organisation (Organizations ListAccounts; run from the management account) through --assume-role')
    .option('--assume-role <name>', 'role (name or path/name) to assume in each account other than the calling one')
    .option('--external-id <id>', 'ExternalId to pass when assuming --assume-role')
    .option('--max-rps <n>', `API requests per second per account, region and service, retries included (default ${DEFAULT_MAX_RPS}; none against a loopback endpoint; 0: no limit)`)
    .addOption(new Option('--parallel-accounts <n>', 'accounts collected at once').default(String(DEFAULT_ACCOUNT_CONCURRENCY)))
    .addOption(new Option('--concurrency <n>', 'API requests in flight per account').default(String(DEFAULT_CONCURRENCY)))
    .addOption(new Option('--max-attempts <n>', 'attempts per call, with the SDK adaptive retry').default(String(DEFAULT_MAX_ATTEMPTS)))
    .option('--since <snapshot>', 'incremental: list everything, fetch detail only for what changed since this snapshot (also the last-known records when Proton does not answer) (default: fetch every detail)')
    .option('--last-known <snapshot>', "where Proton does not answer (retired), carry this snapshot's Proton records for the same account and region, marked last-known (default: none)")
    .option('--no-progress', 'no progress display on stderr (default: a bar on a terminal, a line every 5 s elsewhere)')
    .option('--keep-secrets', 'leave secret values found in specs and stack outputs in the snapshot (by default each is replaced by a placeholder and recorded by place, kind and salted hash); the file then holds live credentials (default: replaced)');
}

// ---------------------------------------------------------------- reports

export interface ReportFlags {
  format?: string[];
  output?: string;
  outputDir?: string;
  force?: boolean;
  failOn?: string;
  baseline?: string;
  evidence?: string;
  sign?: string;
  includePassed?: boolean;
  ruleDocsBase?: string;
}

/** Adds the report flags to a command (its action then receives them in its options). */
export function addReportOptions(command: Command): Command {
  return command
    .option('--format <format[:path]>', `report format (${FORMAT_NAMES.join(', ')}), optionally with a file path (parent folders are created); repeatable (default: table on standard output)`, repeat)
    .option('--output <path>', 'file for a single --format (default: standard output)')
    .option('--output-dir <dir>', `write each --format without a path here under its default name (${Object.entries(DEFAULT_OUTPUT_NAMES).map(([f, n]) => `${f}: ${n}`).join(', ')}); with no --format: every file format, and the table on stdout`)
    .option('--fail-on <severity>', `exit 1 when an open failing finding is at or above this severity (${[...SEVERITIES, 'none'].join(', ')}; default: the config's failOn, else high)`)
    .option('--baseline <result.json>', 'an earlier JSON result: only findings new since it fail the gate')
    .option('--evidence <dir>', 'write an evidence bundle (snapshot, every report format, hashed manifest) to this directory')
    .option('--sign <key.pem>', 'sign the evidence manifest with this Ed25519 private key (with --evidence)')
    .option('--force', 'let --evidence write into a folder that is not empty (default: refuse)')
    .option('--include-passed', 'list passing results in the table and HTML report too (default: failures, errors and skips only)')
    .option('--rule-docs-base <url>', "absolute URL of the rule docs, <url><RULE-ID>.md (default: none; Markdown and SARIF then give each rule's title and its first public reference)");
}

// ---------------------------------------------------------------- evaluation

export interface EvaluateFlags extends ReportFlags {
  snapshotPublicKey?: string;
  rules: string[];
  builtin: boolean;
  config?: string;
  now?: string;
  strict?: boolean;
  /** A framework id: run only its mapped rules and report against it alone. */
  compliance?: string;
  /** Earlier results (files or directories) for the trend. */
  history?: string[];
}

/** The rule, config, clock and report flags of every evaluating command. */
export function addEvaluateOptions(cmd: Command): Command {
  cmd
    .option('--rules <dir>', 'extra rule pack directory (repeatable; default: none)', repeat, [])
    .option('--no-builtin', 'do not load the built-in rules (default: loaded)')
    .option('--config <file>', 'config file (default: .proton-audit.yml in the current directory, if present)')
    .option('--now <iso>', 'evaluation clock, ISO 8601 (default: the current time)')
    .option('--strict', 'exit 3 when the collection was incomplete, any coverage gap (default: a gap is reported, and the exit code follows the findings)')
    .option('--snapshot-public-key <pem>', "refuse a snapshot not signed (collect --sign) by this Ed25519 public key (default: the signature, if any, is checked against the key it carries, and the report names that key)")
    .option('--compliance <framework>', 'run only the rules mapped to this framework (e.g. nist-800-53, cis-aws-foundations, soc2, iso-27001, pci-dss) and report against it alone')
    .option('--history <path>', 'earlier JSON results (a file, or a directory of them; repeatable) for a trend of open failing findings in the HTML and Markdown reports', repeat);
  return addReportOptions(cmd);
}

/**
 * The --now clock: an ISO 8601 time with a zone, or the current time. A time without a zone
 * would be read as the machine's local time, so the same run gave other findings under another
 * TZ; an impossible date (2026-02-30) is refused, not rolled over into March.
 */
export function parseNow(value: string | undefined, clock: () => Date = () => new Date()): Date {
  if (value === undefined) return clock();
  const instant = parseInstant(value);
  if (!instant) throw new UsageError(`--now '${value}' is not an ISO 8601 time or names a date or time that does not exist (e.g. 2026-06-01T00:00:00Z)`);
  if (!instant.timed || !instant.zoned) throw new UsageError(`--now '${value}' has no ${instant.timed ? 'zone' : 'time and zone'}: give both, e.g. ${value.slice(0, 10)}T00:00:00Z, so the clock does not depend on the machine's time zone`);
  return new Date(instant.ms);
}

// ---------------------------------------------------------------- rule catalog

export interface CatalogFlags {
  rules: string[];
  config?: string;
  builtin: boolean;
}

export function addCatalogOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'extra rule pack directory (repeatable)', repeat, [])
    .option('--no-builtin', 'leave out the built-in rules')
    .option('--config <file>', 'config file (default: .proton-audit.yml in the current directory, if present)');
}

// ---------------------------------------------------------------- the other commands' own flags

export interface AuditFlags extends CollectFlags, EvaluateFlags {
  demo?: boolean;
  snapshotOut?: string;
}

export interface EvaluateCommandFlags extends EvaluateFlags {
  snapshot: string;
}

export interface ScanCommandFlags extends EvaluateFlags {
  base?: string;
  snapshot?: string;
  bind: string[];
  maxFileSize?: string;
  maxVariations?: string;
}

export interface ImportFlags {
  output?: string;
  keepSecrets?: boolean;
  accountId?: string;
  region?: string;
}

export interface MergeFlags {
  output?: string;
  now?: string;
  sign?: string;
}

export interface DiffFlags {
  format: string;
  output?: string;
}

export interface VerifyFlags {
  publicKey?: string;
  /** --no-signature-check sets false. */
  signatureCheck?: boolean;
  format: string;
}

export interface EmulatorFlags {
  estate: string;
  port?: string;
  throttleEvery?: string;
  tps?: string;
  latency?: string;
  serverErrorEvery?: string;
  dropEvery?: string;
  truncateEvery?: string;
  malformedEvery?: string;
  timeoutEvery?: string;
}
