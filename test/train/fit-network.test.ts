import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { cosineRate, fitNetwork } from '../../src/train/fit-network.js';

before(async () => {
  await tf.setBackend('cpu');
});

test('the cosine schedule starts at the first rate, ends at the last and falls all the way', () => {
  assert.equal(cosineRate(1e-3, 1e-5, 0), 1e-3);
  assert.ok(Math.abs(cosineRate(1e-3, 1e-5, 1) - 1e-5) < 1e-15);
  assert.ok(Math.abs(cosineRate(1e-3, 1e-5, 0.5) - (1e-3 + 1e-5) / 2) < 1e-15);
  const rates = Array.from({ length: 11 }, (_, i) => cosineRate(1e-3, 1e-5, i / 10));
  assert.ok(rates.every((r, i) => i === 0 || r < rates[i - 1]!));
});

/** How far Adam ends from 3, minimising (w − t)² from 0 for noisy targets t around 3, with or without a falling rate. */
function settle(finalLearningRate?: number): number {
  const result = fitNetwork({
    initial: new Map([['w', new Float32Array([0])]]),
    shapes: [{ name: 'w', shape: [1] }],
    fixed: new Map(),
    epochs: 1,
    stepsPerEpoch: 400,
    learningRate: 0.3,
    ...(finalLearningRate === undefined ? {} : { finalLearningRate }),
    seed: 1,
    loss: (weights, random) => tf.sum(tf.square(tf.sub(weights.get('w')!, 2 + 2 * random.next()))) as tf.Scalar,
    validate: (weights) => Math.abs(weights.get('w')!.dataSync()[0]! - 3),
  });
  return result.best.validation;
}

test('a falling learning rate settles where a fixed one keeps wandering', () => {
  const fixed = settle();
  const falling = settle(1e-4);
  assert.ok(falling < fixed / 3, `falling ${falling}, fixed ${fixed}`);
});
