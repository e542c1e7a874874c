import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { wasm } from '../../../src/models/backend.js';
import { danceModelConfigSchema, defaultDanceConfig, paperDanceConfig } from '../../../src/models/dance/dance-model-config.js';
import { DanceModel } from '../../../src/models/dance/dance-model.js';
import { danceParamCount } from '../../../src/models/dance/dance-weights.js';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { danceLayersModel } from '../../../src/models/dance/dance-layers-model.js';
import { randomSpectra, smallDanceConfig as config, stepSpectra, trainedLikeWeights } from './dance-fixtures.js';

before(async () => {
  await tf.setBackend('cpu');
});

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

test('the paper configuration has the paper layer sizes and about 10.9 M weights; the default a quarter of that', () => {
  assert.deepEqual(paperDanceConfig.convChannels, [16, 32, 64, 65]);
  assert.equal(paperDanceConfig.lstmUnits, 500);
  assert.equal(paperDanceConfig.motionSize + paperDanceConfig.encodedSize, 136);
  // conv: 2·33·(1·16 + 16·32 + 32·64 + 64·65) + 4·(16+32+64+65); LSTM: 4·500·(in + 500 + 1) per layer; dense: 500·65+65 and 500·71+71.
  const conv = 66 * (16 + 512 + 2048 + 4160) + 4 * 177;
  const lstm = 2000 * (566 + 1001 + 1001 + 637 + 1001 + 1001);
  assert.equal(danceParamCount(paperDanceConfig), conv + lstm + 32565 + 35571);
  assert.ok(danceParamCount(defaultDanceConfig) < danceParamCount(paperDanceConfig) / 3);
  assert.equal(danceModelConfigSchema.safeParse(paperDanceConfig).success, true);
  assert.equal(danceModelConfigSchema.safeParse({ ...paperDanceConfig, spectrumBins: 120 }).success, false, 'four 33-bin kernels need 129 bins');
});

test('forward gives poses and encoder outputs per step, and the state to carry on', () => {
  const model = DanceModel.random(config, 1);
  const spectra = tf.tensor4d(randomSpectra(config, 2, 7, 2), [2, 7, config.spectrumFrames, config.spectrumBins]);
  const { motion, encoded, state } = model.forward(spectra);
  assert.deepEqual(motion.shape, [2, 7, config.motionSize]);
  assert.deepEqual(encoded.shape, [2, 7, config.encodedSize]);
  assert.equal(state.h.length, 6);
  assert.equal(state.c.length, 6);
  for (const t of [...state.h, ...state.c]) assert.deepEqual(t.shape, [2, config.lstmUnits]);
  assert.deepEqual(state.pose.shape, [2, config.motionSize]);
  // The last pose is what the decoder takes as its previous one next.
  assert.deepEqual(state.pose.dataSync(), tf.tidy(() => motion.slice([0, 6, 0], [2, 1, config.motionSize]).reshape([2, config.motionSize]).dataSync()));
  const e = encoded.dataSync();
  assert.ok(e.every((v) => Math.abs(v) <= 1), 'tanh bounds the encoder output');
  assert.equal(model.params, danceParamCount(config));
  assert.throws(() => model.forward(tf.zeros([1, 2, 4, config.spectrumBins]) as tf.Tensor4D), /E_PARAM.*\[batch, steps ≥ 1, 5, 100\]/);
  model.dispose();
});

test('two windows carried through the state equal one long window', () => {
  const model = new DanceModel(config, trainedLikeWeights(config, 3));
  const all = tf.tensor4d(randomSpectra(config, 2, 8, 4), [2, 8, config.spectrumFrames, config.spectrumBins]);
  const whole = model.forward(all).motion;
  const first = model.forward(all.slice([0, 0, 0, 0], [2, 5, -1, -1]));
  const second = model.forward(all.slice([0, 5, 0, 0], [2, 3, -1, -1]), { state: first.state });
  assert.ok(maxDifference(whole.slice([0, 5, 0], [2, 3, -1]).dataSync(), second.motion.dataSync()) < 1e-5);
  model.dispose();
});

