/**
 * `proton-audit diff <old> <new>`: what changed between two audit results (new, resolved and
 * changed findings) or two snapshots (resources, template versions, role policies, tags).
 * The kind of each file is read from its content; both must be the same kind.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { DIFF_FORMATS, diffResults, diffSnapshots, readComparable, renderDiff } from '../../diff/index.ts';
import type { DiffFormat } from '../../diff/index.ts';
import type { SetExit } from './index.ts';

interface DiffOptions {
  format: string;
  output?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('diff')
    .description('Compare two audit results (new, resolved, changed findings) or two snapshots (resources, versions, role policies, tags).')
    .argument('<old>', 'the earlier result or snapshot (JSON)')
    .argument('<new>', 'the later result or snapshot (JSON)')
    .option('--format <format>', `output format: ${DIFF_FORMATS.join(', ')}`, 'table')
    .option('--output <path>', 'write to this file instead of standard output')
    .action(async (oldPath: string, newPath: string, opts: DiffOptions) => {
      if (!(DIFF_FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`unknown diff format '${opts.format}'; use one of ${DIFF_FORMATS.join(', ')}`);
      const format = opts.format as DiffFormat;
      const [a, b] = await Promise.all([readComparable(oldPath), readComparable(newPath)]);
      let text: string;
      const color = opts.output === undefined && format === 'table' && process.stdout.isTTY === true && !process.env.NO_COLOR;
      if (a.kind === 'result' && b.kind === 'result') {
        text = renderDiff(diffResults({ file: a.file, sha256: a.sha256, result: a.value }, { file: b.file, sha256: b.sha256, result: b.value }), format, color);
      } else if (a.kind === 'snapshot' && b.kind === 'snapshot') {
        text = renderDiff(diffSnapshots({ file: a.file, sha256: a.sha256, snapshot: a.value }, { file: b.file, sha256: b.sha256, snapshot: b.value }), format, color);
      } else {
        throw new UsageError(`${oldPath} is ${a.kind === 'result' ? 'an audit result' : 'a snapshot'} but ${newPath} is ${b.kind === 'result' ? 'an audit result' : 'a snapshot'}; diff compares two of the same kind`);
      }
      if (opts.output !== undefined) await writeFile(opts.output, text);
      else process.stdout.write(text);
      setExit(0);
    });
}
