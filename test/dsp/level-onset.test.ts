import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControlFrame } from '../../src/core/frames.js';
import { level } from '../../src/dsp/level.js';
import { onset } from '../../src/dsp/onset.js';
import { testContext } from '../helpers/context.js';
import { audioFrames, through } from '../helpers/frames.js';

const rate = 16000;
const block = 534;

test('level gives the RMS and peak of each block; NaN samples count as silence', async () => {
  const x = new Float32Array(block * 2);
  for (let i = 0; i < block; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / rate);
  x.fill(Number.NaN, block);
  const out = (await through(audioFrames(x, rate, block), level.create({}, testContext('level')))) as ControlFrame[];
  assert.equal(out.length, 2);
  assert.ok(Math.abs(out[0]!.values[0]! - 0.5 / Math.SQRT2) < 0.005);
  assert.ok(Math.abs(out[0]!.values[1]! - 0.5) < 0.001);
  assert.deepEqual(out[1]!.values, [0, 0]);
  assert.equal(out[0]!.t, 0);
  assert.equal(out[1]!.source, 'level');
});

const ctx = () => testContext('onset', { tunables: onset.tunables! });

test('onset triggers once per click, within one block of it, and never in silence', async () => {
  const x = new Float32Array(rate * 4);
  const clicks = [0.5, 1.0, 1.5, 2.25, 3.0, 3.5];
  for (const c of clicks) {
    const start = Math.round(c * rate);
    for (let i = 0; i < 400; i++) x[start + i] = 0.8 * Math.exp(-i / 60) * Math.sin(i * 0.9);
  }
  const out = (await through(audioFrames(x, rate, block), onset.create({}, ctx()))) as ControlFrame[];
  const triggers = out.filter((f) => f.values[1] === 1).map((f) => f.t);
  assert.equal(triggers.length, clicks.length, `triggers at ${triggers.map((t) => t.toFixed(3))}`);
  triggers.forEach((t, i) => assert.ok(Math.abs(t - clicks[i]!) <= block / rate + 1e-9, `click ${clicks[i]} found at ${t}`));
  for (const f of out) for (const v of f.values) assert.ok(Number.isFinite(v));

  const silent = (await through(audioFrames(new Float32Array(rate * 2), rate, block), onset.create({}, ctx()))) as ControlFrame[];
  assert.equal(silent.filter((f) => f.values[1] === 1).length, 0);
});

test('the onset envelope decays with the decay parameter', async () => {
  const x = new Float32Array(rate);
  for (let i = 0; i < 400; i++) x[8000 + i] = 0.8 * Math.exp(-i / 60);
  const c = ctx();
  c.tunable('decay').set(0.1);
  const out = (await through(audioFrames(x, rate, block), onset.create({}, c))) as ControlFrame[];
  const hit = out.findIndex((f) => f.values[1] === 1);
  assert.ok(hit > 0);
  const later = out[hit + 6]!;
  const expected = Math.exp(-(later.t - out[hit]!.t) / 0.1);
  assert.ok(Math.abs(later.values[2]! - expected) < 1e-6);
});
