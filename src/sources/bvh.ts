import { readFileSync } from 'node:fs';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { TerpsiError } from '../core/errors.js';
import type { Frame, Joint } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { metres, normalized, seconds } from '../core/units.js';
import { readBvh } from '../movement/bvh.js';
import { danceJoints } from '../movement/dance-skeleton.js';
import { forwardKinematics } from '../movement/forward-kinematics.js';

const params = z.strictObject({
  /** A BVH file, relative to the patch. */
  file: z.string().min(1),
  /** Id of the one body the frames carry. */
  body: z.number().int().min(0).default(0),
  loop: z.boolean().default(false),
});

export type BvhParams = z.infer<typeof params>;

const certain = normalized(1);

/**
 * Plays a BVH file as skeleton frames with the file's timing: frame k at t0 + k × Frame Time,
 * t0 being the engine time at start. Each frame holds one body on the dance17 topology in world
 * space, its joint positions in metres by forward kinematics of the pose the file is read as
 * (see readBvh: y up, feet at y = 0 standing), every joint with confidence 1. A loop starts again
 * one frame time after the last frame. The whole file is read at create, so a missing file
 * (E_FILE_UNREADABLE) or one that is not BVH of a skeleton the dance skeleton maps onto
 * (E_FILE_FORMAT, file:line) fails before the show starts; a file of no frames ends at once.
 */
export const bvh: SourceType<BvhParams> = {
  name: 'bvh',
  description: 'plays a BVH motion capture file as dance17 skeleton frames with its frame timing',
  params,
  live: false,
  create(p, ctx) {
    const file = ctx.resolve(p.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new TerpsiError('E_FILE_UNREADABLE', `${file}: cannot read the BVH file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
    }
    const { frameTime, frames } = readBvh(text, file);
    return new Observable<Frame>((subscriber) => {
      const stop = new AbortController();
      const run = async () => {
        const start = ctx.clock.now();
        const positions = new Float32Array(3 * danceJoints.length);
        // Counted across loops, so that times are exact multiples of the frame time rather than a running sum.
        let played = 0;
        do {
          for (const pose of frames) {
            const t = seconds(start + played++ * frameTime);
            await ctx.clock.sleepUntil(t, stop.signal);
            if (stop.signal.aborted) return;
            forwardKinematics(pose, positions);
            const joints: Record<string, Joint> = {};
            danceJoints.forEach((name, j) => {
              joints[name] = { x: metres(positions[3 * j]!), y: metres(positions[3 * j + 1]!), z: metres(positions[3 * j + 2]!), confidence: certain };
            });
            subscriber.next({ kind: 'skeleton', t, source: ctx.id, space: 'world', topology: 'dance17', bodies: [{ id: p.body, joints }] });
          }
        } while (p.loop && frames.length > 0);
        subscriber.complete();
      };
      run().catch((error: unknown) => subscriber.error(error));
      return () => stop.abort();
    });
  },
};
