import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../core/seeded-random.js';
import { effortMixture, logEfforts, mixtureLoss } from '../models/sonify/effort-mdn.js';
import { decodePatches, encodePatches } from '../models/sonify/mel-autoencoder.js';
import { autoencoderWeightShapes, effortsPerWindow, mdnWeightShapes, type SonifyModelConfig } from '../models/sonify/sonify-model-config.js';
import { weightTensors } from '../models/weight-tensors.js';
import type { WeightShape } from '../models/weights-file.js';
import { fitNetwork, heUniform, type EpochRecord, type FitProgress } from './fit-network.js';
import type { SonifyExample } from './sonify-examples.js';
import type { TrainingRandom } from './training-random.js';

export interface SonifyStageSettings {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
  readonly learningRate: number;
}

export interface SonifyTrainingSettings {
  readonly autoencoder: SonifyStageSettings;
  readonly mixture: SonifyStageSettings;
  readonly seed: number;
}

type Hooks = { onStep?: (stage: 'autoencoder' | 'mixture', p: FitProgress) => void; onEpoch?: (stage: 'autoencoder' | 'mixture', r: EpochRecord) => void };

/** He-uniform kernels, zero biases, except an LSTM's forget gate, which starts at 1 (remember by default). */
function initialWeights(shapes: readonly WeightShape[], random: () => number): Map<string, Float32Array> {
  return new Map(
    shapes.map(({ name, shape }) => {
      const values = heUniform(shape, random);
      if (/^lstm\d+\/bias$/.test(name)) values.fill(1, shape[0]! / 4, shape[0]! / 2);
      return [name, values];
    }),
  );
}

/**
 * Trains both networks, one after the other, as the research does. First the autoencoder on the
 * patches alone (mean squared error of the reconstruction); then, with its encoder fixed, the
 * mixture network on (efforts → code of the patch) pairs by the negative log-likelihood of the
 * code. Each stage keeps its epoch with the lowest validation loss. Returns all weights, each
 * stage's record, and the mixture's validation loss with every segment's efforts swapped for
 * another's (`shuffledLoss`): above the kept loss when the movement informs the sound.
 */
