/**
 * Import progress for people: a live bar (count, rate, ETA) on a terminal, and a plain line every
 * few seconds when the output is a file or a CI log, where a redrawn bar would be noise.
 */
import cliProgress from 'cli-progress';
import type { ImportPhase, ImportSummary } from '../ingest/importer.ts';

export interface InputProgress {
  /** Bytes of input consumed so far, and in all (0 when unknown). */
  bytesRead(): number;
  totalBytes: number;
}

export interface ProgressReporter {
  update(summary: Readonly<ImportSummary>, phase: ImportPhase): void;
  stop(): void;
}

/** How often a plain progress line is printed when the output is not a terminal. */
const PLAIN_INTERVAL_MS = 5_000;

const PHASE_LABEL: Record<ImportPhase, string> = {
  reading: 'reading',
  indexing: 'building the full-text index',
  counting: 'counting',
  committing: 'committing',
};

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgressReporter(input: InputProgress, out: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = performance.now();
  const rate = (n: number) => Math.round(n / Math.max((performance.now() - started) / 1000, 1e-3));
  const share = () => (input.totalBytes ? Math.min(1, input.bytesRead() / input.totalBytes) : 0);
  const eta = () => {
    const done = share();
    return done > 0 ? ((performance.now() - started) / 1000) * ((1 - done) / done) : NaN;
  };

  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '{bar} {percentage}% | {papers} papers | {rate}/s | ETA {etaText} | {phase}',
        hideCursor: true,
        stream: out,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { papers: 0, rate: 0, etaText: '?', phase: 'reading' });
    return {
      update(summary, phase) {
        bar.update(Math.round(share() * 1000), {
          papers: summary.read.toLocaleString('en'),
          rate: rate(summary.read).toLocaleString('en'),
          etaText: phase === 'reading' ? formatDuration(eta()) : '-',
          phase: PHASE_LABEL[phase],
        });
      },
      stop: () => bar.stop(),
    };
  }

  // The first report prints at once, so a log shows early that the import is under way.
  let lastLine = -Infinity;
  let lastPhase: ImportPhase = 'reading';
  return {
    update(summary, phase) {
      const now = performance.now();
      if (phase === lastPhase && now - lastLine < PLAIN_INTERVAL_MS) return;
      lastLine = now;
      lastPhase = phase;
      const percent = input.totalBytes ? ` (${Math.round(share() * 100)}% of the input, ETA ${formatDuration(eta())})` : '';
      const what = phase === 'reading' ? `${summary.read.toLocaleString('en')} records read, ${rate(summary.read).toLocaleString('en')}/s${percent}` : PHASE_LABEL[phase];
      out.write(`import: ${what}\n`);
    },
    stop() {},
  };
}
