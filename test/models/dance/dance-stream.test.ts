import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { DanceModel } from '../../../src/models/dance/dance-model.js';
import { DanceStream } from '../../../src/models/dance/dance-stream.js';
import { randomSpectra, smallDanceConfig as config, stepSpectra, trainedLikeWeights } from './dance-fixtures.js';

before(async () => {
  await tf.setBackend('cpu');
});

const size = config.spectrumFrames * config.spectrumBins;
const M = config.motionSize;

/** The ops model's poses for `dancers` sequences of `steps` steps, [dancer][step][component] flat. */
function reference(weights: Map<string, Float32Array>, spectra: Float32Array, dancers: number, steps: number, pose?: Float32Array): Float32Array {
  const model = new DanceModel(config, weights);
  const state = pose ? { ...model.restState(dancers), pose: tf.tensor2d(Array.from({ length: dancers }, () => [...pose])) } : undefined;
  const out = model.forward(tf.tensor4d(spectra, [dancers, steps, config.spectrumFrames, config.spectrumBins]), state ? { state } : {});
  const motion = out.motion.dataSync() as Float32Array;
  model.dispose();
  return motion;
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

test('streaming steps equal the sequence forward for every dancer (both convolution forms in use)', () => {
  const dancers = 3;
  const steps = 20;
  const weights = trainedLikeWeights(config, 21);
  const spectra = randomSpectra(config, dancers, steps, 22);
  const expected = reference(weights, spectra, dancers, steps);
  const stream = new DanceStream(config, weights, dancers);
  assert.ok(stream.kernels.includes('conv2/products'), 'the second convolution runs in the frequency domain');
  assert.ok(stream.kernels.includes('conv1') && stream.kernels.includes('conv3'), 'the others run directly');
  let worst = 0;
  for (let t = 0; t < steps; t++) {
    const poses = stream.step(stepSpectra(config, spectra, dancers, steps, t));
    assert.equal(poses.length, dancers * M);
    for (let d = 0; d < dancers; d++) worst = Math.max(worst, maxDifference(poses.subarray(d * M, (d + 1) * M), expected.subarray((d * steps + t) * M, (d * steps + t + 1) * M)));
  }
  assert.ok(worst <= 1e-4, `largest difference ${worst}`);
  assert.ok(worst > 0 || expected.some((v) => v !== 0));
});

test('reset puts a dancer back to rest, or to a given pose', () => {
  const steps = 6;
  const weights = trainedLikeWeights(config, 23);
  const spectra = randomSpectra(config, 1, steps, 24);
  const stream = new DanceStream(config, weights, 1);
  for (let t = 0; t < 4; t++) stream.step(stepSpectra(config, spectra, 1, steps, t));
  const pose = Float32Array.from({ length: M }, (_, i) => 0.1 * i - 0.2);
  stream.reset(0, pose);
  const expected = reference(weights, spectra, 1, steps, pose);
  for (let t = 0; t < steps; t++) assert.ok(maxDifference(stream.step(stepSpectra(config, spectra, 1, steps, t)), expected.subarray(t * M, (t + 1) * M)) <= 1e-4);
  assert.throws(() => stream.reset(1), /E_PARAM|no dancer 1/);
  assert.throws(() => stream.reset(0, [1, 2]), /a pose has 6 values/);
});

test('NaN in one dancer’s spectra gives it NaN for that step and a fresh start; the others go on unharmed', () => {
  const dancers = 2;
  const steps = 10;
  const weights = trainedLikeWeights(config, 25);
  const spectra = randomSpectra(config, dancers, steps, 26);
  const expected = reference(weights, spectra, dancers, steps);
  const stream = new DanceStream(config, weights, dancers);
  const bad = 4;
  for (let t = 0; t < steps; t++) {
    const input = stepSpectra(config, spectra, dancers, steps, t);
    if (t === bad) input[size + 17] = NaN;
    const poses = stream.step(input);
    assert.ok(maxDifference(poses.subarray(0, M), expected.subarray(t * M, (t + 1) * M)) <= 1e-4, `dancer 0, step ${t}`);
    const second = poses.subarray(M, 2 * M);
    if (t < bad) assert.ok(maxDifference(second, expected.subarray((steps + t) * M, (steps + t + 1) * M)) <= 1e-4);
    else if (t === bad) assert.ok(second.every(Number.isNaN), 'the bad step is NaN');
    else assert.ok(second.every(Number.isFinite), `step ${t} is finite again`);
  }
  // After the reset it is exactly a dancer started at rest on step bad + 1.
  const tail = spectra.subarray((steps + bad + 1) * size, 2 * steps * size);
  const fresh = reference(weights, Float32Array.from(tail), 1, steps - bad - 1);
  const again = new DanceStream(config, weights, dancers);
  for (let t = 0; t < bad; t++) again.step(stepSpectra(config, spectra, dancers, steps, t));
  const input = stepSpectra(config, spectra, dancers, steps, bad);
  input[size] = Infinity;
  assert.ok(again.step(input).subarray(M).every(Number.isNaN), '±Infinity is treated like NaN');
  for (let t = bad + 1; t < steps; t++) {
    const poses = again.step(stepSpectra(config, spectra, dancers, steps, t));
    assert.ok(maxDifference(poses.subarray(M), fresh.subarray((t - bad - 1) * M, (t - bad) * M)) <= 1e-4, `restarted step ${t}`);
  }
});

test('a thousand steps create no tensors, and wrong input is refused', () => {
  const stream = new DanceStream(config, trainedLikeWeights(config, 27), 2);
  const input = randomSpectra(config, 2, 1, 28);
  const start = tf.memory().numTensors;
  let last: Float32Array = new Float32Array();
  for (let i = 0; i < 1000; i++) last = stream.step(input);
  assert.equal(tf.memory().numTensors, start);
  assert.ok(last.every(Number.isFinite));
  assert.throws(() => stream.step(new Float32Array(size)), /E_PARAM|expected 2 × 5 × 100/);
  const weights = trainedLikeWeights(config, 29);
  weights.delete('decoder/dense/bias');
  assert.throws(() => new DanceStream(config, weights, 1), /decoder\/dense\/bias is missing/);
  assert.throws(() => new DanceStream(config, trainedLikeWeights(config, 29), 0), /dancers must be/);
});
