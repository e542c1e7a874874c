import { Subject } from 'rxjs';
import type { AudioFrame, EventsFrame, Frame } from '../../src/core/frames.js';
import { realClock } from '../../src/core/clock.js';
import { createLog } from '../../src/core/log.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { hertz, seconds } from '../../src/core/units.js';
import { ensureBackend } from '../../src/models/backend.js';
import { liveEvents } from '../../src/models/events/live-events.js';
import { openEventModel } from '../../src/models/events/open-event-model.js';
import { liveStyle } from '../../src/models/style/live-style.js';
import { openStyleModel } from '../../src/models/style/open-style-model.js';
import { testContext } from '../helpers/context.js';
import type { BenchReport } from './report.js';

const rate = 16000;
const block = 512;
const duration = 60;
const budgetMs = 50;

/** One minute of a noisy chord in 32 ms blocks, as a microphone delivers it. */
function blocks(): AudioFrame[] {
  const random = seededRandom('listening');
  return Array.from({ length: (duration * rate) / block }, (_, b) => ({
    kind: 'audio',
    t: seconds((b * block) / rate),
    source: 'mic',
    sampleRate: hertz(rate),
    channels: 1,
    index: b * block,
    samples: Float32Array.from({ length: block }, (_, i) => {
      const t = (b * block + i) / rate;
      return 0.1 * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277 * t) + Math.sin(2 * Math.PI * 330 * t)) + 0.02 * (random() - 0.5);
    }),
  }));
}

/** Per-block compute of a live node, in milliseconds, for blocks that produced an update. */
function timeNode(operator: (input: Subject<Frame>) => { subscribe: (f: (frame: EventsFrame) => void) => unknown }, frames: readonly AudioFrame[]) {
  const input = new Subject<Frame>();
  let updates = 0;
  operator(input).subscribe(() => updates++);
  const times: number[] = [];
  for (const frame of frames) {
    const before = updates;
    const start = performance.now();
    input.next(frame);
    const ms = performance.now() - start;
    if (updates > before) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  const first = frames.length;
  return { updates, p50: at(0.5), p99: at(0.99), max: times.at(-1) ?? NaN, perSecond: updates / ((first * block) / rate) };
}

/**
 * Live listening on one core: the shipped event detector (an update every 0.1 s over a 3 s
 * window) and style recogniser (a verdict every second over a 5.4 s segment) fed one minute of
 * audio in 32 ms blocks; the time of each block that produced an update, feature extraction
 * included.
 */
export async function listening(): Promise<BenchReport> {
  const clock = realClock();
  const backend = await ensureBackend(createLog({ clock, level: 'warn' }));
  const frames = blocks();
  const events = openEventModel();
  const style = openStyleModel();
  const warm = frames.slice(0, (10 * rate) / block);
  timeNode((i) => i.pipe(liveEvents(events, { window: seconds(3), interval: seconds(0.1), hysteresis: 0.1 }, testContext('events'))), warm);
  const e = timeNode((i) => i.pipe(liveEvents(events, { window: seconds(3), interval: seconds(0.1), hysteresis: 0.1 }, testContext('events'))), frames);
  timeNode((i) => i.pipe(liveStyle(style, { interval: seconds(1), forget: seconds(5) }, testContext('style'))), warm);
  const s = timeNode((i) => i.pipe(liveStyle(style, { interval: seconds(1), forget: seconds(5) }, testContext('style'))), frames);
  const ms = (x: number) => x.toFixed(1);
  // The first window (3 s) and segment (5.4 s) must fill before the first update.
  const eventRate = e.updates / (duration - 3);
  const styleRate = s.updates / (duration - 5.4);
  return {
    name: `live listening, shipped models, ${backend.name} backend, one core`,
    lines: [
      `event detector: ${e.updates} updates (${eventRate.toFixed(1)}/s), compute per update p50 ${ms(e.p50)} ms, p99 ${ms(e.p99)} ms, max ${ms(e.max)} ms`,
      `style recogniser: ${s.updates} verdicts (${styleRate.toFixed(2)}/s), compute per verdict p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, max ${ms(s.max)} ms`,
    ],
    targets: [
      { target: `events ${eventRate.toFixed(1)} updates/s ≥ 10, p99 ${ms(e.p99)} ms ≤ ${budgetMs} ms`, met: eventRate >= 9.9 && e.p99 <= budgetMs },
      { target: `style ${styleRate.toFixed(2)} verdicts/s ≥ 1, p99 ${ms(s.p99)} ms ≤ ${budgetMs} ms`, met: styleRate >= 0.99 && s.p99 <= budgetMs },
    ],
  };
}
