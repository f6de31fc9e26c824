/**
 * `proton-audit emulator`: serve an estate file on 127.0.0.1 until SIGINT/SIGTERM, printing the
 * environment a shell needs to point the AWS SDK or CLI (or proton-audit itself) at it.
 */
import { startEmulator, loadEstate, type FaultOptions } from '../../emulator/index.ts';
import { UsageError } from '../../errors.ts';
import type { CommandContext } from '../shared/io.ts';
import type { EmulatorFlags } from '../shared/options.ts';

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not '${value}'`);
  return Number(value);
}

function faultsFrom(flags: EmulatorFlags): FaultOptions {
  const entries: Array<[keyof FaultOptions, number | undefined]> = [
    ['throttleEvery', wholeNumber('--throttle-every', flags.throttleEvery, 1, 1_000_000)],
    ['tps', wholeNumber('--tps', flags.tps, 1, 100_000)],
    ['latencyMs', wholeNumber('--latency', flags.latency, 0, 600_000)],
    ['serverErrorEvery', wholeNumber('--server-error-every', flags.serverErrorEvery, 1, 1_000_000)],
    ['dropEvery', wholeNumber('--drop-every', flags.dropEvery, 1, 1_000_000)],
    ['truncateEvery', wholeNumber('--truncate-every', flags.truncateEvery, 1, 1_000_000)],
    ['malformedEvery', wholeNumber('--malformed-every', flags.malformedEvery, 1, 1_000_000)],
    ['timeoutEvery', wholeNumber('--timeout-every', flags.timeoutEvery, 1, 1_000_000)],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for them. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function emulatorAction(ctx: CommandContext, flags: EmulatorFlags): Promise<void> {
  const port = wholeNumber('--port', flags.port, 0, 65_535) ?? 0;
  const faults = faultsFrom(flags);
  const estate = await loadEstate(flags.estate);
  const emulator = await startEmulator({ estate, port, faults }).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`--port ${port}: the port is already in use; pick another or omit --port for a free one`);
    if (code === 'EACCES') throw new UsageError(`--port ${port}: not allowed to listen there; pick a port above 1023`);
    throw err;
  });
  const regions = [...new Set(estate.accounts.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  const out = [
    `proton-audit emulator: serving ${flags.estate} (${estate.accounts.length} account${estate.accounts.length === 1 ? '' : 's'}; regions ${regions.join(', ') || 'none'}) at ${emulator.url}`,
    ...(Object.keys(faults).length > 0 ? [`faults: ${JSON.stringify(faults)}`] : []),
    'Point the AWS SDK or CLI (or proton-audit collect) at it from another shell:',
    `  export AWS_ENDPOINT_URL=${emulator.url}`,
    `  export AWS_REGION=${regions[0] ?? 'us-east-1'}`,
    '  export AWS_ACCESS_KEY_ID=emulator AWS_SECRET_ACCESS_KEY=emulator   # any credentials work; signatures are not checked',
    `Requests with these credentials act in account ${estate.accounts[0]?.accountId ?? '?'}; sts:AssumeRole reaches the others.`,
    'Stop with Ctrl-C.',
  ];
  ctx.io.stdout.write(`${out.join('\n')}\n`);
  const signal = await untilSignal();
  await emulator.close();
  ctx.io.stderr.write(`proton-audit emulator: stopped (${signal}); ${Object.values(emulator.calls()).reduce((a, b) => a + b, 0)} requests served\n`);
  ctx.setExit(0);
}
