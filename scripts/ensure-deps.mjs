// `npm run demo` on a fresh clone: install the locked dependencies first (npm ci, whose prepare
// step builds dist/) when they are missing or older than the lockfile, and build dist/ when it
// is missing or older than the sources, so the quick start is one command. Plain Node, no
// imports beyond the standard library, since nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(what, args) {
  process.stderr.write(`${what}...\n`);
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal}); see above.\n`);
    process.exit(r.status ?? 1);
  }
}

/** Newest modification time of the files under a directory. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const installed = `${root}node_modules/.package-lock.json`;
const lock = `${root}package-lock.json`;
if (!(existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs)) {
  step('Installing the locked dependencies (npm ci)', ['ci', '--no-audit', '--no-fund']);
}
const index = `${root}dist/rules/index.json`;
if (!existsSync(index) || statSync(index).mtimeMs < Math.max(newest(`${root}src`), newest(`${root}rules`))) {
  step('Building dist/ (npm run build)', ['run', 'build']);
}
