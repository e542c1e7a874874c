import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { classifyStyle, unknownStyle } from '../../../src/models/style/classify-style.js';
import { StyleClassifier } from '../../../src/models/style/style-classifier.js';
import { styleWeightShapes, type StyleModelConfig } from '../../../src/models/style/style-model-config.js';

before(async () => {
  await tf.setBackend('cpu');
});

const config: StyleModelConfig = { classes: ['one', 'two', 'three'], sampleRate: 8000, nFft: 512, hop: 256, nMels: 16, segmentFrames: 32, channels: [4], kernel: 3, pools: [2], hidden: 4 };

function classifier(): StyleClassifier {
  const random = seededRandom('style-weights');
  const weights = new Map(styleWeightShapes(config).map(({ name, shape }) => [name, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name === 'input/std' ? 20 : name === 'input/mean' ? -50 : random() - 0.5))]));
  return new StyleClassifier({ config, weights });
}

const noise = (n: number, seed: string) => {
  const random = seededRandom(seed);
  return Float32Array.from({ length: n }, () => 0.3 * (random() - 0.5));
};

test('a recording is cut into segments a hop apart, the last one ending at the end, and the verdict is their average', () => {
  const c = classifier();
  const samples = noise(3 * config.sampleRate, 'music');
  const verdict = classifyStyle(c, samples, 0.5);
  const frames = Math.floor(samples.length / config.hop) + 1;
  const last = frames - config.segmentFrames;
  assert.deepEqual(
    verdict.segments.map((s) => s.t),
    [...Array.from({ length: Math.ceil(last / 16) }, (_, k) => (k * 16 * config.hop) / config.sampleRate), (last * config.hop) / config.sampleRate],
  );
  for (let k = 0; k < 3; k++) {
    const mean = verdict.segments.reduce((s, seg) => s + seg.probabilities[k]!, 0) / verdict.segments.length;
    assert.ok(Math.abs(verdict.probabilities[k]! - mean) < 1e-5);
  }
  assert.equal(verdict.label, config.classes[verdict.probabilities.indexOf(Math.max(...verdict.probabilities))]);
  assert.equal(verdict.padded, false);
  c.dispose();
});

test('silence is "unknown" with uniform probabilities, not a confident guess; silent segments are left out of the average', () => {
  const c = classifier();
  const silence = classifyStyle(c, new Float32Array(2 * config.sampleRate));
  assert.equal(silence.label, unknownStyle);
  assert.ok(silence.probabilities.every((p) => Math.abs(p - 1 / 3) < 1e-6));
  assert.ok(silence.segments.every((s) => s.silent));

  const music = noise(2 * config.sampleRate, 'music');
  const half = new Float32Array(4 * config.sampleRate);
  half.set(music);
  const mixed = classifyStyle(c, half, 0.5);
  const alone = classifyStyle(c, music, 0.5);
  assert.ok(mixed.segments.some((s) => s.silent) && mixed.segments.some((s) => !s.silent));
  assert.equal(mixed.label, alone.label);
  c.dispose();
});

test('a clip shorter than one segment is looped to fill it and flagged', () => {
  const c = classifier();
  const verdict = classifyStyle(c, noise(2000, 'short'));
  assert.equal(verdict.padded, true);
  assert.equal(verdict.segments.length, 1);
  assert.ok(verdict.probabilities.every(Number.isFinite));
  c.dispose();
});
