import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { wasm } from '../../../src/models/backend.js';
import { lstmCell } from '../../../src/models/dance/lstm-cell.js';

/** The cell as the formulas write it, in tfjs operations. */
function reference(z: tf.Tensor2D, c: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const [i, f, g, o] = tf.split(z, 4, 1);
  const cNext = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!))) as tf.Tensor2D;
  return [tf.mul(tf.sigmoid(o!), tf.tanh(cNext)) as tf.Tensor2D, cNext];
}

function compare(backend: string, useC: boolean): void {
  const batch = 3;
  const units = 5;
  const z = tf.randomNormal([batch, 4 * units], 0, 2, 'float32', 1) as tf.Tensor2D;
  const c = tf.randomNormal([batch, units], 0, 1, 'float32', 2) as tf.Tensor2D;
  const a = tf.randomNormal([batch, units], 0, 1, 'float32', 3);
  const b = tf.randomNormal([batch, units], 0, 1, 'float32', 4);
  const loss = (cell: typeof lstmCell) => (zz: tf.Tensor, cc: tf.Tensor) => {
    const [h, cNext] = cell(zz as tf.Tensor2D, cc as tf.Tensor2D);
    return useC ? tf.add(tf.sum(tf.mul(h, a)), tf.sum(tf.mul(cNext, b))) : tf.sum(tf.mul(h, a));
  };
  const run = (cell: typeof lstmCell) => {
    const values = cell(z, c).map((t) => t.arraySync() as number[][]);
    const { value, grads } = tf.valueAndGrads(loss(cell))([z, c]);
    return { values, value: value.arraySync() as number, grads: grads.map((g) => g.arraySync() as number[][]) };
  };
  const fused = tf.tidy(() => run(lstmCell));
  const expected = tf.tidy(() => run(reference));
  const close = (x: number[][], y: number[][], what: string) => x.flat().forEach((v, k) => assert.ok(Math.abs(v - y.flat()[k]!) <= 1e-5, `${backend} ${what}[${k}]: ${v} vs ${y.flat()[k]}`));
  fused.values.forEach((v, k) => close(v, expected.values[k]!, k === 0 ? 'h' : 'c'));
  assert.ok(Math.abs(fused.value - expected.value) < 1e-5);
  close(fused.grads[0]!, expected.grads[0]!, 'dz');
  close(fused.grads[1]!, expected.grads[1]!, 'dc');
  tf.dispose([z, c, a, b]);
}

for (const backend of ['cpu', 'wasm']) {
  test(`the LSTM cell kernel on ${backend} gives the formulas' values and gradients`, async () => {
    if (backend === 'wasm') await wasm.start();
    else await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    compare(backend, true);
    // The next c unused: its gradient is absent, as at the end of a sequence.
    compare(backend, false);
    assert.equal(tf.memory().numTensors, before);
  });
}
