import { hertz } from '../core/units.js';
import type { EventDetector } from '../models/events/event-detector.js';
import { eventFeatures } from '../models/events/event-features.js';
import type { LabeledDataset } from './datasets/labeled-clip.js';
import { readAudio } from './datasets/read-audio.js';
import { frameTruth } from './frame-truth.js';
import { clipTaggingScores } from './metrics/clip-tagging-scores.js';
import { frameScores } from './metrics/frame-scores.js';

/**
 * Scores the detector on a labelled dataset, as the research does: clip level, each clip's
 * score per tag the mean of its frame probabilities, by ROC AUC and average precision (per tag
 * and per clip); frame level, frames cut at the model's thresholds against the truth (the
 * clips' intervals, or their clip labels on every frame where they have none), by micro and
 * macro precision, recall and F1.
 */
export async function scoreEvents(detector: EventDetector, dataset: LabeledDataset, onProgress?: (done: number, total: number, audio: string) => void) {
  const { config, thresholds } = detector.model;
  const tags = config.tags;
  const clipScores: number[][] = [];
  const clipLabels: boolean[][] = [];
  const predicted: boolean[][] = [];
  const truth: boolean[][] = [];
  let timed = 0;
  for (const [i, clip] of dataset.clips.entries()) {
    const features = eventFeatures(await readAudio(clip.audio, hertz(config.sampleRate)), config);
    const p = detector.frameProbabilities(features);
    const mean = tags.map((_, c) => {
      let sum = 0;
      for (let f = 0; f < features.frames; f++) sum += p[f * tags.length + c]!;
      return sum / Math.max(1, features.frames);
    });
    clipScores.push(mean);
    clipLabels.push(tags.map((t) => clip.tags.includes(t)));
    for (let f = 0; f < features.frames; f++) predicted.push(tags.map((_, c) => p[f * tags.length + c]! >= thresholds[c]!));
    truth.push(...frameTruth(clip, tags, features.frames, config.hop / config.sampleRate));
    if (clip.intervals) timed++;
    onProgress?.(i + 1, dataset.clips.length, clip.audio);
  }
  return { clips: dataset.clips.length, timed, frames: truth.length, clip: clipTaggingScores(clipScores, clipLabels, tags), frame: frameScores(predicted, truth, tags) };
}
