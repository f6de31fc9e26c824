import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.ts';
import { protonCall } from '../emulator/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `onUrl` runs once the URL is printed, then the process gets SIGTERM. */
function runEmulator(args: string[], onUrl?: (url: string) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(...cliProcess(['emulator', ...args]), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url && !started && onUrl) {
        started = true;
        onUrl(url).then(
          () => child.kill('SIGTERM'),
          (err: unknown) => {
            child.kill('SIGKILL');
            reject(err);
          },
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('proton-audit emulator', () => {
  it('prints the URL and env lines, serves, and stops cleanly on SIGTERM', async () => {
    const estate = join(dir, 'estate.json');
    writeFileSync(estate, JSON.stringify({ estateVersion: 1, accounts: [{ accountId: '111122223333', regions: [{ region: 'eu-west-1', proton: { environmentTemplates: [{ name: 'net' }] } }] }] }));
    let answered = '';
    const run = await runEmulator(['--estate', estate, '--port', '0', '--throttle-every', '1000'], async (url) => {
      answered = (await protonCall(url, 'ListEnvironmentTemplates', {}, { region: 'eu-west-1' })).text;
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/export AWS_REGION=eu-west-1/);
    expect(run.stdout).toMatch(/AWS_ACCESS_KEY_ID=/);
    expect(run.stdout).toMatch(/faults: \{"throttleEvery":1000\}/);
    expect(JSON.parse(answered).templates[0].name).toBe('net');
    expect(run.stderr).toMatch(/stopped \(SIGTERM\); 1 requests served/);
  });

  it('exits 2 listing the problems of a bad estate', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ estateVersion: 1, accounts: [{ accountId: 'x', regions: [] }] }));
    const run = await runEmulator(['--estate', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot use estate .*bad\.json: 1 problem/);
    expect(run.stderr).toMatch(/\$\.accounts\[0\]\.accountId/);
  });

  it('exits 2 on a bad flag value', async () => {
    const run = await runEmulator(['--estate', join(dir, 'whatever.json'), '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--port takes a whole number/);
  });
  it('exits 2 with a plain message when the port is taken', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as AddressInfo;
    try {
      const estate = new URL('../../examples/demo-estate.json', import.meta.url).pathname;
      const run = await runEmulator(['--estate', estate, '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--port ${port}: the port is already in use`);
      expect(run.stderr).not.toContain('internal error');
    } finally {
      busy.close();
    }
  });
});
