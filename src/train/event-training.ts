import * as tf from '@tensorflow/tfjs';
import { eventForward } from '../models/events/event-forward.js';
import { eventWeightShapes, type EventModelConfig } from '../models/events/event-model-config.js';
import { featureExcerpt } from '../models/feature-frames.js';
import type { ClipExample } from './clip-examples.js';
import { featureStatistics } from './clip-examples.js';
import { fitNetwork, heUniform, type EpochRecord, type FitProgress } from './fit-network.js';
import type { TrainingRandom } from './training-random.js';
import { seededRandom } from '../core/seeded-random.js';

export interface EventTrainingSettings {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
  readonly learningRate: number;
  /** The learning rate of the last step, reached along a half cosine; absent, the rate stays fixed. */
  readonly finalLearningRate?: number;
  /** Frames of each training excerpt, cut at random from a clip (shorter clips are padded). */
  readonly excerptFrames: number;
  readonly seed: number;
}

/** The level of digital silence in the features: the log-mel floor, dB. */
const silenceDb = -100;
/** Share of training excerpts replaced by silence with no tags, so that silence learns to say nothing. */
const silenceShare = 0.05;
/** Training excerpts are played louder or softer by up to this much, dB. */
const gainRange = 6;

/** Binary cross-entropy of probabilities `p` against 0/1 `y`, averaged. */
export function binaryCrossEntropy(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))))) as tf.Scalar;
}

/**
 * Trains the event detector on clip-level targets only (binary cross-entropy of the pooled clip
 * prediction), from random excerpts of `train`, with gain changes and a few silent excerpts;
 * keeps the epoch with the lowest clip-level loss on whole `validate` clips. The input
 * normalisation is the training features' per-band mean and deviation.
 */
export function trainEventDetector(config: EventModelConfig, train: readonly ClipExample[], validate: readonly ClipExample[], settings: EventTrainingSettings, hooks: { onStep?: (p: FitProgress) => void; onEpoch?: (r: EpochRecord) => void } = {}) {
  const shapes = eventWeightShapes(config);
  const { mean, std } = featureStatistics(train);
  const init = seededRandom(`events/${settings.seed}`);
  const initial = new Map<string, Float32Array>();
  for (const { name, shape } of shapes) {
    if (name.startsWith('input/')) continue;
    initial.set(name, name === 'gaussian/log_sigma' ? new Float32Array(config.tags.length).fill(Math.log(2)) : heUniform(shape, init));
  }
  const size = train[0]!.features.size;
  const fixed = new Map<string, tf.Tensor>([
    ['input/mean', tf.tensor1d(mean)],
    ['input/std', tf.tensor1d(std)],
  ]);
  const batchLoss = (weights: ReadonlyMap<string, tf.Tensor>, random: TrainingRandom) => {
    const { batch, excerptFrames } = settings;
    const inputs = new Float32Array(batch * excerptFrames * size);
    const targets = new Float32Array(batch * config.tags.length);
    for (let b = 0; b < batch; b++) {
      const view = inputs.subarray(b * excerptFrames * size, (b + 1) * excerptFrames * size);
      if (random.next() < silenceShare) {
        view.fill(silenceDb);
        continue;
      }
      const example = train[random.below(train.length)]!;
      featureExcerpt(example.features, random.below(Math.max(1, example.features.frames - excerptFrames + 1)), excerptFrames, view);
      const gain = (2 * random.next() - 1) * gainRange;
      for (let i = 0; i < view.length; i++) view[i] = Math.max(silenceDb, view[i]! + gain);
      targets.set(example.targets, b * config.tags.length);
    }
    const { clip } = eventForward(config, weights, tf.tensor3d(inputs, [batch, excerptFrames, size]));
    return binaryCrossEntropy(clip, tf.tensor2d(targets, [batch, config.tags.length]));
  };
  const validationLoss = (weights: ReadonlyMap<string, tf.Tensor>) => {
    let sum = 0;
    for (const example of validate) {
      sum += tf.tidy(() => {
        const { clip } = eventForward(config, weights, tf.tensor3d(example.features.data, [1, example.features.frames, size]));
        return binaryCrossEntropy(clip, tf.tensor2d(example.targets, [1, config.tags.length])).dataSync()[0]!;
      });
    }
    return sum / Math.max(1, validate.length);
  };
  const result = fitNetwork({ initial, shapes, fixed, epochs: settings.epochs, stepsPerEpoch: settings.stepsPerEpoch, learningRate: settings.learningRate, finalLearningRate: settings.finalLearningRate, seed: settings.seed, loss: batchLoss, validate: validationLoss, ...hooks });
  for (const t of fixed.values()) t.dispose();
  return result;
}
