import { hertz } from '../core/units.js';
import { classifyStyle } from '../models/style/classify-style.js';
import type { StyleClassifier } from '../models/style/style-classifier.js';
import type { LabeledDataset } from './datasets/labeled-clip.js';
import { readAudio } from './datasets/read-audio.js';
import { confusionMatrix } from './metrics/confusion-matrix.js';

/**
 * Scores the style recogniser on a labelled dataset: each clip classified as `terpsi classify`
 * does (the average of its segments, one a second), top-1 accuracy over clips, the confusion
 * matrix, and segment-level accuracy (each segment's own best class) for comparison.
 */
export async function scoreStyle(classifier: StyleClassifier, dataset: LabeledDataset, onProgress?: (done: number, total: number, audio: string) => void) {
  const { classes, sampleRate } = classifier.model.config;
  const truth: string[] = [];
  const predicted: string[] = [];
  let segments = 0;
  let segmentsRight = 0;
  for (const [i, clip] of dataset.clips.entries()) {
    const verdict = classifyStyle(classifier, await readAudio(clip.audio, hertz(sampleRate)));
    truth.push(clip.tags[0]!);
    predicted.push(verdict.label);
    for (const s of verdict.segments) {
      if (s.silent) continue;
      segments++;
      if (classes[s.probabilities.indexOf(Math.max(...s.probabilities))] === clip.tags[0]) segmentsRight++;
    }
    onProgress?.(i + 1, dataset.clips.length, clip.audio);
  }
  const right = truth.filter((t, i) => predicted[i] === t).length;
  return {
    clips: truth.length,
    accuracy: right / Math.max(1, truth.length),
    segmentAccuracy: segmentsRight / Math.max(1, segments),
    confusion: confusionMatrix(truth, predicted, classes),
    files: dataset.clips.map((c, i) => ({ audio: c.audio, truth: truth[i]!, predicted: predicted[i]! })),
  };
}
