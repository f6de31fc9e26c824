/**
 * `proton-audit audit`: collect, then evaluate, in one run. `--demo` starts the emulator
 * in-process with the demo estate on a free loopback port and collects from it through the real
 * SDK clients, so the whole live path runs with no AWS account.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { collect } from '../../collect/index.ts';
import { describeSnapshot } from '../../collect/summary.ts';
import { loadEstate, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { serializeSnapshot } from '../../snapshot/io.ts';
import { sha256Hex } from '../../util/canonical-json.ts';
import { addEvaluateOptions, prepareEvaluation, type EvaluateFlags } from '../audit-pipeline.ts';
import { addCollectOptions, collectOptionsFrom, writeTo, type CollectFlags } from './collect.ts';
import type { SetExit } from './index.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
export const DEMO_ESTATE = join(EXAMPLES, 'demo-estate.json');
export const DEMO_CONFIG = join(EXAMPLES, 'demo', 'proton-audit.yml');
/** The demo estate's planted ages (a 200-day-old role, a 3-day-old deployment) are relative to this. */
export const DEMO_NOW = '2026-11-23T12:00:00Z';

interface AuditFlags extends CollectFlags, EvaluateFlags {
  demo?: boolean;
  snapshotOut?: string;
}

export function register(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('audit')
    .description('Collect (read-only) and evaluate in one run; --demo audits the bundled demo estate through the built-in emulator');
  addCollectOptions(cmd);
  addEvaluateOptions(cmd)
    .option('--snapshot-out <path>', 'also write the collected snapshot here')
    .option('--demo', 'start the emulator with examples/demo-estate.json and audit it (writes out/demo/)')
    .action(async (flags: AuditFlags) => {
      const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
      };
      if (flags.demo) await applyDemoDefaults(flags);
      const run = await prepareEvaluation(flags, flags.demo ? { failOn: 'none' } : {});
      const options = collectOptionsFrom(flags, log);
      let emulator: RunningEmulator | undefined;
      try {
        if (flags.demo) {
          emulator = await startEmulator({ estate: await loadEstate(DEMO_ESTATE), port: 0 });
          log(`Demo: emulator serving examples/demo-estate.json at ${emulator.url} (Proton, Tagging, IAM, STS, Service Quotas)`);
          options.endpointUrl = emulator.url;
          // The emulator accepts any signature; fixed keys keep a developer's real credentials out of it.
          options.credentials = async () => ({ accessKeyId: 'AKIADEMOPROTONAUDIT1', secretAccessKey: 'demo-secret-not-a-real-key' });
        }
        const snapshot = await collect(options);
        const text = serializeSnapshot(snapshot);
        const sha256 = sha256Hex(text);
        for (const line of describeSnapshot(snapshot, sha256)) log(line);
        let snapshotPath: string | undefined;
        if (flags.snapshotOut) {
          await writeTo(flags.snapshotOut, snapshot);
          snapshotPath = flags.snapshotOut;
          log(`Snapshot written to ${flags.snapshotOut}`);
        }
        const { exitCode } = await run(snapshot, sha256, snapshotPath ? { snapshotPath } : { snapshotBytes: text });
        setExit(exitCode);
      } finally {
        await emulator?.close();
      }
    });
}

/** The demo writes every report under out/demo/ and prints the table, unless told otherwise. */
async function applyDemoDefaults(flags: AuditFlags): Promise<void> {
  const out = 'out/demo';
  flags.region ??= ['eu-west-1', 'us-east-1'];
  flags.now ??= DEMO_NOW;
  flags.config ??= DEMO_CONFIG;
  flags.snapshotOut ??= join(out, 'snapshot.json');
  if (!flags.format || flags.format.length === 0) {
    flags.format = ['table', `json:${join(out, 'result.json')}`, `sarif:${join(out, 'result.sarif')}`, `html:${join(out, 'report.html')}`, `markdown:${join(out, 'summary.md')}`];
  }
  await mkdir(out, { recursive: true });
}
