import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasm } from '../../src/models/backend.js';
import { useFastWasmKernels } from '../../src/models/fast-wasm-kernels.js';

/** Each case's result from the stock kernels, taken before the fast ones go in. */
const stock = new Map<string, Float32Array[]>();

const random = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** Operations the fast kernels replace, on shapes that take each of their paths. */
const cases: Record<string, () => tf.Tensor | tf.Tensor[]> = {
  'slice, inner axes whole': () => tf.slice(random([4, 5, 6], 1), [1, 2, 0], [2, 3, -1]),
  'slice, innermost axis cut': () => tf.slice(random([3, 4, 5, 6], 2), [0, 1, 2, 1], [3, 2, 2, 4]),
  'slice, rank 6': () => tf.slice(random([2, 3, 2, 3, 2, 3], 3), [1, 0, 1, 1, 0, 1], [1, 3, 1, 2, 2, 2]),
  'slice of int32': () => tf.slice(tf.range(0, 24, 1, 'int32').reshape([4, 6]), [1, 2], [2, 3]),
  'split into sizes along a middle axis': () => tf.split(random([3, 7, 4], 4), [2, 4, 1], 1),
  'unstack along axis 1': () => tf.unstack(random([3, 5, 4], 5), 1),
  'unstack along the last axis': () => tf.unstack(random([3, 5, 4], 6), 2),
  'transpose, rank 5': () => tf.transpose(random([4, 6, 3, 2, 5], 7), [1, 2, 4, 0, 3]),
  'transpose, rank 5 with ones': () => tf.transpose(random([4, 1, 3, 2, 5], 8), [3, 0, 4, 1, 2]),
  'transpose, identity permutation': () => tf.transpose(random([2, 3], 9), [0, 1]),
  'matMul, transposed left': () => tf.matMul(random([8, 16], 10), random([8, 12], 11), true, false),
  'matMul, transposed right': () => tf.matMul(random([8, 16], 12), random([12, 16], 13), false, true),
  'matMul, both transposed': () => tf.matMul(random([16, 8], 14), random([12, 16], 15), true, true),
  'matMul, batch by one matrix': () => tf.matMul(random([3, 5, 8, 16], 16), random([16, 4], 17)),
  'matMul, batch by batch': () => tf.matMul(random([5, 8, 16], 18), random([5, 16, 4], 19)),
  'matMul, one matrix by a batch': () => tf.matMul(random([8, 16], 20), random([5, 16, 4], 21)),
  'matMul, batch by batch, transposed': () => tf.matMul(random([5, 16, 8], 22), random([5, 4, 16], 23), true, true),
  'matMul, broadcast batches': () => tf.matMul(random([2, 1, 4, 6], 24), random([3, 6, 5], 25)),
};

const values = (r: tf.Tensor | tf.Tensor[]) => (Array.isArray(r) ? r : [r]).map((t) => Float32Array.from(t.dataSync()));

before(async () => {
  await wasm.start();
  for (const [name, run] of Object.entries(cases)) stock.set(name, tf.tidy(() => values(run())));
  useFastWasmKernels();
  useFastWasmKernels();
});

for (const name of Object.keys(cases)) {
  test(`fast wasm kernels: ${name} gives the stock kernels' values`, () => {
    const before = tf.memory().numTensors;
    const fast = tf.tidy(() => values(cases[name]!()));
    const expected = stock.get(name)!;
    assert.equal(fast.length, expected.length);
    fast.forEach((v, i) => {
      assert.equal(v.length, expected[i]!.length, `output ${i}`);
      // Products may sum in another order: equal to float rounding.
      v.forEach((x, j) => assert.ok(Math.abs(x - expected[i]![j]!) <= 1e-5 * (1 + Math.abs(x)), `output ${i}[${j}]: ${x} vs ${expected[i]![j]}`));
    });
    assert.equal(tf.memory().numTensors, before);
  });
}

test('on wasm a clone shares its input’s memory, and outlives it', () => {
  const offset = (t: tf.Tensor) => (tf.backend() as BackendWasm).getMemoryOffset(t.dataId);
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.clone(x);
  assert.equal(offset(y), offset(x));
  x.dispose();
  assert.deepEqual([...y.dataSync()], [1, 2, 3]);
  // Gradients, which clone what they keep, are unchanged.
  const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, v)))(y);
  assert.deepEqual([...grad.dataSync()], [2, 4, 6]);
  tf.dispose([y, grad]);
});

test('fast wasm kernels free what they make: the heap does not grow over repeated products', () => {
  const heap = () => (tf.backend() as BackendWasm).numDataIds();
  const a = random([5, 16, 8], 30);
  const b = random([5, 4, 16], 31);
  // The first product keeps bᵀ for the next ones.
  tf.tidy(() => void tf.matMul(a, b, true, true));
  const start = heap();
  for (let i = 0; i < 20; i++) tf.tidy(() => void tf.unstack(tf.matMul(a, b, true, true), 0));
  assert.equal(heap(), start);
  tf.dispose([a, b]);
});

test('fast wasm kernels: a product by a transposed variable follows its assignments', () => {
  const w = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]));
  const x = tf.tensor2d([1, 1, 1], [1, 3]);
  const product = () => tf.tidy(() => [...tf.matMul(x, w, false, true).dataSync()]);
  assert.deepEqual(product(), [6, 15]);
  w.assign(tf.tensor2d([1, 0, 0, 0, 0, 2], [2, 3]));
  assert.deepEqual(product(), [1, 2]);
  tf.dispose([w, x]);
});
