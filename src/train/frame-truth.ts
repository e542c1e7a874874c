import type { LabeledClip } from './datasets/labeled-clip.js';
import { intervalsToFrames } from './metrics/intervals-to-frames.js';

/**
 * Per frame of a clip (frame i at time i·hop seconds), which tags sound: from its intervals where
 * it has them, else every frame carries the clip's tags (all a clip-level dataset can say).
 */
export function frameTruth(clip: LabeledClip, tags: readonly string[], frames: number, hop: number): boolean[][] {
  if (clip.intervals) return intervalsToFrames(clip.intervals, tags, frames, hop);
  const row = tags.map((t) => clip.tags.includes(t));
  return Array.from({ length: frames }, () => [...row]);
}
