import * as tf from '@tensorflow/tfjs';
import { featureExcerpt, type FeatureFrames } from '../feature-frames.js';
import { weightTensors } from '../weight-tensors.js';
import { styleLogits } from './style-forward.js';
import { styleWeightShapes } from './style-model-config.js';
import type { StyleModelFiles } from './style-model-files.js';

/** A loaded style recogniser: class probabilities of log-mel segments. Call dispose() when done with it. */
export class StyleClassifier {
  readonly #weights: Map<string, tf.Tensor>;

  constructor(readonly model: StyleModelFiles) {
    this.#weights = weightTensors(model.weights, styleWeightShapes(model.config));
  }

  get classes(): readonly string[] {
    return this.model.config.classes;
  }

  /**
   * Class probabilities (softmax) of the segments of `features` that start at frames `starts`,
   * one array per segment. A segment reaching past the end is padded by repeating the features
   * from its start, so a clip shorter than a segment is heard looped.
   */
  segmentProbabilities(features: FeatureFrames, starts: readonly number[]): Float32Array[] {
    const { segmentFrames, nMels } = this.model.config;
    const classes = this.classes.length;
    const data = new Float32Array(starts.length * segmentFrames * nMels);
    starts.forEach((start, i) => loopedExcerpt(features, start, segmentFrames, data.subarray(i * segmentFrames * nMels, (i + 1) * segmentFrames * nMels)));
    const probabilities = tf.tidy(() => tf.softmax(styleLogits(this.model.config, this.#weights, tf.tensor3d(data, [starts.length, segmentFrames, nMels]))).dataSync() as Float32Array);
    return starts.map((_, i) => probabilities.slice(i * classes, (i + 1) * classes));
  }

  dispose(): void {
    for (const t of this.#weights.values()) t.dispose();
  }
}

/** `length` rows from `start`, the rows from `start` to the end repeated as often as needed. */
function loopedExcerpt(features: FeatureFrames, start: number, length: number, into: Float32Array): void {
  const available = features.frames - start;
  if (available >= length) {
    featureExcerpt(features, start, length, into);
    return;
  }
  const { size, data } = features;
  for (let i = 0; i < length; i++) {
    const row = start + (i % available);
    into.set(data.subarray(row * size, (row + 1) * size), i * size);
  }
}
