/**
 * From collection flags to CollectOptions, for `collect` and `audit`. Every flag and every file a
 * flag names is checked here, before any API call.
 */
import { readFileSync } from 'node:fs';
import { parseAccountsFile } from '../../collect/targets.ts';
import type { CollectOptions } from '../../collect/index.ts';
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS } from '../../collect/defaults.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Snapshot } from '../../model/index.ts';
import { parseSnapshot } from '../../snapshot/io.ts';
import { checkIntegrity } from '../../snapshot/integrity.ts';
import { describeFsError } from '../../util/fs-errors.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { forStderr, type CliIo } from '../shared/io.ts';
import type { CollectFlags } from '../shared/options.ts';
import { createProgress } from './progress.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

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
export function collectOptionsFrom(flags: CollectFlags, io: CliIo, log: (line: string) => void): CollectOptions {
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
  const since = flags.since !== undefined ? earlierSnapshot('--since', flags.since) : undefined;
  const lastKnown = flags.lastKnown !== undefined ? earlierSnapshot('--last-known', flags.lastKnown) : undefined;

  const progress = flags.progress === false ? undefined : createProgress({ stream: io.stderr });
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
    ...(lastKnown ? { lastKnown } : {}),
    accountConcurrency: positiveInt('--parallel-accounts', flags.parallelAccounts, DEFAULT_ACCOUNT_CONCURRENCY),
    concurrency: positiveInt('--concurrency', flags.concurrency, DEFAULT_CONCURRENCY),
    maxAttempts: positiveInt('--max-attempts', flags.maxAttempts, DEFAULT_MAX_ATTEMPTS),
    log: progress ? (line) => progress.log(forStderr(line)) : log,
    ...(progress ? { progress } : {}),
  };
}

/**
 * A snapshot whose records a collection may carry (--since, --last-known). One edited after it
 * was written is refused: its records would enter a snapshot sealed as collected, and the edit
 * would no longer show (snapshot/integrity.ts).
 */
function earlierSnapshot(flag: string, path: string): { snapshot: Snapshot; sha256: string } {
  const bytes = readText(flag, path, 'snapshot');
  const snapshot = parseSnapshot(path, bytes.toString('utf8'));
  const integrity = checkIntegrity(snapshot);
  if (integrity.source === 'edited') {
    throw new InputError(`cannot carry records from ${path}`, [{ file: path, location: '$.integrity', message: `${flag}: ${integrity.note}; its records would be presented as collected` }]);
  }
  return { snapshot, sha256: sha256Hex(bytes) };
}
