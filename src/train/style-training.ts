import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../core/seeded-random.js';
import { featureExcerpt } from '../models/feature-frames.js';
import { styleLogits } from '../models/style/style-forward.js';
import { styleWeightShapes, type StyleModelConfig } from '../models/style/style-model-config.js';
import { featureStatistics, type ClipExample } from './clip-examples.js';
import { fitNetwork, heUniform, type EpochRecord, type FitProgress } from './fit-network.js';
import type { TrainingRandom } from './training-random.js';

export interface StyleTrainingSettings {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly seed: number;
}

/** Training segments are played louder or softer by up to this much, dB. */
const gainRange = 6;
/** Validation segments per clip, spread evenly over it. */
const validationSegments = 4;

/**
 * Trains the style CNN with softmax cross-entropy on class-balanced random segments (a class
 * drawn uniformly, then one of its clips, then a segment anywhere in it, with a gain change);
 * keeps the epoch whose averaged segment probabilities give the lowest cross-entropy on the
 * `validate` clips. The input normalisation is the training features' per-band mean and deviation.
 */
export function trainStyleRecognizer(config: StyleModelConfig, train: readonly ClipExample[], validate: readonly ClipExample[], settings: StyleTrainingSettings, hooks: { onStep?: (p: FitProgress) => void; onEpoch?: (r: EpochRecord) => void } = {}) {
  const shapes = styleWeightShapes(config);
  const { mean, std } = featureStatistics(train);
  const init = seededRandom(`style/${settings.seed}`);
  const initial = new Map(shapes.filter((s) => !s.name.startsWith('input/')).map((s) => [s.name, heUniform(s.shape, init)] as const));
  const fixed = new Map<string, tf.Tensor>([
    ['input/mean', tf.tensor1d(mean)],
    ['input/std', tf.tensor1d(std)],
  ]);
  const classes = config.classes.length;
  const byClass = config.classes.map((_, c) => train.filter((e) => e.targets[c] === 1));
  const present = byClass.filter((list) => list.length > 0);
  const { segmentFrames, nMels } = config;
  const batchLoss = (weights: ReadonlyMap<string, tf.Tensor>, random: TrainingRandom) => {
    const inputs = new Float32Array(settings.batch * segmentFrames * nMels);
    const targets = new Float32Array(settings.batch * classes);
    for (let b = 0; b < settings.batch; b++) {
      const pool = present[random.below(present.length)]!;
      const example = pool[random.below(pool.length)]!;
      const view = inputs.subarray(b * segmentFrames * nMels, (b + 1) * segmentFrames * nMels);
      featureExcerpt(example.features, random.below(Math.max(1, example.features.frames - segmentFrames + 1)), segmentFrames, view);
      const gain = (2 * random.next() - 1) * gainRange;
      for (let i = 0; i < view.length; i++) view[i] = view[i]! + gain;
      targets.set(example.targets, b * classes);
    }
    const logits = styleLogits(config, weights, tf.tensor3d(inputs, [settings.batch, segmentFrames, nMels]));
    return tf.losses.softmaxCrossEntropy(tf.tensor2d(targets, [settings.batch, classes]), logits) as tf.Scalar;
  };
  const validationLoss = (weights: ReadonlyMap<string, tf.Tensor>) => {
    let sum = 0;
    for (const example of validate) {
      const last = Math.max(0, example.features.frames - segmentFrames);
      const data = new Float32Array(validationSegments * segmentFrames * nMels);
      for (let k = 0; k < validationSegments; k++) {
        featureExcerpt(example.features, Math.round((k * last) / Math.max(1, validationSegments - 1)), segmentFrames, data.subarray(k * segmentFrames * nMels, (k + 1) * segmentFrames * nMels));
      }
      const p = tf.tidy(() => tf.mean(tf.softmax(styleLogits(config, weights, tf.tensor3d(data, [validationSegments, segmentFrames, nMels]))), 0).dataSync());
      sum -= Math.log(Math.max(1e-7, p[example.targets.indexOf(1)]!));
    }
    return sum / Math.max(1, validate.length);
  };
  const result = fitNetwork({ initial, shapes, fixed, epochs: settings.epochs, stepsPerEpoch: settings.stepsPerEpoch, learningRate: settings.learningRate, seed: settings.seed, loss: batchLoss, validate: validationLoss, ...hooks });
  for (const t of fixed.values()) t.dispose();
  return result;
}
