import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasm } from '../../src/models/backend.js';
import { shareWasmIdentity } from '../../src/models/wasm-shared-identity.js';

before(async () => {
  await wasm.start();
});

test('on wasm a clone shares its input’s memory, and outlives it', () => {
  const offset = (t: tf.Tensor) => (tf.backend() as BackendWasm).getMemoryOffset(t.dataId);
  const x = tf.tensor1d([1, 2, 3]);
  const copied = tf.clone(x);
  assert.notEqual(offset(copied), offset(x), 'the stock kernel copies');
  shareWasmIdentity();
  shareWasmIdentity();
  const y = tf.clone(x);
  assert.equal(offset(y), offset(x));
  x.dispose();
  assert.deepEqual([...y.dataSync()], [1, 2, 3]);
  // Gradients, which clone what they keep, are unchanged.
  const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, v)))(y);
  assert.deepEqual([...grad.dataSync()], [2, 4, 6]);
  tf.dispose([copied, y, grad]);
});
