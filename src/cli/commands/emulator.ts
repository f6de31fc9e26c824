/** `proton-audit emulator`: its flags; the work is in actions/emulator.ts, loaded when it runs. */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import type { EmulatorFlags } from '../shared/options.ts';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('emulator')
    .description('serve an estate file over the read APIs of Proton, Tagging, IAM, STS, Service Quotas, Organizations, EC2, CloudFormation and CodeBuild on 127.0.0.1')
    .requiredOption('--estate <file>', 'estate file (JSON or YAML; see docs/estate-format.md)')
    .option('--port <n>', 'port to listen on (default: a free port)')
    .option('--throttle-every <n>', 'answer every Nth request with a throttling error')
    .option('--tps <n>', 'throttle requests above this rate (token bucket)')
    .option('--latency <ms>', 'delay every response by this many milliseconds')
    .option('--server-error-every <n>', 'answer every Nth request with HTTP 500/503')
    .option('--drop-every <n>', 'reset the connection of every Nth request')
    .option('--truncate-every <n>', 'cut the body of every Nth response in half')
    .option('--malformed-every <n>', 'answer every Nth request with a body that does not parse')
    .option('--timeout-every <n>', 'never answer every Nth request')
    .action(async (flags: EmulatorFlags) => (await import('../actions/emulator.ts')).emulatorAction(ctx, flags));
}
