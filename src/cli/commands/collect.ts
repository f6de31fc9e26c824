/**
 * `proton-audit collect`: live collection into a snapshot (stdout, or --output). The report
 * goes to stderr so stdout stays the snapshot. `addCollectOptions` / `collectOptionsFrom` are
 * shared with commands that collect on the way (audit).
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { collect, DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_MAX_RPS, type CollectOptions } from '../../collect/index.ts';
import { redactSnapshot } from '../../collect/redact.ts';
import { boundedLine } from '../../util/text.ts';
import { describeSnapshot } from '../../collect/summary.ts';
import { parseAccountsFile } from '../../collect/targets.ts';
import { incompleteCoverage } from '../../engine/summary.ts';
import { InputError, UsageError } from '../../errors.ts';
import { describeFsError, parseSnapshot, serializeSnapshot, writeSnapshot } from '../../snapshot/io.ts';
import type { Snapshot } from '../../model/index.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { createProgress } from '../progress.ts';
import type { SetExit } from './index.ts';

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
  /** --no-progress sets false. */
  progress?: boolean;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

function collectRegion(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/** The flags every collecting command takes (audit too). `--strict` is each command's own. */
export function addCollectOptions(cmd: Command): Command {
  return cmd
    .option('--region <region>', "region to collect (repeatable, or comma-separated), or 'all' for every enabled region; default: AWS_REGION / profile, else us-east-1", collectRegion)
    .option('--profile <name>', 'AWS shared-config profile')
    .option('--endpoint-url <url>', 'send every API call here (e.g. the emulator); AWS_ENDPOINT_URL[_<SERVICE>] also work')
    .option('--accounts <file>', 'collect these accounts (one id a line, or a CSV with an id and a name column) through --assume-role')
    .option('--org', 'collect every account of the organisation (Organizations ListAccounts; run from the management account) through --assume-role')
    .option('--assume-role <name>', 'role (name or path/name) to assume in each account other than the calling one')
    .option('--external-id <id>', 'ExternalId to pass when assuming --assume-role')
    .option('--max-rps <n>', `API requests per second per account, region and service, retries included (default ${DEFAULT_MAX_RPS}; none against a loopback endpoint; 0: no limit)`)
    .addOption(new Option('--parallel-accounts <n>', 'accounts collected at once').default(String(DEFAULT_ACCOUNT_CONCURRENCY)))
    .addOption(new Option('--concurrency <n>', 'API requests in flight per account').default('8'))
    .addOption(new Option('--max-attempts <n>', 'attempts per call, with the SDK adaptive retry').default('6'))
    .option('--since <snapshot>', 'incremental: list everything, fetch detail only for what changed since this snapshot')
    .option('--no-progress', 'no progress display on stderr');
}

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) throw new UsageError(`${flag} takes a whole number from 1 to 1000, not '${value}'`);
  return Number(value);
}

function rate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > 10_000) throw new UsageError(`--max-rps takes a number of requests per second from 0 (no limit) to 10000, not '${value}'`);
  return Number(value);
}

function readText(flag: string, path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(`cannot read ${what} ${path}`, [{ file: path, location: '', message: `${flag}: ${describeFsError(code)}` }]);
  }
}

/**
 * Validated CollectOptions from parsed flags. Notes go to `log` (stderr); on a terminal they are
 * printed above the progress bar. Files named by flags (--accounts, --since) are read here, so
 * every input problem surfaces before any API call.
 */
