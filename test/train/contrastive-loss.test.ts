import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { contrastiveLoss } from '../../src/train/contrastive-loss.js';

before(async () => {
  await tf.setBackend('cpu');
});

test('label 1 costs the squared distance, label 0 the squared shortfall from the margin, averaged over pairs', () => {
  // Sequence 0: (0,0) → (3,4) → (3,5): distances 5 and 1. Sequence 1: (0,0) → (0,0) → (1,0): 0 and 1.
  const encoded = tf.tensor3d([0, 0, 3, 4, 3, 5, 0, 0, 0, 0, 1, 0], [2, 3, 2]);
  const labels = tf.tensor2d([1, 0, 0, 1], [2, 2]);
  // 5² + (3 − 1)² + (3 − 0)² + 1² over four pairs.
  assert.ok(Math.abs(contrastiveLoss(encoded, labels, 3).dataSync()[0]! - (25 + 4 + 9 + 1) / 4) < 1e-4);
  // A pair labelled 0 already further apart than the margin costs nothing.
  const far = contrastiveLoss(tf.tensor3d([0, 0, 3, 4], [1, 2, 2]), tf.tensor2d([0], [1, 1]), 4).dataSync()[0]!;
  assert.equal(far, 0);
  const near = contrastiveLoss(tf.tensor3d([0, 0, 3, 4], [1, 2, 2]), tf.tensor2d([0], [1, 1]), 7).dataSync()[0]!;
  assert.ok(Math.abs(near - 4) < 1e-4);
});

test('the gradient is finite where consecutive outputs coincide', () => {
  const labels = tf.tensor2d([0, 1], [1, 2]);
  const grad = tf.grad((e: tf.Tensor) => contrastiveLoss(e as tf.Tensor3D, labels, 2))(tf.zeros([1, 3, 2]));
  assert.ok(grad.dataSync().every(Number.isFinite));
  assert.throws(() => contrastiveLoss(tf.zeros([1, 3, 2]) as tf.Tensor3D, tf.zeros([1, 3]) as tf.Tensor2D, 1), /labels are \[1, 3\], 1 sequences of 3 steps need \[1, 2\]/);
});
