import * as tf from '@tensorflow/tfjs';
import { tensorWeights } from '../models/weight-tensors.js';
import type { WeightShape } from '../models/weights-file.js';
import { TrainingRandom } from './training-random.js';

/** Where a training run stands, after each step. */
export interface FitProgress {
  readonly step: number;
  readonly steps: number;
  readonly epoch: number;
  /** Mean training loss of the epoch so far. */
  readonly loss: number;
}

/** One epoch's numbers. */
export interface EpochRecord {
  readonly epoch: number;
  readonly train: number;
  /** The validation score (lower is better). */
  readonly validation: number;
}

export interface FitOptions {
  /** Trainable weights and their starting values. */
  readonly initial: ReadonlyMap<string, Float32Array>;
  readonly shapes: readonly WeightShape[];
  /** Weights held fixed (the input normalisation), merged into what the loss and validation see. */
  readonly fixed: ReadonlyMap<string, tf.Tensor>;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly learningRate: number;
  /**
   * Where the learning rate ends: given, it falls from `learningRate` to this along a half cosine
   * over the run's steps, so the last epochs settle instead of wandering; absent, it stays fixed.
   */
  readonly finalLearningRate?: number;
  readonly seed: number;
  /** The loss of one random batch, drawn with `random`. */
  readonly loss: (weights: ReadonlyMap<string, tf.Tensor>, random: TrainingRandom) => tf.Scalar;
  /** A score of the current weights on held-out data, lower better; the best epoch's weights are kept. */
  readonly validate: (weights: ReadonlyMap<string, tf.Tensor>) => number;
  readonly onStep?: (progress: FitProgress) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
}

/**
 * Adam on `loss` for `epochs` × `stepsPerEpoch` steps, gradients clipped to global norm 5, the
 * learning rate fixed or on a cosine schedule;
 * validates after every epoch and returns the weights of the best epoch (trainable and fixed)
 * with every epoch's record. A non-finite loss skips its step's update rather than poisoning
 * the weights.
 */
export function fitNetwork(options: FitOptions): { weights: Map<string, Float32Array>; history: EpochRecord[]; best: EpochRecord } {
  const variables = new Map(options.shapes.filter((s) => options.initial.has(s.name)).map((s) => [s.name, tf.variable(tf.tensor(options.initial.get(s.name)!, [...s.shape]), true, s.name)]));
  const all = new Map<string, tf.Tensor>([...options.fixed, ...variables]);
  const optimizer = new ScheduledAdam(options.learningRate);
  const random = new TrainingRandom(options.seed);
  const history: EpochRecord[] = [];
  let best: { record: EpochRecord; weights: Map<string, Float32Array> } | undefined;
  const steps = options.epochs * options.stepsPerEpoch;
  for (let epoch = 1, step = 0; epoch <= options.epochs; epoch++) {
    let sum = 0;
    let counted = 0;
    for (let s = 0; s < options.stepsPerEpoch; s++) {
      if (options.finalLearningRate !== undefined) optimizer.rate = cosineRate(options.learningRate, options.finalLearningRate, step / steps);
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => options.loss(all, random), [...variables.values()]);
        const lossValue = value.dataSync()[0]!;
        if (Number.isFinite(lossValue)) optimizer.applyGradients(clipByGlobalNorm(grads, 5) as Record<string, tf.Variable>);
        return lossValue;
      });
      if (Number.isFinite(loss)) {
        sum += loss;
        counted++;
      }
      step++;
      options.onStep?.({ step, steps, epoch, loss: sum / Math.max(1, counted) });
    }
    const record = { epoch, train: sum / Math.max(1, counted), validation: options.validate(all) };
    history.push(record);
    options.onEpoch?.(record);
    if (!best || record.validation < best.record.validation) best = { record, weights: tensorWeights(all) };
  }
  optimizer.dispose();
  for (const v of variables.values()) v.dispose();
  return { weights: best!.weights, history, best: best!.record };
}

/** Adam (β₁ 0.9, β₂ 0.999) whose learning rate can change between steps. */
class ScheduledAdam extends tf.AdamOptimizer {
  constructor(rate: number) {
    super(rate, 0.9, 0.999);
  }

  set rate(value: number) {
    this.learningRate = value;
  }
}

/** The learning rate a fraction `done` (0..1) of the way along a half cosine from `start` to `end`. */
export function cosineRate(start: number, end: number, done: number): number {
  return end + ((start - end) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, done))))) / 2;
}

function clipByGlobalNorm(grads: tf.NamedTensorMap, limit: number): tf.NamedTensorMap {
  const norm = Math.sqrt(Object.values(grads).reduce((n, g) => n + tf.sum(tf.square(g)).dataSync()[0]!, 0));
  if (!(norm > limit)) return grads;
  return Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, limit / norm)]));
}

/** He-uniform starting values for a kernel whose last axis is its outputs; zeros for anything of rank 1. */
export function heUniform(shape: readonly number[], random: () => number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (shape.length < 2) return values;
  const limit = Math.sqrt(6 / (size / shape.at(-1)!));
  for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * limit;
  return values;
}