export function collectOptionsFrom(flags: CollectFlags, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): CollectOptions {
  const regions = flags.region ?? [];
  const all = regions.some((r) => r.toLowerCase() === 'all');
  if (all && regions.length > 1) throw new UsageError(`--region all cannot be combined with named regions (${regions.filter((r) => r.toLowerCase() !== 'all').join(', ')})`);
  const bad = all ? [] : regions.filter((r) => !REGION.test(r));
  if (bad.length > 0) throw new UsageError(`--region: not a region name: ${bad.map((b) => JSON.stringify(b)).join(', ')} (e.g. us-east-1, or all)`);
  if (flags.endpointUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(flags.endpointUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(`--endpoint-url: not an http(s) URL: ${JSON.stringify(flags.endpointUrl)}`);
    }
  }
  if (flags.accounts !== undefined && flags.org) throw new UsageError('--accounts and --org are alternatives: give one');
  if ((flags.accounts !== undefined || flags.org) && !flags.assumeRole) {
    throw new UsageError(`${flags.org ? '--org' : '--accounts'} needs --assume-role <role name>: the role each account is read through`);
  }
  if (flags.assumeRole !== undefined && flags.accounts === undefined && !flags.org) throw new UsageError('--assume-role needs --accounts <file> or --org');
  if (flags.assumeRole !== undefined && !ROLE.test(flags.assumeRole)) throw new UsageError(`--assume-role: not a role name or path/name: ${JSON.stringify(flags.assumeRole)}`);
  if (flags.externalId !== undefined && !flags.assumeRole) throw new UsageError('--external-id needs --assume-role');
  if (flags.externalId !== undefined && !EXTERNAL_ID.test(flags.externalId)) throw new UsageError('--external-id: 2 to 1224 characters of letters, digits and +=,.@:/-');
  const maxRps = rate(flags.maxRps);

  const accounts = flags.accounts !== undefined ? parseAccountsFile(flags.accounts, readText('--accounts', flags.accounts, 'accounts file').toString('utf8')) : undefined;
  let since: CollectOptions['since'];
  if (flags.since !== undefined) {
    const bytes = readText('--since', flags.since, 'snapshot');
    since = { snapshot: parseSnapshot(flags.since, bytes.toString('utf8')), sha256: sha256Hex(bytes) };
  }

  const progress = flags.progress === false ? undefined : createProgress({ stream: process.stderr });
  return {
    ...(all ? { allRegions: true } : regions.length > 0 ? { regions } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
    ...(accounts ? { accounts } : {}),
    ...(flags.org ? { org: true } : {}),
    ...(flags.assumeRole ? { assumeRole: flags.assumeRole } : {}),
    ...(flags.externalId ? { externalId: flags.externalId } : {}),
    ...(maxRps !== undefined ? { maxRps } : {}),
    ...(since ? { since } : {}),
    accountConcurrency: positiveInt('--parallel-accounts', flags.parallelAccounts, DEFAULT_ACCOUNT_CONCURRENCY),
    concurrency: positiveInt('--concurrency', flags.concurrency, 8),
    maxAttempts: positiveInt('--max-attempts', flags.maxAttempts, 6),
    log: progress ? (line) => progress.log(line) : log,
    ...(progress ? { progress } : {}),
  };
}

/** Writes the snapshot; a path that cannot be written is a usage error, not a crash. */
export async function writeTo(path: string, snapshot: Snapshot): Promise<string> {
  try {
    return (await writeSnapshot(path, snapshot)).sha256;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    throw new UsageError(`--output ${path}: ${describeFsError(code)}`);
  }
}

/** The snapshot to `--output` (a file) or, without it or with '-', to stdout; returns its sha256. */
export async function emitSnapshot(output: string | undefined, snapshot: Snapshot): Promise<string> {
  if (output && output !== '-') return writeTo(output, snapshot);
  const text = serializeSnapshot(snapshot);
  process.stdout.write(text);
  return sha256Hex(text);
}

interface CollectCommandFlags extends CollectFlags {
  output?: string;
  redact?: boolean;
  strict?: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('collect')
    .description('Collect Proton resources, their tags, IAM roles and policies, and quotas into a snapshot (read-only API calls)');
  addCollectOptions(cmd)
    .option('--output <path>', 'write the snapshot here instead of stdout')
    .option('--redact', 'scan specs for secrets, then drop spec and schema contents from the snapshot')
    .option('--strict', 'exit 3 when the collection was incomplete (any coverage gap); the snapshot is still written')
    .action(async (flags: CollectCommandFlags) => {
      const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
      };
      const options = collectOptionsFrom(flags, log);
      let snapshot = await collect(options);
      if (flags.redact) {
        const redacted = redactSnapshot(snapshot);
        snapshot = redacted.snapshot;
        log(`--redact: dropped ${redacted.dropped} spec/schema field(s)`);
        for (const s of redacted.secrets) {
          for (const h of s.hits) log(`  possible secret (${h.kind}) in ${boundedLine(s.arn, 300)} ${h.field} line ${h.line}: ${boundedLine(h.preview, 300)}`);
        }
      }
      const sha256 = await emitSnapshot(flags.output, snapshot);
      for (const line of describeSnapshot(snapshot, sha256)) log(line);
      if (flags.output && flags.output !== '-') log(`Snapshot written to ${flags.output}`);
      const incomplete = incompleteCoverage(snapshot.coverage);
      if (flags.strict && incomplete.length > 0) {
        log(`--strict: the collection was incomplete in ${incomplete.length} account/region pair(s); exit 3`);
        setExit(3);
        return;
      }
      setExit(0);
    });
}
