/**
 * Secret scanning at hostile sizes: a 200 KB spec of `kN: <20 random alphanumerics>` lines, ten
 * of them, a 1 MB one, and a 10 MB single line; then the scan, record and replace step over a
 * snapshot holding the ten, and the scrubber over every finding message. Prints the times.
 *
 *   node --import tsx bench/secrets.ts
 */
import { loadavg } from 'node:os';
import { scanSpec, SecretScrubber } from '../src/facts/secrets.ts';
import { singleLineSpec, tokenLinesSpec } from './hostile-content.ts';

function time<T>(label: string, fn: () => T, describe: (r: T) => string): void {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const r = fn();
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(7)} ms (cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(6)})   ${describe(r)}\n`);
}

const one = tokenLinesSpec(200_000, 1);
const ten = Array.from({ length: 10 }, (_, i) => tokenLinesSpec(200_000, 10 + i).text);
const mb = tokenLinesSpec(1_000_000, 2);
const line = singleLineSpec(10_000_000, ['Sing1eLine-Secret#0', 'Sing1eLine-Secret#1', 'Sing1eLine-Secret#2']);

time('scan: 200 KB of token lines', () => scanSpec(one.text, 'spec'), (r) => `${r.hits.length} hits (${one.lines} lines)`);
time('scan: ten 200 KB specs', () => ten.map((t) => scanSpec(t, 'spec').hits.length), (r) => `${r.reduce((a, b) => a + b, 0)} hits`);
time('scan: 1 MB of token lines', () => scanSpec(mb.text, 'spec'), (r) => `${r.hits.length} hits (${mb.lines} lines)`);
time('scan: 10 MB single line (windowed)', () => scanSpec(line, 'spec'), (r) => `${r.hits.length} hits, windowed: ${r.hits.every((h) => h.windowed === true)}`);
process.stdout.write(`load average ${loadavg()[0]?.toFixed(2)}\n`);
const values = ten.flatMap((t) => scanSpec(t, 'spec').values);
let scrubber = new SecretScrubber();
time('scrubber: build from the ten specs\u2019 values', () => (scrubber = new SecretScrubber(values)), (s) => `${s.size} values`);
const messages = values.map((v, i) => `Environment tokens-${i % 10} has a likely high-entropy in its spec at line ${i} (${v.slice(0, 2)}...)`);
time('scrubber: one message per value', () => messages.map((m) => scrubber.scrub(m)), (r) => `${r.length} messages`);
