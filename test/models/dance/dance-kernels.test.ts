import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activationKernel, lstmKernel, nonFiniteKernel } from '../../../src/models/dance/dance-kernels.js';
import { wasmInstance } from '../../../src/models/dance/wasm-code.js';
import { seededRandom } from '../../../src/core/seeded-random.js';

const elu = (x: number) => (x > 0 ? x : Math.expm1(x));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test('the vector tanh and ELU agree with Math to float precision, saturate, and keep NaN', () => {
  const values = [...Array.from({ length: 4000 }, (_, i) => -20 + i / 100), -1e30, -100, -88, 88, 100, 1e30, 0, -0, 1e-8, -1e-8];
  while (values.length % 4 !== 0) values.push(0);
  const vectors = values.length / 4;
  const stride = 8 * values.length;
  const { exports, memory } = wasmInstance([activationKernel('tanh', 'tanh', vectors, stride), activationKernel('elu', 'elu', vectors, stride)], 2 * stride);
  const f32 = new Float32Array(memory);
  for (const [name, reference] of [['tanh', Math.tanh], ['elu', elu]] as const) {
    f32.set(values);
    exports[name]!(1, 0, 4 * values.length);
    let worst = 0;
    values.forEach((x, i) => {
      const expected = reference(Math.fround(x));
      worst = Math.max(worst, Math.abs(f32[values.length + i]! - expected) / Math.max(1, Math.abs(expected)));
    });
    assert.ok(worst < 5e-7, `${name}: worst error ${worst}`);
    f32[0] = NaN;
    exports[name]!(1, 0, 4 * values.length);
    assert.ok(Number.isNaN(f32[values.length]!), `${name}(NaN) is NaN`);
  }
});

test('the LSTM cell kernel computes σ(f)·c + σ(i)·tanh(g) and σ(o)·tanh(c) for every dancer', () => {
  const units = 8;
  const stride = 4 * 8 * units;
  const dancers = 2;
  const { exports, memory } = wasmInstance([lstmKernel('cell', units, stride)], dancers * stride);
  const f32 = new Float32Array(memory);
  const random = seededRandom(41);
  // Per dancer: z [4·units], c [units], h1 [units], h2 [units].
  for (let i = 0; i < f32.length; i++) f32[i] = 12 * random() - 6;
  const before = Float32Array.from(f32);
  exports['cell']!(dancers, 0, 4 * 4 * units, 4 * 5 * units, 4 * 6 * units);
  for (let d = 0; d < dancers; d++) {
    const at = (k: number) => d * 8 * units + k;
    for (let u = 0; u < units; u++) {
      const [i, f, g, o] = [0, 1, 2, 3].map((k) => before[at(k * units + u)]!) as [number, number, number, number];
      const c = sigmoid(f) * before[at(4 * units + u)]! + sigmoid(i) * Math.tanh(g);
      const h = sigmoid(o) * Math.tanh(c);
      assert.ok(Math.abs(f32[at(4 * units + u)]! - c) < 1e-6, `c of unit ${u}`);
      assert.ok(Math.abs(f32[at(5 * units + u)]! - h) < 1e-6, `h of unit ${u}`);
      assert.equal(f32[at(6 * units + u)], f32[at(5 * units + u)]);
    }
  }
});

test('the finiteness check finds NaN and ±Infinity anywhere in its range, and nothing outside it', () => {
  const vectors = 10;
  const { exports, memory } = wasmInstance([nonFiniteKernel('bad', vectors)], 4 * 4 * (vectors + 1));
  const f32 = new Float32Array(memory);
  const check = () => exports['bad']!(0);
  assert.equal(check(), 0);
  for (const [at, value] of [[0, NaN], [17, Infinity], [39, -Infinity]] as const) {
    f32[at] = value;
    assert.equal(check(), 1, `${value} at ${at}`);
    f32[at] = 3.4e38;
    assert.equal(check(), 0);
  }
  f32[4 * vectors] = NaN;
  assert.equal(check(), 0);
});
