/**
 * Pull progress on stderr, as the import shows it (src/cli/progress.ts): on a terminal a live bar
 * with rows, rate and — when the query selects `totalCount` — the total and ETA; in a file or a CI
 * log a plain line every few seconds, where a redrawn bar would be noise. Notices (retries, resume)
 * are printed as lines of their own in both.
 */
import cliProgress from 'cli-progress';
import type { PullProgress } from './pull.ts';

/** How often a plain progress line is printed when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 5_000;

export interface PullProgressReporter {
  update(progress: PullProgress): void;
  notice(message: string): void;
  stop(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

const count = (n: number) => n.toLocaleString('en');

export function createPullProgress(out: NodeJS.WriteStream = process.stderr, intervalMs = PLAIN_INTERVAL_MS): PullProgressReporter {
  const started = performance.now();
  const elapsed = () => Math.max((performance.now() - started) / 1000, 1e-3);
  // The rate counts this run's rows only: rows a resumed pull found in the file came for free.
  const rate = (p: PullProgress) => (p.rows - p.rowsAtStart) / elapsed();
  const eta = (p: PullProgress) => (p.totalCount !== null && rate(p) > 0 ? Math.max(0, p.totalCount - p.rows) / rate(p) : NaN);

  if (out.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    const values = (p: PullProgress) => ({
      rows: count(p.rows),
      // Not `total`: cli-progress fills {total} itself.
      ofTotal: p.totalCount === null ? '' : ` of ${count(p.totalCount)}`,
      rate: count(Math.round(rate(p))),
      etaText: formatDuration(eta(p)),
    });
    return {
      update(p) {
        if (!bar) {
          // The bar's form depends on whether a total is known, which the first page tells.
          const known = p.totalCount !== null;
          bar = new cliProgress.SingleBar(
            {
              format: known ? '{bar} {percentage}% | {rows}{ofTotal} rows | {rate}/s | ETA {etaText}' : '{rows} rows | {rate}/s',
              hideCursor: true,
              stream: out,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(p.totalCount ?? 0, p.rows, 1), p.rows, values(p));
        }
        if (p.totalCount !== null) bar.setTotal(Math.max(p.totalCount, p.rows, 1));
        bar.update(p.rows, values(p));
      },
      notice(message) {
        // Clear the bar's line, print the notice; the bar redraws on the next update.
        out.write(`\r\x1b[K${message}\n`);
      },
      stop: () => bar?.stop(),
    };
  }

  let last = -Infinity;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      const of = p.totalCount === null ? '' : ` of ${count(p.totalCount)} (${Math.floor((100 * p.rows) / Math.max(p.totalCount, 1))}%, ETA ${formatDuration(eta(p))})`;
      out.write(`pull: ${count(p.rows)} rows${of}, ${count(Math.round(rate(p)))} rows/s\n`);
    },
    notice(message) {
      out.write(`pull: ${message}\n`);
    },
    stop() {},
  };
}
