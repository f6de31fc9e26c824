/**
 * `proton-audit verify <dir>`: checks an evidence bundle's hashes and signature and names each
 * failing file. Exit 0 all good, 1 a check failed, 2 the bundle or key cannot be read.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.ts';
import { formatVerifyReport, verifyEvidence } from '../../evidence/index.ts';
import { describeFsError } from '../../snapshot/io.ts';
import { canonicalJson } from '../../util/canonical-json.ts';
import type { SetExit } from './index.ts';

interface VerifyOptions {
  publicKey?: string;
  format: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('verify')
    .description('Verify an evidence bundle: every file against manifest.json, and the Ed25519 signature if present.')
    .argument('<dir>', 'the evidence directory (written by --evidence)')
    .option('--public-key <pem>', "the signer's Ed25519 public key (PEM); without it the key embedded in the manifest is used")
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, opts: VerifyOptions) => {
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
      process.stdout.write(opts.format === 'json' ? canonicalJson(report) : formatVerifyReport(report));
      setExit(report.ok ? 0 : 1);
    });
}
