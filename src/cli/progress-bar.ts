import type { Clock } from '../core/clock.js';
import type { Terminal } from './terminal.js';

/** Width of the bar itself, characters. */
const width = 24;

export interface ProgressBar {
  /** `done` of the total are finished; `detail` names the last one. */
  update(done: number, detail: string): void;
  /** Removes the bar (terminals) before the summary is printed. */
  clear(): void;
}

/** `m:ss` (or `h:mm:ss`) for a duration in seconds. */
export function formatDuration(s: number): string {
  const total = Math.max(0, Math.round(s));
  const [h, m, sec] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mmss = `${h > 0 ? String(m).padStart(2, '0') : m}:${String(sec).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * A progress bar with the time left on `terminal`'s status line: `label [####····] 12/36 33 %
 * ETA 0:41 detail`. The estimate is the mean time per item so far, on `clock`. Off a terminal
 * (pipes, CI logs) it prints a plain line at every tenth of the way instead.
 */
export function progressBar(terminal: Terminal, label: string, total: number, clock: Clock): ProgressBar {
  const start = clock.now();
  let lastTenth = 0;
  return {
    update(done, detail) {
      const elapsed = clock.now() - start;
      const left = done > 0 ? (elapsed / done) * (total - done) : NaN;
      const filled = total > 0 ? Math.round((width * done) / total) : width;
      const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
      const eta = Number.isNaN(left) ? '–' : formatDuration(left);
      const counts = `${done}/${total} ${String(percent).padStart(3)} %`;
      if (terminal.interactive) {
        terminal.status(`${label} [${'#'.repeat(filled)}${'·'.repeat(width - filled)}] ${counts} ETA ${eta} ${detail}`);
      } else if (Math.floor((10 * done) / Math.max(1, total)) > lastTenth || done === total) {
        lastTenth = Math.floor((10 * done) / Math.max(1, total));
        terminal.line(`${label}: ${counts}, ${formatDuration(elapsed)} elapsed, ETA ${eta} (${detail})`);
      }
    },
    clear: () => terminal.clear(),
  };
}
