import { join } from 'node:path';
import { hertz, metres, normalized } from '../core/units.js';
import type { Pose } from '../movement/action-segmentation.js';
import { readBvh } from '../movement/bvh.js';
import { danceJoints } from '../movement/dance-skeleton.js';
import { forwardKinematics } from '../movement/forward-kinematics.js';
import type { LmaPreset } from '../movement/lma-efforts.js';
import { mapBody } from '../movement/map-skeleton.js';
import { segmentEfforts } from '../models/sonify/segment-efforts.js';
import { melPatch } from '../models/sonify/sonify-mel.js';
import { motionRate, segmentSeconds, type SonifyModelConfig } from '../models/sonify/sonify-model-config.js';
import { danceCorpusDataset } from './datasets/dance-corpus-dataset.js';
import { readAudio } from './datasets/read-audio.js';
import { readText } from './datasets/read-text.js';
import { resampleMotion } from './datasets/resample-motion.js';

/** One training pair: a segment's movement as efforts and its sound as a patch. */
export interface SonifyExample {
  /** windows × 5 raw efforts. */
  readonly efforts: Float32Array;
  /** patchFrames × nMels, 0..1, row-major. */
  readonly patch: Float32Array;
}

/**
 * Training pairs from a folder in the dance corpus layout (`terpsi corpus dance`: `<name>.wav`
 * music and `<name>.bvh` the dancer moving to it): every segment of each track,
 * one every `stride` seconds, its efforts (segmentEfforts) paired with the log-mel patch of the
 * music over the same span. The sound a movement should make is, here, the music it was danced to.
 */
export async function sonifyExamples(dir: string, c: SonifyModelConfig, preset: LmaPreset, stride: number, onProgress?: (done: number, total: number, name: string) => void): Promise<SonifyExample[]> {
  const tracks = danceCorpusDataset(dir);
  const poseCount = Math.round(segmentSeconds(c) * motionRate);
  const sampleCount = (c.patchFrames - 1) * c.hop + c.nFft;
  const examples: SonifyExample[] = [];
  for (const [k, track] of tracks.entries()) {
    const audio = await readAudio(join(dir, `${track.name}.wav`), hertz(c.sampleRate));
    const poses = kinect2Poses(join(dir, `${track.name}.bvh`));
    for (let start = 0; ; start += Math.round(stride * motionRate)) {
      const first = Math.round((start / motionRate) * c.sampleRate);
      if (start + poseCount > poses.length || first + sampleCount > audio.length) break;
      const { efforts } = segmentEfforts(poses.slice(start, start + poseCount), c, preset);
      const rows = melPatch(audio.subarray(first, first + sampleCount), c).slice(0, c.patchFrames);
      const patch = new Float32Array(c.patchFrames * c.nMels);
      rows.forEach((row, j) => patch.set(row, j * c.nMels));
      examples.push({ efforts, patch });
    }
    onProgress?.(k + 1, tracks.length, track.name);
  }
  return examples;
}

/** A BVH file's dancer at 30 fps on kinect2 joint names (forward kinematics of the dance skeleton, then mapped). */
export function kinect2Poses(file: string): Pose[] {
  const motion = readBvh(readText(file, 'motion'), file);
  const positions = new Float32Array(3 * danceJoints.length);
  return resampleMotion(motion.frames, motion.frameTime).map((pose) => {
    forwardKinematics(pose, positions);
    const joints = Object.fromEntries(danceJoints.map((name, j) => [name, { x: metres(positions[3 * j]!), y: metres(positions[3 * j + 1]!), z: metres(positions[3 * j + 2]!), confidence: normalized(1) }]));
    return mapBody({ id: 0, joints }, 'dance17', 'kinect2').joints;
  });
}
