/** `proton-audit verify`: its flags; the work is in actions/verify.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import type { VerifyFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description("Verify an evidence bundle: every file against manifest.json, the snapshot's collection digest, and the Ed25519 signature against the signer's key.")
    .argument('<dir>', 'the evidence directory (written by --evidence)')
    .option('--public-key <pem>', "the signer's Ed25519 public key (PEM): the bundle must be signed by it (required unless --no-signature-check)")
    .option('--no-signature-check', 'check the hashes only; the report says the signature was not checked')
    .option('--format <format>', 'text or json', 'text')
    .action(async (dir: string, flags: VerifyFlags) => (await import('../actions/verify.ts')).verifyAction(ctx, dir, flags));
}
