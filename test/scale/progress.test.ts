/**
 * The progress display: plain lines every few seconds when stderr is not a terminal, a
 * cli-progress bar when it is, notes printed through it; and in every case stdout carries the
 * snapshot alone.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/pipeline/progress.ts';
import { newStats } from '../../src/collect/stats.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { parseSnapshot } from '../../src/snapshot/io.ts';
import { testEstate } from '../collect/fixtures/estate.ts';
import { cli } from './helpers.ts';

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns = 200;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  // cli-progress moves the cursor on a terminal.
  cursorTo(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  clearScreenDown(): boolean {
    return true;
  }
}

describe('progressLine', () => {
  it('names accounts, regions, resources, calls and throttles; failures and reuse only when there are some', () => {
    const s = newStats();
    Object.assign(s, { resources: 120, calls: 300, throttles: 2 });
    s.accounts = { total: 3, done: 1, failed: 1 };
    s.regions = { total: 6, done: 2 };
    expect(progressLine(s, 12_400)).toBe('collecting (12 s): accounts 1/3 (1 not collected), regions 2/6, resources 120, calls 300, throttles 2');
    s.failures = 4;
    s.reused = 10;
    expect(progressLine(s, 0)).toMatch(/failed calls 4, reused 10$/);
  });
});

describe('createProgress', () => {
  it('off a terminal: one line per interval, nothing after stop', () => {
    vi.useFakeTimers();
    try {
      const out = new Capture(false);
      let t = 0;
      const p = createProgress({ stream: out, intervalMs: 5000, now: () => t });
      const s = newStats();
      p.start(s);
      t = 4000;
      vi.advanceTimersByTime(4000);
      expect(out.text).toBe('');
      s.calls = 42;
      t = 5000;
      vi.advanceTimersByTime(1000);
      expect(out.text).toBe('collecting (5 s): accounts 0/0, regions 0/0, resources 0, calls 42, throttles 0\n');
      p.log('a note');
      p.stop();
      vi.advanceTimersByTime(20_000);
      expect(out.text.split('\n').filter(Boolean)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a terminal: a bar with the counters, notes printed through it', () => {
    vi.useFakeTimers();
    try {
      const out = new Capture(true);
      const p = createProgress({ stream: out });
      const s = newStats();
      s.regions.total = 4;
      p.start(s);
      s.regions.done = 2;
      s.calls = 99;
      vi.advanceTimersByTime(1000);
      p.log('account 1 note');
      vi.advanceTimersByTime(1000);
      p.stop();
      expect(out.text).toContain('regions 2/4');
      expect(out.text).toContain('99 calls');
      expect(out.text).toContain('account 1 note');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('collect with the progress display on', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ estate: testEstate({ scale: 5 }), faults: { latencyMs: 30 } });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('keeps stdout the snapshot alone (progress and notes on stderr)', async () => {
    const r = await cli(['collect', '--endpoint-url', emulator.url, '--region', 'us-east-1,eu-west-1', '--concurrency', '2']);
    expect(r.code).toBe(0);
    expect(() => parseSnapshot('stdout', r.stdout)).not.toThrow();
    expect(r.stdout.startsWith('{')).toBe(true);
    expect(r.stderr).toContain('Proton is unavailable in eu-west-1');
  });
});
