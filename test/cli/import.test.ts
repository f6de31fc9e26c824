/** `proton-audit import` end to end with the real binary. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.ts';
import { parseSnapshot } from '../../src/snapshot/io.ts';
import { sha256Hex } from '../../src/util/canonical-json.ts';

const run = promisify(execFile);
const FIXTURE = new URL('../import/fixtures/export', import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(...cliProcess(args), { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('proton-audit import', () => {
  it('writes the snapshot, lists unused files on stderr, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-import-cli-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const out = join(dir, '..', `${dir.split('/').pop()}-snap.json`);
    const r = await cli(['import', dir, '--output', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(parseSnapshot(out, text).collection.source).toBe('import');
    expect(r.stderr).toContain('Imported 46 file(s)');
    expect(r.stderr).toContain('not used: notes.txt: not JSON');
    expect(r.stderr).toContain(`sha256 ${sha256Hex(text)}`);
  });

  it('a corrupt file is exit 2 with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-import-bad-'));
    writeFileSync(join(dir, 'list-environments.json'), '{"environments": [}');
    const r = await cli(['import', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/list-environments\.json at line 1, column \d+: invalid JSON/);
  });
});