export function trainSonify(c: SonifyModelConfig, train: readonly SonifyExample[], validate: readonly SonifyExample[], settings: SonifyTrainingSettings, hooks: Hooks = {}) {
  const init = seededRandom(`sonify/${settings.seed}`);
  const patchSize = c.patchFrames * c.nMels;
  const patches = (examples: readonly SonifyExample[]) => {
    const data = new Float32Array(examples.length * patchSize);
    examples.forEach((e, i) => data.set(e.patch, i * patchSize));
    return tf.tensor3d(data, [examples.length, c.patchFrames, c.nMels]);
  };
  const reconstruction = (weights: ReadonlyMap<string, tf.Tensor>, x: tf.Tensor3D) => tf.losses.meanSquaredError(x, decodePatches(c, weights, encodePatches(c, weights, x))) as tf.Scalar;
  const pick = (random: TrainingRandom, batch: number) => Array.from({ length: batch }, () => train[random.below(train.length)]!);
  const inChunks = (examples: readonly SonifyExample[], score: (chunk: readonly SonifyExample[]) => number) => {
    let sum = 0;
    for (let i = 0; i < examples.length; i += 32) {
      const chunk = examples.slice(i, i + 32);
      sum += score(chunk) * chunk.length;
    }
    return sum / Math.max(1, examples.length);
  };

  const ae = settings.autoencoder;
  const aeShapes = autoencoderWeightShapes(c);
  const first = fitNetwork({
    initial: initialWeights(aeShapes, init),
    shapes: aeShapes,
    fixed: new Map(),
    epochs: ae.epochs,
    stepsPerEpoch: ae.stepsPerEpoch,
    learningRate: ae.learningRate,
    seed: settings.seed,
    loss: (weights, random) => reconstruction(weights, patches(pick(random, ae.batch))),
    validate: (weights) => inChunks(validate, (chunk) => tf.tidy(() => reconstruction(weights, patches(chunk)).dataSync()[0]!)),
    onStep: (p) => hooks.onStep?.('autoencoder', p),
    onEpoch: (r) => hooks.onEpoch?.('autoencoder', r),
  });

  const encoder = weightTensors(first.weights, aeShapes);
  const codesOf = (examples: readonly SonifyExample[]) => {
    const codes = new Map<SonifyExample, Float32Array>();
    for (let i = 0; i < examples.length; i += 32) {
      const chunk = examples.slice(i, i + 32);
      const values = tf.tidy(() => encodePatches(c, encoder, patches(chunk)).dataSync() as Float32Array);
      chunk.forEach((e, j) => codes.set(e, values.slice(j * c.code, (j + 1) * c.code)));
    }
    return codes;
  };
  const codes = new Map([...codesOf(train), ...codesOf(validate)]);
  for (const t of encoder.values()) t.dispose();
  const likelihood = (weights: ReadonlyMap<string, tf.Tensor>, examples: readonly SonifyExample[]) => {
    const efforts = new Float32Array(examples.length * c.windows * effortsPerWindow);
    const targets = new Float32Array(examples.length * c.code);
    examples.forEach((e, i) => {
      efforts.set(e.efforts, i * e.efforts.length);
      targets.set(codes.get(e)!, i * c.code);
    });
    return mixtureLoss(effortMixture(c, weights, tf.tensor3d(efforts, [examples.length, c.windows, effortsPerWindow])), tf.tensor2d(targets, [examples.length, c.code]));
  };

  const md = settings.mixture;
  const mdShapes = mdnWeightShapes(c);
  const fixed = effortStatistics(train);
  const second = fitNetwork({
    initial: initialWeights(mdShapes.filter((s) => !fixed.has(s.name)), init),
    shapes: mdShapes,
    fixed,
    epochs: md.epochs,
    stepsPerEpoch: md.stepsPerEpoch,
    learningRate: md.learningRate,
    seed: settings.seed + 1,
    loss: (weights, random) => likelihood(weights, pick(random, md.batch)),
    validate: (weights) => inChunks(validate, (chunk) => tf.tidy(() => likelihood(weights, chunk).dataSync()[0]!)),
    onStep: (p) => hooks.onStep?.('mixture', p),
    onEpoch: (r) => hooks.onEpoch?.('mixture', r),
  });
  for (const t of fixed.values()) t.dispose();
  // The same validation codes with each segment's efforts taken from the next segment: how much
  // worse the codes fit when the movement is not theirs says how much the movement tells.
  const trained = weightTensors(second.weights, mdShapes);
  const shuffled = validate.map((e, i) => ({ efforts: validate[(i + 1) % validate.length]!.efforts, patch: e.patch }));
  shuffled.forEach((e, i) => codes.set(e, codes.get(validate[i]!)!));
  const shuffledLoss = inChunks(shuffled, (chunk) => tf.tidy(() => likelihood(trained, chunk).dataSync()[0]!));
  for (const t of trained.values()) t.dispose();
  return { weights: new Map([...first.weights, ...second.weights]), autoencoder: first, mixture: second, shuffledLoss };
}

/** Per effort, the mean and deviation of the training segments' log efforts: the mixture network's fixed input scaling. */
function effortStatistics(train: readonly SonifyExample[]): Map<string, tf.Tensor> {
  const [mean, std] = tf.tidy(() => {
    const all = tf.reshape(logEfforts(tf.tensor1d(Float32Array.from(train.flatMap((e) => Array.from(e.efforts))))), [-1, effortsPerWindow]);
    const { mean, variance } = tf.moments(all, 0);
    return [mean, tf.maximum(tf.sqrt(variance), 1e-3)];
  });
  return new Map([
    ['input/mean', mean!],
    ['input/std', std!],
  ]);
}