test('teacher forcing with probability 1 feeds the ground truth back, with 0 the model’s own output', () => {
  const model = new DanceModel(config, trainedLikeWeights(config, 5));
  const spectra = tf.tensor4d(randomSpectra(config, 2, 4, 6), [2, 4, config.spectrumFrames, config.spectrumBins]);
  const targets = tf.randomUniform([2, 4, config.motionSize], -0.9, 0.9, 'float32', 7) as tf.Tensor3D;
  const free = model.forward(spectra).motion;
  const never = model.forward(spectra, { teacherForcing: { targets, probability: 0, random: seededRandom(1) } }).motion;
  assert.deepEqual(never.dataSync(), free.dataSync());
  const forced = model.forward(spectra, { teacherForcing: { targets, probability: 1, random: seededRandom(1) } });
  // Step 3 with the ground truth of step 2 as the previous pose: continue from step 2's state.
  const upTo2 = model.forward(spectra.slice([0, 0, 0, 0], [2, 3, -1, -1]), { teacherForcing: { targets: targets.slice([0, 0, 0], [2, 3, -1]), probability: 1, random: seededRandom(1) } });
  const step3 = model.forward(spectra.slice([0, 3, 0, 0], [2, 1, -1, -1]), {
    state: { ...upTo2.state, pose: targets.slice([0, 2, 0], [2, 1, -1]).reshape([2, config.motionSize]) },
  });
  assert.ok(maxDifference(forced.motion.slice([0, 3, 0], [2, 1, -1]).dataSync(), step3.motion.dataSync()) < 1e-5);
  assert.ok(maxDifference(forced.motion.dataSync(), free.dataSync()) > 1e-4, 'forcing changed the poses');
  // Mixed: each sequence and step draws; the first step never depends on it.
  const mixed = model.forward(spectra, { teacherForcing: { targets, probability: 0.5, random: seededRandom(2) } }).motion;
  assert.ok(maxDifference(mixed.slice([0, 0, 0], [2, 1, -1]).dataSync(), free.slice([0, 0, 0], [2, 1, -1]).dataSync()) === 0);
  assert.throws(() => model.forward(spectra, { teacherForcing: { targets: targets.slice([0, 0, 0], [2, 3, -1]), probability: 1, random: Math.random } }), /targets/);
  model.dispose();
});

test('the ops model agrees with tfjs’s own Conv2D, BatchNormalization, LSTM and Dense layers', () => {
  const weights = trainedLikeWeights(config, 9);
  const model = new DanceModel(config, weights);
  const layers = danceLayersModel(config, weights);
  const steps = 6;
  const all = randomSpectra(config, 1, steps, 10);
  const reference = model.forward(tf.tensor4d(all, [1, steps, config.spectrumFrames, config.spectrumBins])).motion.dataSync();
  for (let t = 0; t < steps; t++) {
    const pose = layers.step(stepSpectra(config, all, 1, steps, t));
    assert.ok(maxDifference(pose, reference.subarray(t * config.motionSize, (t + 1) * config.motionSize)) < 1e-5, `step ${t}`);
  }
  layers.dispose();
  model.dispose();
});

/** One Adam step on a tiny batch: every trainable weight gets a gradient and the MSE drops. */
function trainStep(): void {
  const model = DanceModel.random(config, 11);
  const spectra = tf.tensor4d(randomSpectra(config, 2, 6, 12), [2, 6, config.spectrumFrames, config.spectrumBins]);
  const targets = tf.randomUniform([2, 6, config.motionSize], -0.9, 0.9, 'float32', 13) as tf.Tensor3D;
  const optimizer: tf.Optimizer = tf.train.adam(0.01);
  const loss = () => tf.losses.meanSquaredError(targets, model.forward(spectra, { training: true, teacherForcing: { targets, probability: 0.5, random: seededRandom(3) } }).motion) as tf.Scalar;
  const meanBefore = model.weightValues().get('encoder/norm1/moving_mean')!;
  const before = tf.tidy(() => loss().dataSync()[0]!);
  const { value, grads } = tf.variableGrads(loss, model.trainable);
  value.dispose();
  for (const [name, g] of Object.entries(grads)) assert.ok(tf.tidy(() => tf.norm(g).dataSync()[0]!) > 0, `gradient reaches ${name}`);
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  const after = tf.tidy(() => loss().dataSync()[0]!);
  assert.ok(after < before, `MSE ${before} → ${after}`);
  assert.notDeepEqual(model.weightValues().get('encoder/norm1/moving_mean'), meanBefore);
  optimizer.dispose();
  model.dispose();
}

test('one Adam step on a tiny batch lowers the MSE, and training updates batch-norm statistics', () => {
  trainStep();
});

test('it trains on the embedded WebAssembly backend too', async () => {
  await wasm.start();
  try {
    assert.equal(tf.getBackend(), 'wasm');
    trainStep();
  } finally {
    await tf.setBackend('cpu');
  }
});

test('forward leaks no tensors', () => {
  const model = DanceModel.random(config, 14);
  const spectra = tf.tensor4d(randomSpectra(config, 1, 3, 15), [1, 3, config.spectrumFrames, config.spectrumBins]);
  const start = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) {
    const out = model.forward(spectra);
    tf.dispose([out.motion, out.encoded, ...out.state.h, ...out.state.c, out.state.pose]);
  }
  assert.equal(tf.memory().numTensors, start);
  model.dispose();
});
