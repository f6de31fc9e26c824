/**
 * moto_server (python moto 5) as an independent IAM/STS endpoint for collector tests. Started on
 * loopback at a free port with AWS's managed policies loaded; stopped after. When moto is not
 * installed the suite is skipped with a visible message — unless PROTON_AUDIT_REQUIRE_MOTO=1
 * (CI), where a missing moto is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, it } from 'vitest';

export interface Moto {
  url: string;
  stop(): Promise<void>;
}

export function motoInstalled(): boolean {
  const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 20_000 });
  return probe.error === undefined && probe.status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer at ${url} within ${deadlineMs} ms`);
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child, 30_000);
  } catch (err) {
    child.kill('SIGTERM');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** describe() when moto_server is installed; otherwise a visible skip, or a failure when required. */
export function describeWithMoto(name: string, body: () => void): void {
  if (motoInstalled()) {
    describe(name, body);
    return;
  }
  if (process.env.PROTON_AUDIT_REQUIRE_MOTO === '1') {
    describe(name, () => {
      it('needs moto_server (PROTON_AUDIT_REQUIRE_MOTO=1)', () => {
        throw new Error('moto_server is not on PATH, and PROTON_AUDIT_REQUIRE_MOTO=1 requires it (pip install "moto[server]")');
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: moto_server is not on PATH (pip install "moto[server]" to run these tests)`);
  describe.skip(name, body);
}
