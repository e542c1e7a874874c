import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../src/core/seeded-random.js';
import { maxPoolTime, temporalConv } from '../../src/models/temporal-conv.js';

before(async () => {
  await tf.setBackend('cpu');
});

const randomArray = (n: number, random: () => number) => Float32Array.from({ length: n }, () => 2 * random() - 1);

test('temporalConv equals a direct zero-padded convolution along time, for odd and even kernels', () => {
  const random = seededRandom('temporal-conv');
  for (const k of [1, 3, 4]) {
    const [n, frames, cin, cout] = [2, 7, 3, 5];
    const x = randomArray(n * frames * cin, random);
    const w = randomArray(k * cin * cout, random);
    const b = randomArray(cout, random);
    const y = temporalConv(tf.tensor3d(x, [n, frames, cin]), tf.tensor3d(w, [k, cin, cout]), tf.tensor1d(b)).arraySync();
    const before = Math.floor((k - 1) / 2);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < frames; t++) {
        for (let o = 0; o < cout; o++) {
          let sum = b[o]!;
          for (let j = 0; j < k; j++) {
            const at = t + j - before;
            if (at < 0 || at >= frames) continue;
            for (let c = 0; c < cin; c++) sum += x[(i * frames + at) * cin + c]! * w[(j * cin + c) * cout + o]!;
          }
          assert.ok(Math.abs(y[i]![t]![o]! - sum) < 1e-5, `k ${k}: [${i}, ${t}, ${o}] is ${y[i]![t]![o]}, expected ${sum}`);
        }
      }
    }
  }
});

test('temporalConv has gradients for its kernel, which the WebAssembly backend lacks for tf.conv1d', () => {
  const x = tf.ones([1, 4, 2]) as tf.Tensor3D;
  const kernel = tf.variable(tf.ones([3, 2, 1]));
  const { grads } = tf.variableGrads(() => tf.sum(temporalConv(x, kernel as unknown as tf.Tensor3D, tf.zeros([1]) as tf.Tensor1D)) as tf.Scalar, [kernel]);
  // Each tap sees every frame but the one its offset pushes outside: 3 of 4 frames for the outer taps.
  assert.deepEqual(Array.from(grads[kernel.name]!.dataSync()), [3, 3, 4, 4, 3, 3]);
});

test('maxPoolTime takes the maximum of each run and drops a partial last run', () => {
  const x = tf.tensor3d([1, 5, 2, 4, 9, 0, 7], [1, 7, 1]);
  assert.deepEqual(maxPoolTime(x, 2).arraySync(), [[[5], [4], [9]]]);
  assert.deepEqual(maxPoolTime(x, 1).shape, [1, 7, 1]);
});
