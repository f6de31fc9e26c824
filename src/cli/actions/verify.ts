/**
 * `proton-audit verify <dir>`: checks an evidence bundle's hashes and signature and names each
 * failing file. Exit 0 all good, 1 a check failed, 2 the bundle or key cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { InputError, UsageError } from '../../errors.ts';
import { formatVerifyReport, verifyEvidence } from '../../evidence/index.ts';
import { describeFsError } from '../../util/fs-errors.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import type { CommandContext } from '../shared/io.ts';
import type { VerifyFlags } from '../shared/options.ts';

export async function verifyAction(ctx: CommandContext, dir: string, opts: VerifyFlags): Promise<void> {
  if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`unknown verify format '${opts.format}'; use text or json`);
  let publicKeyPem: string | undefined;
  if (opts.publicKey !== undefined) {
    try {
      publicKeyPem = await readFile(opts.publicKey, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read public key ${opts.publicKey}`, [{ file: opts.publicKey, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') }]);
    }
  }
  const report = await verifyEvidence(dir, { publicKeyPem, publicKeyPath: opts.publicKey });
  ctx.io.stdout.write(opts.format === 'json' ? canonicalJson(report) : formatVerifyReport(report));
  ctx.setExit(report.ok ? 0 : 1);
}
