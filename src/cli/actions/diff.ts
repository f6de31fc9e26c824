/**
 * `proton-audit diff <old> <new>`: what changed between two audit results (new, resolved and
 * changed findings) or two snapshots (resources, template versions, role policies, tags).
 * The kind of each file is read from its content; both must be the same kind.
 */
import { UsageError } from '../../errors.ts';
import { InputGuard, writeFileAtomic } from '../../util/atomic-file.ts';
import { DIFF_FORMATS, diffResults, diffSnapshots, readComparable, renderDiff, type DiffFormat } from '../../diff/index.ts';
import type { CommandContext } from '../shared/io.ts';
import type { DiffFlags } from '../shared/options.ts';

export async function diffAction(ctx: CommandContext, oldPath: string, newPath: string, opts: DiffFlags): Promise<void> {
  if (!(DIFF_FORMATS as readonly string[]).includes(opts.format)) throw new UsageError(`unknown diff format '${opts.format}'; use one of ${DIFF_FORMATS.join(', ')}`);
  const format = opts.format as DiffFormat;
  const [a, b] = await Promise.all([readComparable(oldPath), readComparable(newPath)]);
  let text: string;
  const color = opts.output === undefined && format === 'table' && ctx.io.stdout.isTTY === true && !ctx.io.env.NO_COLOR;
  if (a.kind === 'result' && b.kind === 'result') {
    text = renderDiff(diffResults({ file: a.file, sha256: a.sha256, result: a.value }, { file: b.file, sha256: b.sha256, result: b.value }), format, color);
  } else if (a.kind === 'snapshot' && b.kind === 'snapshot') {
    text = renderDiff(diffSnapshots({ file: a.file, sha256: a.sha256, snapshot: a.value }, { file: b.file, sha256: b.sha256, snapshot: b.value }), format, color);
  } else {
    throw new UsageError(`${oldPath} is ${a.kind === 'result' ? 'an audit result' : 'a snapshot'} but ${newPath} is ${b.kind === 'result' ? 'an audit result' : 'a snapshot'}; diff compares two of the same kind`);
  }
  if (opts.output !== undefined) {
    const guard = new InputGuard();
    await guard.add(oldPath);
    await guard.add(newPath);
    await writeFileAtomic(opts.output, text, { label: `--output ${opts.output}`, guard });
  }
  else ctx.io.stdout.write(text);
  ctx.setExit(0);
}
