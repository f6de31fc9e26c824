/**
 * Hostile spec content, deterministic (seeded): what someone with write access to one spec would
 * plant to slow the audit down or smuggle a secret past it. Used by the secrets bench, the
 * hostile-estate bench and the regression tests, with a benign twin of the same size for each.
 */

// The same seeded PRNG as the synthetic estate: the same content on every machine.
export { prng } from './synthetic-estate.ts';
import { prng } from './synthetic-estate.ts';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

/**
 * 20 distinct alphanumerics with at least one lower, upper and digit: entropy log2(20) ≈ 4.32
 * bits per character, so every one is a high-entropy finding (the threshold is 4.0).
 */
export function randomToken(rand: () => number, length = 20): string {
  const pool = [...LOWER, ...UPPER, ...DIGITS];
  const pick = (set: string): string => set[Math.floor(rand() * set.length)] as string;
  const chosen = new Set<string>([pick(LOWER), pick(UPPER), pick(DIGITS)]);
  while (chosen.size < length) chosen.add(pool[Math.floor(rand() * pool.length)] as string);
  const out = [...chosen];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out.join('');
}

/** `kN: <20 random alphanumerics>` lines up to `bytes`: every line a high-entropy hit. */
export function tokenLinesSpec(bytes: number, seed: number): { text: string; lines: number } {
  const rand = prng(seed);
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const line = `k${n}: ${randomToken(rand)}\n`;
    parts.push(line);
    size += line.length;
  }
  return { text: parts.join(''), lines: parts.length };
}

/** The benign twin: the same shape and size, low-entropy values (no finding). */
export function plainLinesSpec(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const line = `k${n}: value-${n % 1000}-aaaaaaaaaa\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/**
 * One line of JSON of about `bytes`: many plain pairs, and the given secrets under password keys
 * spread through it (one right at a 1 MiB window boundary).
 */
export function singleLineSpec(bytes: number, secrets: readonly string[]): string {
  const plain = '"setting_0000000": "value-aaaaaaaa", ';
  const count = Math.max(1, Math.floor(bytes / plain.length));
  const parts: string[] = ['{'];
  const every = Math.max(1, Math.floor(count / (secrets.length + 1)));
  let s = 0;
  let size = 1;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % every === 0 && s < secrets.length) {
      const pair = `"svc${s}_password": "${secrets[s]}", `;
      parts.push(pair);
      size += pair.length;
      s++;
    }
    // One secret sits across the first window boundary (1 MiB), the case the overlap is for.
    if (s < secrets.length && size < 1 << 20 && size + plain.length >= (1 << 20) - 8) {
      const pair = `"svc${s}_password": "${secrets[s]}", `;
      parts.push(pair);
      size += pair.length;
      s++;
    }
    const line = `"setting_${String(i).padStart(7, '0')}": "value-aaaaaaaa", `;
    parts.push(line);
    size += line.length;
  }
  parts.push('"end": "x"}');
  return parts.join('');
}
