import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../src/core/clock.js';
import { createLog } from '../../src/core/log.js';
import { ensureBackend } from '../../src/models/backend.js';
import { loadPoseModel, poseModelNames } from '../../src/models/pose/pose-model.js';
import { readVideoFrames } from '../../src/sources/video-frames.js';
import { personPhoto } from '../helpers/person-photo.js';
import type { BenchReport } from './report.js';

/** Frames timed per model, after two untimed ones. */
const frames = 20;

/** Pose extraction speed of every model terpsi runs, on a video of one standing person, decoding included. */
export async function poseSpeed(): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'terpsi-bench-pose-'));
  try {
    const video = join(dir, 'person.mp4');
    personPhoto(video, 1);
    const clock = realClock();
    const backend = await ensureBackend(createLog({ clock, level: 'warn' }));
    const lines: string[] = [];
    for (const name of poseModelNames) {
      const model = await loadPoseModel(name);
      let done = 0;
      let start = 0;
      for await (const image of readVideoFrames(video, { size: model.size, fps: 30 })) {
        if (done === 2) start = performance.now();
        await model.estimate(image);
        if (++done === frames + 2) break;
      }
      const seconds = (performance.now() - start) / 1000;
      lines.push(`${name.padEnd(18)} ${(frames / seconds).toFixed(1).padStart(5)} frames/s  (${((1000 * seconds) / frames).toFixed(0)} ms a frame, ${model.size}×${model.size})`);
      model.dispose();
    }
    return { name: `pose extraction, one person, ${backend.name} backend, one core`, lines, targets: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
