import type { Clock } from '../core/clock.js';
import { seconds } from '../core/units.js';
import type { Running, RuntimeStats } from '../patch/runtime.js';
import type { Terminal } from './terminal.js';

/** Interval between status redraws on a terminal, and between status lines in a log, seconds. */
const redraw = 0.5;
const logEvery = 10;

const ms = (s: number) => (Number.isNaN(s) ? '–' : (s * 1000).toFixed(2));

/** The status line: engine time, input and output rates over the last interval, drops, errors, latency. */
export function formatStatus(name: string, now: RuntimeStats, before: RuntimeStats, wallSeconds: number): string {
  const sent = (s: RuntimeStats) => s.outputs.reduce((n, o) => n + o.sent, 0);
  const dropped = now.outputs.reduce((n, o) => n + o.dropped, 0);
  const worst = now.outputs.reduce((w, o) => (o.latencyP99 > (w?.latencyP99 ?? -1) ? o : w), now.outputs[0]);
  const rate = (a: number, b: number) => (wallSeconds > 0 ? (a - b) / wallSeconds : 0);
  return [
    `${name} ${now.t.toFixed(1)} s`,
    `in ${rate(now.framesIn, before.framesIn).toFixed(1)} fps`,
    `out ${rate(sent(now), sent(before)).toFixed(0)} msg/s`,
    `dropped ${dropped}`,
    `errors ${now.errors + now.outputs.reduce((n, o) => n + o.errors, 0)}`,
    `latency p50 ${ms(worst?.latencyP50 ?? NaN)} ms p99 ${ms(worst?.latencyP99 ?? NaN)} ms`,
  ].join(' │ ');
}

/** Keeps the status line up to date on wall time until the returned function is called. */
export function showStatus(name: string, running: Running, terminal: Terminal, wall: Clock): () => void {
  const stop = new AbortController();
  void (async () => {
    let before = running.stats();
    let beforeWall = wall.now();
    let lastLogged = beforeWall;
    while (!stop.signal.aborted) {
      await wall.sleepUntil(seconds(wall.now() + redraw), stop.signal);
      if (stop.signal.aborted) break;
      const now = running.stats();
      const line = formatStatus(name, now, before, wall.now() - beforeWall);
      if (terminal.interactive) terminal.status(line);
      else if (wall.now() - lastLogged >= logEvery) {
        terminal.line(line);
        lastLogged = wall.now();
      }
      before = now;
      beforeWall = wall.now();
    }
  })();
  return () => stop.abort();
}
