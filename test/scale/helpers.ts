/** Shared set-up for the scale and fault suites: the real binary, an evaluator, estates. */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { defaultConfig } from '../../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../../src/engine/index.ts';
import type { LoadedRule } from '../../src/engine/index.ts';
import type { AuditResult, Finding, Snapshot } from '../../src/model/index.ts';
import { serializeSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';
import { cliProcess } from '../helpers/cli.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const run = promisify(execFile);

export const credentials = async () => ({ accessKeyId: 'AKIDSCALETEST', secretAccessKey: 'test-secret' });
export const fixedNow = (): Date => new Date('2026-11-01T00:00:00.000Z');
export const EVAL_NOW = new Date('2026-11-02T00:00:00Z');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real binary with fake credentials and no ambient AWS configuration. */
export async function cli(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args), {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'AKIDSCALETEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1', ...env },
      maxBuffer: 64 * 1024 * 1024,
      ...(cwd ? { cwd } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let rules: Promise<LoadedRule[]> | undefined;

/** The built-in rule pack with the default config, at a fixed clock. */
export async function audit(snapshot: Snapshot): Promise<AuditResult> {
  rules ??= (async () => {
    await prepareFacts();
    return (await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() })).rules;
  })();
  return evaluate({ snapshot, sha256: sha256Hex(serializeSnapshot(snapshot)), rules: await rules, config: defaultConfig(), now: EVAL_NOW, toolVersion: 'test' });
}

/** fingerprint → status, for comparing two audits of one estate. */
export function verdicts(findings: readonly Finding[]): Map<string, Finding> {
  return new Map(findings.map((f) => [f.fingerprint, f]));
}

/** The parts of a finding that must match between runs (not timestamps or evidence order). */
export function essence(f: Finding): string {
  return JSON.stringify([f.ruleId, f.status, f.resource.arn, f.subKey ?? '', f.message, f.skipReason ?? '']);
}
