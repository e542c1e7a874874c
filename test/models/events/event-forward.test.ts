import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { eventForward, gaussianAccumulation } from '../../../src/models/events/event-forward.js';
import { eventWeightShapes, type EventModelConfig } from '../../../src/models/events/event-model-config.js';
import { weightTensors } from '../../../src/models/weight-tensors.js';

before(async () => {
  await tf.setBackend('cpu');
});

test('gaussianAccumulation is a per-tag normalised Gaussian average, renormalised at the ends', () => {
  const random = seededRandom('gaussian');
  const [segments, tags, radius] = [9, 2, 3];
  const p = Float32Array.from({ length: segments * tags }, random);
  const sigmas = [0.7, 2.5];
  const out = gaussianAccumulation(tf.tensor3d(p, [1, segments, tags]), tf.tensor1d(sigmas.map(Math.log)), radius).dataSync();
  for (let s = 0; s < segments; s++) {
    for (let c = 0; c < tags; c++) {
      let sum = 0;
      let norm = 0;
      for (let j = -radius; j <= radius; j++) {
        if (s + j < 0 || s + j >= segments) continue;
        const w = Math.exp(-(j * j) / (2 * sigmas[c]! ** 2));
        sum += w * p[(s + j) * tags + c]!;
        norm += w;
      }
      assert.ok(Math.abs(out[s * tags + c]! - sum / norm) < 1e-5, `segment ${s} tag ${c}`);
    }
  }
});

test('gaussianAccumulation keeps a constant unchanged and learns its width (σ has a gradient)', () => {
  const p = tf.fill([1, 6, 1], 0.3) as tf.Tensor3D;
  assert.ok(gaussianAccumulation(p, tf.tensor1d([0]), 2).dataSync().every((v) => Math.abs(v - 0.3) < 1e-6));
  const logSigma = tf.variable(tf.tensor1d([0]));
  const step = tf.tensor3d([0, 0, 1, 0, 0, 0], [1, 6, 1]);
  const { grads } = tf.variableGrads(() => tf.sum(tf.square(gaussianAccumulation(step, logSigma as unknown as tf.Tensor1D, 2))) as tf.Scalar, [logSigma]);
  assert.ok(Math.abs(grads[logSigma.name]!.dataSync()[0]!) > 1e-4);
});

test('eventForward: a segment per product of pools, probabilities in 0..1, mean or max over segments to the clip', () => {
  const config: EventModelConfig = { tags: ['a', 'b', 'c'], sampleRate: 8000, hop: 256, nFfts: [256, 1024], nMels: 8, earlyChannels: [4, 6], earlyKernel: 3, pools: [2, 3], lateChannels: [5], gaussianRadius: 2, clipPooling: 'mean' };
  const random = seededRandom('forward');
  const weights = new Map(eventWeightShapes(config).map(({ name, shape }) => [name, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name === 'input/std' ? 1 : random() - 0.5))]));
  const tensors = weightTensors(weights, eventWeightShapes(config));
  const features = tf.randomNormal([2, 40, 16]) as tf.Tensor3D;
  const mean = eventForward(config, tensors, features);
  assert.deepEqual(mean.segments.shape, [2, 6, 3]);
  assert.deepEqual(mean.clip.shape, [2, 3]);
  const s = mean.segments.arraySync();
  assert.ok(s.flat(2).every((v) => v > 0 && v < 1));
  const c = mean.clip.arraySync();
  for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) assert.ok(Math.abs(c[i]![k]! - s[i]!.reduce((a, row) => a + row[k]!, 0) / 6) < 1e-5);
  const max = eventForward({ ...config, clipPooling: 'max' }, tensors, features).clip.arraySync();
  for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) assert.ok(Math.abs(max[i]![k]! - Math.max(...s[i]!.map((row) => row[k]!))) < 1e-5);
});
