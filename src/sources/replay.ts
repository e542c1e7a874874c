import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Frame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { seconds } from '../core/units.js';
import { assertReadable, readSession } from './session-file.js';

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
 * A loop starts again one recorded frame interval after the last frame.
 */
export const replay: SourceType<ReplayParams> = {
  name: 'replay',
  description: 'plays a recorded session (terpsi record) with its original timing',
  params,
  live: false,
  create(p, ctx) {
    const file = ctx.resolve(p.file);
    assertReadable(file);
    const keep = p.sources ? new Set(p.sources) : undefined;
    return new Observable<Frame>((subscriber) => {
      const stop = new AbortController();
      const run = async () => {
        let start: number = ctx.clock.now();
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
            subscriber.next({ ...frame, t });
          }
          if (first === undefined) break;
          start += last - first + interval;
        } while (p.loop);
        subscriber.complete();
      };
      run().catch((error: unknown) => subscriber.error(error));
      return () => stop.abort();
    });
  },
};
