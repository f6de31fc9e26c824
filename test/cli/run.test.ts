/** `run(argv, io)`: the one place errors become exit codes, driven in-process. */
import { describe, expect, it } from 'vitest';
import { exitCodeOf, INTERNAL_ERROR_EXIT } from '../../src/cli/run.ts';
import { IncompleteCollectionError, InputError, UsageError } from '../../src/errors.ts';
import { TOOL_VERSION } from '../../src/version.ts';
import { runCli } from '../helpers/cli.ts';

function capture(env: Record<string, string> = {}) {
  let stderr = '';
  return { io: { stdout: { write: () => true }, stderr: { write: (c: string) => (stderr += c) }, env }, stderr: () => stderr };
}

describe('run', () => {
  it('answers --version and --help with exit 0', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${TOOL_VERSION}\n`, stderr: '' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['audit', 'collect', 'evaluate', 'import', 'emulator', 'rules', 'diff', 'verify', 'merge']) expect(help.stdout).toContain(command);
  });

  it('maps a commander usage error to 2', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect((await runCli(['evaluate'])).code).toBe(2); // --snapshot is required
  });

  it('maps typed errors to their codes with one line and no stack', async () => {
    const usage = await runCli(['evaluate', '--snapshot', 'x.json', '--now', 'yesterday']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toBe("proton-audit: --now 'yesterday' is not an ISO 8601 time or names a date or time that does not exist (e.g. 2026-06-01T00:00:00Z)\n");
    const input = await runCli(['evaluate', '--snapshot', '/nonexistent/snap.json', '--no-builtin']);
    expect(input.code).toBe(2);
    expect(input.stderr).toMatch(/^proton-audit: cannot read snapshot \/nonexistent\/snap\.json: 1 problem\n {2}\/nonexistent\/snap\.json: no such file\n$/);
  });

  it('exitCodeOf: usage and input 2, incomplete collection 3, anything else an internal error (70)', () => {
    const c = capture();
    expect(exitCodeOf(new UsageError('bad flag'), c.io)).toBe(2);
    expect(exitCodeOf(new InputError('cannot load rules', [{ file: 'r.yaml', location: 'id', message: 'missing' }]), c.io)).toBe(2);
    expect(exitCodeOf(new IncompleteCollectionError('gaps'), c.io)).toBe(3);
    expect(exitCodeOf(new TypeError('x is undefined'), c.io)).toBe(INTERNAL_ERROR_EXIT);
    expect(c.stderr()).toContain('proton-audit: bad flag\n');
    expect(c.stderr()).toContain('  r.yaml at id: missing\n');
    expect(c.stderr()).toContain('proton-audit: internal error: x is undefined\nThis is a bug');
    expect(c.stderr()).not.toMatch(/\n\s+at /);
    const debug = capture({ PROTON_AUDIT_DEBUG: '1' });
    exitCodeOf(new TypeError('y'), debug.io);
    expect(debug.stderr()).toMatch(/\n\s+at /);
  });
});
