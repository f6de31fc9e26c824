/**
 * `proton-audit import <dir>`: a snapshot from AWS CLI JSON outputs (docs/import.md). The
 * snapshot goes to stdout or --output; unused files, notes and the summary go to stderr.
 */
import type { Command } from 'commander';
import { boundedLine } from '../../util/text.ts';
import { describeSnapshot } from '../../collect/summary.ts';
import { UsageError } from '../../errors.ts';
import { importDirectory } from '../../import/index.ts';
import { emitSnapshot } from './collect.ts';
import type { SetExit } from './index.ts';

interface ImportFlags {
  output?: string;
  accountId?: string;
  region?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('import')
    .description('Build a snapshot from JSON saved with the AWS CLI (aws proton list-*/get-*, iam get-account-authorization-details, resourcegroupstaggingapi get-resources)')
    .argument('<dir>', 'directory of AWS CLI JSON outputs (searched recursively)')
    .option('--output <path>', 'write the snapshot here instead of stdout')
    .option('--account-id <id>', 'the account, when the export has no get-caller-identity.json')
    .option('--region <region>', 'region for outputs that carry none (account settings, summary, quotas)')
    .action(async (dir: string, flags: ImportFlags) => {
      if (flags.accountId !== undefined && !/^\d{12}$/.test(flags.accountId)) throw new UsageError(`--account-id: not a 12-digit account id: ${JSON.stringify(flags.accountId)}`);
      if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region)) throw new UsageError(`--region: not a region name: ${JSON.stringify(flags.region)}`);
      const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
      };
      const { snapshot, notes } = await importDirectory(dir, {
        ...(flags.accountId ? { accountId: flags.accountId } : {}),
        ...(flags.region ? { region: flags.region } : {}),
      });
      const files = snapshot.collection.files;
      log(`Imported ${files?.used.length ?? 0} file(s) from ${dir}`);
      for (const u of files?.unused ?? []) log(`  not used: ${boundedLine(u.file, 300)}: ${boundedLine(u.reason, 300)}`);
      for (const n of notes) log(`Note: ${boundedLine(n, 1000)}`);
      const sha256 = await emitSnapshot(flags.output, snapshot);
      for (const line of describeSnapshot(snapshot, sha256)) log(line);
      setExit(0);
    });
}
