/**
 * The collection progress display, always on stderr so a snapshot piped from stdout stays
 * intact. On a terminal: a cli-progress bar over account × region pairs with the run's counters,
 * redrawn a few times a second; notes printed meanwhile go above it. Elsewhere (CI logs): one
 * plain line every few seconds, and nothing at all for a run that ends sooner.
 */
import cliProgress from 'cli-progress';
import type { CollectStats, ProgressReporter } from '../../collect/stats.ts';
import type { OutStream } from '../shared/io.ts';

export interface ProgressDisplay extends ProgressReporter {
  /** Prints a note without tearing the bar (above it on a terminal). */
  log(line: string): void;
}

export interface ProgressOptions {
  /** The bar needs a real terminal stream; anything else gets plain lines. */
  stream: OutStream;
  /** Default: whether the stream is a terminal. */
  tty?: boolean;
  /** Plain-line interval; default 5000 ms. */
  intervalMs?: number;
  /** Elapsed-time clock (ms); default performance.now. */
  now?: () => number;
}

export function progressLine(stats: Readonly<CollectStats>, elapsedMs: number): string {
  const a = stats.accounts;
  const parts = [
    `accounts ${a.done}/${a.total}${a.failed > 0 ? ` (${a.failed} not collected)` : ''}`,
    `regions ${stats.regions.done}/${stats.regions.total}`,
    `resources ${stats.resources}`,
    `calls ${stats.calls}`,
    `throttles ${stats.throttles}`,
  ];
  if (stats.failures > 0) parts.push(`failed calls ${stats.failures}`);
  if (stats.reused > 0) parts.push(`reused ${stats.reused}`);
  return `collecting (${Math.round(elapsedMs / 1000)} s): ${parts.join(', ')}`;
}

export function createProgress(opts: ProgressOptions): ProgressDisplay {
  const tty = opts.tty ?? opts.stream.isTTY === true;
  const now = opts.now ?? (() => performance.now());
  const write = (line: string): void => {
    opts.stream.write(`${line}\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  let stats: Readonly<CollectStats> | undefined;
  let started = 0;

  if (!tty) {
    return {
      start(s) {
        stats = s;
        started = now();
        timer = setInterval(() => {
          if (stats) write(progressLine(stats, now() - started));
        }, opts.intervalMs ?? 5000);
        timer.unref();
      },
      stop() {
        if (timer) clearInterval(timer);
        timer = undefined;
        stats = undefined;
      },
      log: write,
    };
  }

  let multi: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  const payload = (s: Readonly<CollectStats>) => ({
    accounts: `${s.accounts.done + s.accounts.failed}/${s.accounts.total}`,
    resources: s.resources,
    calls: s.calls,
    throttles: s.throttles,
    failures: s.failures,
  });
  return {
    start(s) {
      stats = s;
      multi = new cliProgress.MultiBar(
        {
          stream: opts.stream as NodeJS.WritableStream,
          format: 'collecting |{bar}| regions {value}/{total} | accounts {accounts} | {resources} resources | {calls} calls | {throttles} throttles | {failures} failed',
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
          // Long lines would wrap and break the redraw.
          linewrap: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar = multi.create(Math.max(1, s.regions.total), s.regions.done, payload(s));
      timer = setInterval(() => {
        if (!stats || !bar) return;
        bar.setTotal(Math.max(1, stats.regions.total));
        bar.update(stats.regions.done, payload(stats));
      }, 200);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (bar && stats) bar.update(stats.regions.done, payload(stats));
      multi?.stop();
      multi = undefined;
      bar = undefined;
      stats = undefined;
    },
    log(line) {
      if (multi) multi.log(`${line}\n`);
      else write(line);
    },
  };
}
