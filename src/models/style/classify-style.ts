import { rmsDb } from '../../dsp/rms-db.js';
import type { StyleClassifier } from './style-classifier.js';
import { styleFeatures } from './style-features.js';

/** Segments quieter than this, dBFS RMS, are silence: they say nothing about the style. */
export const silenceDbfs = -60;

/** The label given when every segment is silent. */
export const unknownStyle = 'unknown';

/** One segment's verdict. */
export interface StyleSegment {
  /** Start of the segment, seconds from the start of the audio. */
  readonly t: number;
  /** Per class; uniform for a silent segment. */
  readonly probabilities: Float32Array;
  readonly silent: boolean;
}

/** A recording's style: the running average of its segments' probabilities. */
export interface StyleVerdict {
  /** The most probable class, or `unknown` when every segment is silent. */
  readonly label: string;
  /** The incremental average over the non-silent segments (uniform when there are none). */
  readonly probabilities: Float32Array;
  readonly segments: readonly StyleSegment[];
  /** True when the audio was shorter than one segment and was looped to fill it. */
  readonly padded: boolean;
}

/**
 * Classifies a whole recording (mono samples at the model's rate): one segment every
 * `hopSeconds` (the last one ending at the end of the audio), each scored by the CNN, silent
 * ones (RMS below −60 dBFS) left out of the average.
 */
export function classifyStyle(classifier: StyleClassifier, samples: Float32Array, hopSeconds = 1): StyleVerdict {
  const { config } = classifier.model;
  const features = styleFeatures(samples, config);
  const hop = Math.max(1, Math.round((hopSeconds * config.sampleRate) / config.hop));
  const last = Math.max(0, features.frames - config.segmentFrames);
  const starts: number[] = [];
  for (let s = 0; s < last; s += hop) starts.push(s);
  starts.push(last);
  const scored = classifier.segmentProbabilities(features, starts);
  const uniform = () => new Float32Array(config.classes.length).fill(1 / config.classes.length);
  const average = new Float32Array(config.classes.length);
  let counted = 0;
  const segments = starts.map((start, i) => {
    const from = start * config.hop;
    const silent = rmsDb(samples.subarray(from, from + config.segmentFrames * config.hop)) < silenceDbfs;
    if (!silent) {
      counted++;
      for (let c = 0; c < average.length; c++) average[c]! += (scored[i]![c]! - average[c]!) / counted;
    }
    return { t: from / config.sampleRate, probabilities: silent ? uniform() : scored[i]!, silent };
  });
  const probabilities = counted > 0 ? average : uniform();
  const best = probabilities.indexOf(Math.max(...probabilities));
  return { label: counted > 0 ? config.classes[best]! : unknownStyle, probabilities, segments, padded: features.frames < config.segmentFrames };
}
