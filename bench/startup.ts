/**
 * Start-up time of the compiled CLI (bin/proton-audit.js → dist/): the median wall time of N
 * runs of `--version` and `rules list`, next to bare `node -e 0` so a loaded machine can be told
 * from a slow CLI. Runs are interleaved, so load that comes and goes hits every command alike.
 * Targets: --version < 150 ms, rules list < 400 ms.
 *
 *   npm run build && npm run bench:startup [-- --runs 21]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}bin/proton-audit.js`;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 21;
if (!existsSync(`${ROOT}dist/rules/index.json`)) {
  process.stderr.write('dist/ is not built: run npm run build first\n');
  process.exit(2);
}

const CASES: Array<{ name: string; args: string[]; target?: number }> = [
  { name: 'node -e 0 (Node itself)', args: ['-e', '0'] },
  { name: 'proton-audit --version', args: [BIN, '--version'], target: 150 },
  { name: 'proton-audit --help', args: [BIN, '--help'] },
  { name: 'proton-audit rules list', args: [BIN, 'rules', 'list'], target: 400 },
];

const times = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
for (const c of CASES) spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: 'ignore' }); // warm the file cache
for (let i = 0; i < RUNS; i++) {
  for (const c of CASES) {
    const start = performance.now();
    const r = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr.toString()}`);
    times.get(c.name)?.push(ms);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const base = median(times.get(CASES[0]?.name ?? '') ?? []);
const table = new Table({ head: ['command', 'median ms', 'min ms', 'over node ms', 'target ms', 'met'] });
for (const c of CASES) {
  const xs = times.get(c.name) ?? [];
  const m = median(xs);
  table.push([c.name, m.toFixed(0), Math.min(...xs).toFixed(0), c.target ? (m - base).toFixed(0) : '', c.target ?? '', c.target ? (m < c.target ? 'yes' : 'NO') : '']);
}
process.stdout.write(`${table.toString()}\n${RUNS} runs each, interleaved; Node ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
