import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Frame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { seconds } from '../core/units.js';
import { checkSession, readSession } from './session-file.js';

const params = z.strictObject({
  /** A session written by `terpsi record`, relative to the patch. */
  file: z.string().min(1),
  /** Recorded source ids to play; all when left out. */
  sources: z.array(z.string().min(1)).min(1).optional(),
  loop: z.boolean().default(false),
});

export type ReplayParams = z.infer<typeof params>;

/**
 * Plays a recorded session back with its timing: a frame recorded at t plays at
 * t0 + (t − first t), t0 being the engine time at start, and carries that time. Frames keep the
 * source id they were recorded with, so a patch built for the live source works unchanged.
 * A loop starts again one recorded frame interval after the last frame; audio sample counters
 * go on counting across loops, as the master time of audio must. A missing file or one that is
 * not a session fails at create.
 */
export const replay: SourceType<ReplayParams> = {
  name: 'replay',
  description: 'plays a recorded session (terpsi record) with its original timing',
  params,
  live: false,
  create(p, ctx) {
    const file = ctx.resolve(p.file);
    checkSession(file);
    const keep = p.sources ? new Set(p.sources) : undefined;
    return new Observable<Frame>((subscriber) => {
      const stop = new AbortController();
      const run = async () => {
        let start: number = ctx.clock.now();
        // Per audio source: the first recorded index, what this pass adds to recorded indices, and
        // where this pass's counting ends (the next pass starts counting there).
        const counters = new Map<string, { first: number; offset: number; end: number }>();
        do {
          let first: number | undefined;
          let last = 0;
          let interval = 0;
          for await (const frame of readSession(file)) {
            if (stop.signal.aborted) return;
            if (keep && !keep.has(frame.source)) continue;
            if (first === undefined) first = frame.t;
            else interval = frame.t - last;
            last = frame.t;
            const t = seconds(start + frame.t - first);
            await ctx.clock.sleepUntil(t, stop.signal);
            if (stop.signal.aborted) return;
            if (frame.kind === 'audio') {
              const counter = counters.get(frame.source) ?? { first: frame.index, offset: 0, end: 0 };
              counters.set(frame.source, counter);
              const index = frame.index + counter.offset;
              counter.end = Math.max(counter.end, index + frame.samples.length / frame.channels);
              subscriber.next({ ...frame, t, index });
            } else {
              subscriber.next({ ...frame, t });
            }
          }
          if (first === undefined) break;
          const period = last - first + interval;
          if (p.loop && period <= 0) {
            ctx.log.warn(`${file}: the frames played span no time, so they cannot loop; played once`);
            break;
          }
          start += period;
          for (const counter of counters.values()) counter.offset = counter.end - counter.first;
        } while (p.loop);
        subscriber.complete();
      };
      run().catch((error: unknown) => subscriber.error(error));
      return () => stop.abort();
    });
  },
};
