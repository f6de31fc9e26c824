/**
 * Output paths behave one way: every output flag creates missing parent folders, files are
 * replaced atomically (never written through a symbolic link), no output replaces an input, an
 * evidence folder must be empty unless --force, file-system trouble is a one-line exit 2, a
 * closed stdout ends quietly, and a usage mistake is one line pointing at --help.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtomicFile, InputGuard, writeFileAtomic } from '../../src/util/atomic-file.ts';
import { OutputError } from '../../src/errors.ts';
import { describeWriteError } from '../../src/util/fs-errors.ts';
import { writeSnapshot } from '../../src/snapshot/io.ts';
import { caseSnapshot } from '../helpers/case-builder.ts';
import { cliProcess, ROOT, runCli } from '../helpers/cli.ts';
import { tempDir } from '../diff/fixtures.ts';

const exec = promisify(execFile);
const NOW = '2026-06-01T00:00:00Z';
// Processes and whole evaluations on a shared two-core machine: time is not what is tested.
const SLOW = 600_000;
const EXPORT = join(ROOT, 'test/import/fixtures/export');

let dir: string;
let snap: string;
beforeAll(async () => {
  dir = tempDir('pa-paths-');
  snap = join(dir, 'snap.json');
  await writeSnapshot(snap, caseSnapshot({ iam: { roles: [{ RoleName: 'r', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'proton.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }] } }));
});

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

describe('the atomic writer', () => {
  it('creates parent folders, replaces the file whole and leaves no temporary file', async () => {
    const target = join(dir, 'atomic', 'a', 'b', 'out.txt');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'atomic', 'a', 'b'))).toEqual(['out.txt']);
  });

  it('until commit the old file is whole; an aborted write (a run killed half-way) leaves it untouched', async () => {
    const target = join(dir, 'atomic', 'kept.json');
    writeFileSync(target, '{"good": true}');
    const file = await AtomicFile.open(target);
    await file.write('{"half": ');
    expect(readFileSync(target, 'utf8')).toBe('{"good": true}');
    await file.abort();
    expect(readFileSync(target, 'utf8')).toBe('{"good": true}');
    expect(readdirSync(join(dir, 'atomic')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces a symbolic link at the target instead of writing through it', async () => {
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'not yours');
    const link = join(dir, 'atomic', 'link.txt');
    symlinkSync(outside, link);
    await writeFileAtomic(link, 'report');
    expect(readFileSync(outside, 'utf8')).toBe('not yours');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('report');
  });

  it('refuses to replace an input, by identity (another spelling, a link)', async () => {
    const guard = new InputGuard();
    await guard.add(snap);
    const link = join(dir, 'atomic', 'snap-link.json');
    symlinkSync(snap, link);
    await expect(writeFileAtomic(join(dir, '.', 'snap.json'), 'x', { guard })).rejects.toThrow(/would overwrite the input/);
    await expect(writeFileAtomic(link, 'x', { guard, label: '--format json:l' })).rejects.toThrow(/^--format json:l would overwrite the input/);
  });

  it('says what is wrong with a path in words, as an OutputError (exit 2)', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    await expect(writeFileAtomic(join(file, 'x.json'), 'x')).rejects.toThrow(OutputError);
    await expect(writeFileAtomic(join(file, 'x.json'), 'x')).rejects.toThrow(/is a file, not a folder|a part of the path is a file/);
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow(/is a directory, not a file/);
    expect(describeWriteError('ENOSPC')).toBe('no space left on the device');
    expect(describeWriteError('EROFS')).toBe('the file system is read-only');
    expect(new OutputError('x').exitCode).toBe(2);
  });
});

describe('every output flag creates missing parent folders', () => {
  it('evaluate --format and --output-dir', { timeout: SLOW }, async () => {
    const out = join(dir, 'eval', 'deep', 'r.json');
    const r = await runCli(['evaluate', '--snapshot', snap, '--now', NOW, '--fail-on', 'none', '--format', `json:${out}`]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(2);
    const od = join(dir, 'eval', 'reports', 'today');
    const all = await runCli(['evaluate', '--snapshot', snap, '--now', NOW, '--fail-on', 'none', '--output-dir', od]);
    expect(all.code).toBe(0);
    expect(readdirSync(od).sort()).toEqual(['report.html', 'result.json', 'result.sarif', 'summary.md']);
    expect(all.stdout).toContain('Summary:');
  });

  it('import, merge and diff --output', async () => {
    const imported = join(dir, 'imp', 'x', 'snap.json');
    const r = await runCli(['import', EXPORT, '--output', imported]);
    expect(r.code).toBe(0);
    expect(existsSync(imported)).toBe(true);
    const merged = join(dir, 'merge', 'y', 'org.json');
    expect((await runCli(['merge', imported, '--output', merged, '--now', NOW])).code).toBe(0);
    expect(existsSync(merged)).toBe(true);
    const diffed = join(dir, 'diff', 'z', 'changes.md');
    const d = await runCli(['diff', imported, merged, '--format', 'markdown', '--output', diffed]);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(existsSync(diffed)).toBe(true);
  });
});

describe('scan writes its reports the same way', () => {
  /** scan as a process in a copy of the fixture repository (no git: the folder is the root). */
  async function scan(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await exec(...cliProcess(['scan', ...args]), { cwd, maxBuffer: 32 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('--output-dir and --format create missing folders; no report replaces a scanned spec or bundle file', { timeout: SLOW }, async () => {
    const repo = join(dir, 'scan-repo');
    cpSync(join(ROOT, 'test/scan/fixtures/template-repo'), repo, { recursive: true });
    const spec = join(repo, 'specs', 'web-prod.yaml');
    const before = readFileSync(spec, 'utf8');
    const refused = await scan(repo, ['--now', NOW, '--format', 'sarif:out/deep/scan.sarif', '--format', 'json:specs/web-prod.yaml']);
    expect(refused.code).toBe(2);
    expect(lastLine(refused.stderr)).toMatch(/^proton-audit: --format json:specs\/web-prod\.yaml would overwrite the input .*web-prod\.yaml; write the output elsewhere$/);
    expect(readFileSync(spec, 'utf8')).toBe(before);
    // Refused as a whole: nothing was written beside it either.
    expect(existsSync(join(repo, 'out'))).toBe(false);
    const manifest = join(repo, 'components', 'queue', 'manifest.yaml');
    const bundleFile = await scan(repo, ['--now', NOW, '--format', 'markdown:components/queue/manifest.yaml']);
    expect(bundleFile.code).toBe(2);
    expect(lastLine(bundleFile.stderr)).toMatch(/would overwrite the input/);
    expect(readFileSync(manifest, 'utf8')).toBe(readFileSync(join(ROOT, 'test/scan/fixtures/template-repo/components/queue/manifest.yaml'), 'utf8'));

    const all = await scan(repo, ['--now', NOW, '--fail-on', 'none', '--output-dir', 'reports/scan/today']);
    expect(all.stderr).not.toMatch(/internal error|bug/);
    expect(all.code).toBe(0);
    expect(readdirSync(join(repo, 'reports/scan/today')).sort()).toEqual(['report.html', 'result.json', 'result.sarif', 'summary.md']);
    const one = await scan(repo, ['--now', NOW, '--fail-on', 'none', '--format', 'sarif:out/deep/scan.sarif']);
    expect(one.code).toBe(0);
    expect(JSON.parse(readFileSync(join(repo, 'out/deep/scan.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(join(repo, 'out/deep'))).toEqual(['scan.sarif']);
  });
});

describe('outputs never replace inputs, and file-system trouble is exit 2', () => {
  it('--format json:<the input snapshot> is refused before anything runs', async () => {
    const before = readFileSync(snap, 'utf8');
    const r = await runCli(['evaluate', '--snapshot', snap, '--now', NOW, '--format', `json:${snap}`]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toBe(`proton-audit: --format json:${snap} would overwrite the input ${snap}; write the output elsewhere`);
    expect(readFileSync(snap, 'utf8')).toBe(before);
  });

  it('merge --output over a shard and diff --output over a compared file are refused', async () => {
    const copy = join(dir, 'shard.json');
    writeFileSync(copy, readFileSync(snap));
    expect((await runCli(['merge', copy, '--output', copy])).stderr).toMatch(/would overwrite the input/);
    expect((await runCli(['diff', copy, snap, '--output', copy])).stderr).toMatch(/would overwrite the input/);
  });

  it('a directory, a file as a folder, a folder that cannot be written: one line, exit 2, never "a bug"', async () => {
    const cases = [join(dir, 'eval'), join(snap, 'x.json'), '/sys/proton-audit-test/r.json'];
    for (const target of cases) {
      const r = await runCli(['evaluate', '--snapshot', snap, '--now', NOW, '--format', `json:${target}`]);
      expect(r.code, target).toBe(2);
      expect(r.stderr).not.toMatch(/internal error|bug/);
      expect(lastLine(r.stderr)).toMatch(new RegExp(`^proton-audit: cannot write --format json:${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    }
  });
});

describe('evidence folders', () => {
  it('refuses a folder that is not empty unless --force, and never follows a link planted in it', { timeout: SLOW }, async () => {
    const ev = join(dir, 'ev');
    mkdirSync(ev);
    writeFileSync(join(ev, 'notes.txt'), 'mine');
    const args = ['evaluate', '--snapshot', snap, '--now', NOW, '--fail-on', 'none', '--format', 'json', '--evidence', ev];
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(lastLine(refused.stderr)).toMatch(/--evidence .*: the folder is not empty \(1 entry\); use a new folder, or --force/);
    const outside = join(dir, 'precious.html');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(ev, 'report.html'));
    const forced = await runCli([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(join(ev, 'report.html')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(ev, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('--evidence <the folder of the input snapshot> --force cannot replace it', async () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const input = join(home, 'snapshot.json');
    writeFileSync(input, readFileSync(snap));
    const r = await runCli(['evaluate', '--snapshot', input, '--now', NOW, '--format', 'json', '--evidence', home, '--force']);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/would overwrite the input/);
  });
});

describe('the command line', () => {
  it('a usage mistake is one line naming the command and its --help', async () => {
    const r = await runCli(['evaluate', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("proton-audit evaluate: required option '--snapshot <file>' not specified (see proton-audit evaluate --help)\n");
    const unknown = await runCli(['rules', 'lst']);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('(see proton-audit rules --help)');
  });

  it('-v, -V and --version print the version', async () => {
    for (const flag of ['-v', '-V', '--version']) expect((await runCli([flag])).stdout).toBe('0.1.0\n');
  });

  it('help texts show defaults', async () => {
    const help = (await runCli(['evaluate', '--help'])).stdout;
    expect(help.replace(/\s+/g, ' ')).toMatch(/--fail-on <severity> .*default: the config's failOn, else high/);
    expect(help.replace(/\s+/g, ' ')).toMatch(/--format <format\[:path\]> .*default: table on standard output/);
    expect((await runCli(['rules', 'list', '--help'])).stdout).toMatch(/default: "table"/);
  });

  it('a reader that closes the pipe early ends the run quietly with its own exit code', { timeout: SLOW }, async () => {
    const [node, args] = cliProcess([]);
    const cmd = (cli: string) => `set -o pipefail; ${[node, ...args].map((a) => `'${a}'`).join(' ')} ${cli} | head -c 1 >/dev/null; echo "status \${PIPESTATUS[0]}"`;
    const listed = await exec('bash', ['-c', cmd('rules list --format json')], { cwd: dir });
    expect(listed.stdout).toBe('status 0\n');
    expect(listed.stderr).toBe('');
    const evaluated = await exec('bash', ['-c', cmd(`evaluate --snapshot '${snap}' --now ${NOW} --format json --fail-on low`)], { cwd: dir });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.stdout).toBe('status 1\n');
  });
});
