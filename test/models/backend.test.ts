import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { realClock } from '../../src/core/clock.js';
import { createLog } from '../../src/core/log.js';
import { backends, selectBackend } from '../../src/models/backend.js';
import '../../src/patch/register-all.js';

const log = createLog({ clock: realClock(), write: () => {} });

test('the embedded wasm backend is chosen when tfjs-node is not installed, and computes', async () => {
  const choice = await selectBackend(log);
  assert.equal(choice.name, 'wasm');
  assert.deepEqual(choice.skipped.map((s) => s.name), ['tfjs-node-gpu', 'tfjs-node']);
  assert.match(choice.skipped[1]!.reason, /tfjs-node/);
  assert.equal(tf.getBackend(), 'wasm');
  const product = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
  assert.deepEqual(await product.data(), new Float32Array([17, 39]));
});

test('a backend can be forced; the registry lists all four by priority', async () => {
  assert.equal((await selectBackend(log, 'cpu')).name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.deepEqual(backends.list().sort((a, b) => b.priority - a.priority).map((b) => b.name), ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
  await assert.rejects(selectBackend(log, 'tensorflow-gpu'), /E_UNKNOWN_TYPE|unknown compute backend/);
});
