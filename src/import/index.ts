/**
 * `import`: a snapshot from JSON the AWS CLI printed (docs/import.md lists the commands). Files are
 * recognised by content; what cannot be used is listed with the reason. A corrupt .json file, or
 * an export with nothing usable, is an InputError (exit 2).
 */
import { accountOfArn } from '../snapshot/normalize/iam.ts';
import { InputError } from '../errors.ts';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../model/index.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { buildImport, regionOfArn, type DetectedFile } from './build.ts';
import { detect, type Detected } from './detect.ts';
import { readExportDir } from './read.ts';

export interface ImportOptions {
  /** The account to import when the export does not say (no get-caller-identity output). */
  accountId?: string;
  /** Region for what carries none (account settings, resources summary, quotas, S3 tags). */
  region?: string;
  now?: () => Date;
}

export interface ImportOutcome {
  snapshot: Snapshot;
  /** Notes for stderr (choices made, roles not found). */
  notes: string[];
}

/** Every ARN a detected output names (to tell its account and region). */
function arnsOf(d: Exclude<Detected, { kind: 'unused' }>): string[] {
  switch (d.kind) {
    case 'proton-list':
      return d.items.map((i) => i.arn);
    case 'proton-get':
      return [d.record.arn];
    case 'iam': {
      const lists = ['RoleDetailList', 'UserDetailList', 'GroupDetailList', 'Policies'] as const;
      return lists.flatMap((k) => (Array.isArray(d.gaad[k]) ? (d.gaad[k] as Array<Record<string, unknown>>) : [])).map((x) => String(x.Arn ?? ''));
    }
    case 'tags':
      return d.mappings.map((m) => String(m.ResourceARN ?? ''));
    case 'quotas':
      return d.quotas.map((q) => String(q.QuotaArn ?? ''));
    case 'identity':
      return [d.identity.Arn];
    default:
      return [];
  }
}

function mostFrequent(values: readonly string[]): { value: string | undefined; distinct: number } {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { value: sorted[0]?.[0], distinct: counts.size };
}

export async function importDirectory(dir: string, opts: ImportOptions = {}): Promise<ImportOutcome> {
  const now = (opts.now ?? (() => new Date()))().toISOString();
  const read = await readExportDir(dir);
  if (read.problems.length > 0) throw new InputError(`cannot import ${dir}: corrupt JSON`, read.problems);

  const unused = [...read.unused];
  const recognised: DetectedFile[] = [];
  for (const f of read.files) {
    const detected = detect(f.file, f.value);
    if (detected.kind === 'unused') unused.push({ file: f.file, reason: detected.reason });
    else recognised.push({ file: f.file, detected });
  }

  const notes: string[] = [];
  const identity = recognised.map((f) => f.detected).find((d): d is Extract<Detected, { kind: 'identity' }> => d.kind === 'identity');
  const perFileAccount = recognised.map((f) => ({ f, accounts: new Set(arnsOf(f.detected).map(accountOfArn).filter((a): a is string => a !== undefined)) }));
  const guessed = mostFrequent(perFileAccount.flatMap((x) => [...x.accounts]));
  const accountId = opts.accountId ?? identity?.identity.Account ?? guessed.value;
  if (!accountId) {
    throw new InputError(`cannot import ${dir}`, [
      { file: dir, location: '', message: recognised.length === 0 ? 'no usable AWS CLI output found (see docs/import.md)' : 'no file names the account: add get-caller-identity.json or pass --account-id' },
    ]);
  }
  if (!opts.accountId && !identity && guessed.distinct > 1) notes.push(`the export names ${guessed.distinct} accounts; importing ${accountId} (pass --account-id to choose)`);

  const used: DetectedFile[] = [];
  for (const { f, accounts } of perFileAccount) {
    const other = [...accounts].find((a) => a !== accountId);
    if (other) unused.push({ file: f.file, reason: `names account ${other}, not the account imported (${accountId})` });
    else used.push(f);
  }
  if (used.length === 0) {
    throw new InputError(`cannot import ${dir}`, [{ file: dir, location: '', message: 'no usable AWS CLI output found (see docs/import.md for the commands)' }]);
  }

  const protonRegions = used.filter((u) => u.detected.kind.startsWith('proton')).flatMap((u) => arnsOf(u.detected)).map(regionOfArn);
  const anyRegions = used.flatMap((u) => arnsOf(u.detected)).map(regionOfArn);
  const pick = (list: Array<string | undefined>) => mostFrequent(list.filter((r): r is string => r !== undefined));
  const guessedRegion = pick(protonRegions).value ?? pick(anyRegions).value;
  const defaultRegion = opts.region ?? guessedRegion ?? 'us-east-1';
  if (!opts.region && !guessedRegion) notes.push('no file names a region; using us-east-1 (pass --region)');

  const built = buildImport(used, { accountId, defaultRegion });
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt: now,
    collection: {
      source: 'import',
      startedAt: now,
      finishedAt: now,
      files: {
        used: used.map((u) => u.file).sort(),
        unused: unused.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      },
    },
    accounts: [built.account],
    coverage: built.coverage,
  };
  return { snapshot, notes: [...notes, ...built.notes] };
}
