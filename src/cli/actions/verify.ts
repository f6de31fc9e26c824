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
  // A key embedded in the bundle proves nothing about who signed it: trust needs the signer's key.
  const skipSignature = opts.signatureCheck === false;
  if (skipSignature && opts.publicKey !== undefined) throw new UsageError('--public-key and --no-signature-check are alternatives: give one');
  if (!skipSignature && opts.publicKey === undefined) {
    throw new UsageError("verify needs --public-key <pem>, the signer's Ed25519 public key, or --no-signature-check to check the hashes only");
  }
  let publicKeyPem: string | undefined;
  if (opts.publicKey !== undefined) {
    try {
      publicKeyPem = await readFile(opts.publicKey, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read public key ${opts.publicKey}`, [{ file: opts.publicKey, location: '', message: describeFsError((err as NodeJS.ErrnoException).code ?? 'EIO') }]);
    }
  }
  const report = await verifyEvidence(dir, { publicKeyPem, publicKeyPath: opts.publicKey, skipSignature });
  ctx.io.stdout.write(opts.format === 'json' ? canonicalJson(report) : formatVerifyReport(report));
  ctx.setExit(report.ok ? 0 : 1);
}
