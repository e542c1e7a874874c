import type { Hertz } from '../core/units.js';
import type { FeatureFrames } from '../models/feature-frames.js';
import type { LabeledClip, LabeledDataset } from './datasets/labeled-clip.js';
import { readAudio } from './datasets/read-audio.js';

/** A clip ready for training: its features and a 0/1 target per tag of the dataset. */
export interface ClipExample {
  readonly clip: LabeledClip;
  readonly features: FeatureFrames;
  readonly targets: Float32Array;
}

/**
 * Reads every clip of `dataset` at `sampleRate` and computes its features, in dataset order.
 * `onProgress` is called after each clip. Unreadable files stop it with the reader's coded error
 * naming the file: a training run should not quietly learn from less than it was given.
 */
export async function clipExamples(dataset: LabeledDataset, sampleRate: Hertz, featuresOf: (samples: Float32Array) => FeatureFrames, onProgress?: (done: number, total: number, clip: LabeledClip) => void): Promise<ClipExample[]> {
  const examples: ClipExample[] = [];
  for (const clip of dataset.clips) {
    const features = featuresOf(await readAudio(clip.audio, sampleRate));
    const targets = new Float32Array(dataset.tags.length);
    for (const tag of clip.tags) targets[dataset.tags.indexOf(tag)] = 1;
    examples.push({ clip, features, targets });
    onProgress?.(examples.length, dataset.clips.length, clip);
  }
  return examples;
}

/** Per feature dimension, the mean and standard deviation over every frame of `examples` (std at least 1e-3). */
export function featureStatistics(examples: readonly ClipExample[]): { mean: Float32Array; std: Float32Array } {
  const size = examples[0]?.features.size ?? 0;
  const sum = new Float64Array(size);
  const squares = new Float64Array(size);
  let count = 0;
  for (const { features } of examples) {
    for (let i = 0; i < features.data.length; i++) {
      const x = features.data[i]!;
      const j = i % size;
      sum[j] = sum[j]! + x;
      squares[j] = squares[j]! + x * x;
    }
    count += features.frames;
  }
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  for (let j = 0; j < size; j++) {
    mean[j] = sum[j]! / count;
    std[j] = Math.max(1e-3, Math.sqrt(Math.max(0, squares[j]! / count - mean[j]! ** 2)));
  }
  return { mean, std };
}
