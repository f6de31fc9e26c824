// `npm run demo` on a fresh clone: install the locked dependencies first (npm ci) when they are
// missing or older than the lockfile, so the quick start is one command. Plain Node, no imports
// beyond the standard library, since nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const installed = `${root}node_modules/.package-lock.json`;
const lock = `${root}package-lock.json`;
const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
if (!fresh) {
  process.stderr.write('Installing the locked dependencies (npm ci)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`npm ci failed (exit ${r.status ?? r.signal}); see above.\n`);
    process.exit(r.status ?? 1);
  }
}
