import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { isTerpsiError } from '../../../src/core/errors.js';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { effortMixture, mixtureLoss, sampleMixture } from '../../../src/models/sonify/effort-mdn.js';
import { researchSonifyConfig, sonifyModelConfigSchema, sonifyWeightShapes, type SonifyModelConfig } from '../../../src/models/sonify/sonify-model-config.js';
import { loadSonifyModel, saveSonifyModel } from '../../../src/models/sonify/sonify-model-files.js';
import { Sonifier } from '../../../src/models/sonify/sonifier.js';
import { weightTensors } from '../../../src/models/weight-tensors.js';
import { heUniform } from '../../../src/train/fit-network.js';
import type { SonifyExample } from '../../../src/train/sonify-examples.js';
import { trainSonify } from '../../../src/train/sonify-training.js';
import { tempDir } from '../../helpers/temp-dir.js';

before(async () => {
  await tf.setBackend('cpu');
});

/** Small enough to train in seconds: 1 s patches of 16 bands, 3 windows. */
const tinyConfig: SonifyModelConfig = {
  sampleRate: 8000,
  nFft: 512,
  hop: 128,
  nMels: 16,
  patchFrames: 64,
  dbRange: 80,
  encoderChannels: [8, 8],
  encoderKernel: 3,
  pools: [4, 4],
  code: 4,
  decoderHidden: [32],
  lstmUnits: [16],
  mdnHidden: [16],
  components: 2,
  windows: 3,
  lmaPreset: 'default',
};

test('the research configuration has its sizes: 1024-d code, LSTM 512 → 1024, 10 Gaussians over the code', () => {
  const shapes = new Map(sonifyWeightShapes(researchSonifyConfig).map((s) => [s.name, s.shape]));
  assert.deepEqual(shapes.get('encoder/conv1/kernel'), [3, 128, 64]);
  assert.deepEqual(shapes.get('encoder/code/kernel'), [16 * 512, 1024]);
  assert.deepEqual(shapes.get('decoder/out/kernel'), [1024, 256 * 128]);
  assert.deepEqual(shapes.get('lstm1/kernel'), [5, 4 * 512]);
  assert.deepEqual(shapes.get('lstm2/recurrent'), [1024, 4 * 1024]);
  assert.deepEqual(shapes.get('mdn/out/kernel'), [1024, 10 * (1 + 2 * 1024)]);
  const bad = sonifyModelConfigSchema.safeParse({ ...tinyConfig, patchFrames: 60 });
  assert.ok(!bad.success && bad.error.issues.some((i) => i.path.join('.') === 'patchFrames'));
});

test('sampling: temperature 0 gives the likeliest component mean; higher temperatures spread around it', () => {
  // Two components over a 2-d code: weight 0.8 at (1, 1), 0.2 at (-1, -1), σ 0.1.
  const mixture = {
    logits: tf.tensor2d([[Math.log(0.8), Math.log(0.2)]]),
    means: tf.tensor3d([[[1, 1], [-1, -1]]]),
    logSigmas: tf.fill([1, 2, 2], Math.log(0.1)) as tf.Tensor3D,
  };
  const random = seededRandom('mixture');
  assert.deepEqual(Array.from(sampleMixture(mixture, 0, random)[0]!), [1, 1]);
  const draws = Array.from({ length: 400 }, () => sampleMixture(mixture, 1, random)[0]!);
  const second = draws.filter((d) => d[0]! < 0).length / draws.length;
  assert.ok(second > 0.12 && second < 0.28, `second component drawn ${second}`);
  const near = draws.filter((d) => d[0]! > 0);
  const spread = Math.sqrt(near.reduce((s, d) => s + (d[0]! - 1) ** 2, 0) / near.length);
  assert.ok(spread > 0.07 && spread < 0.13, `σ of draws ${spread}`);
  // Colder: the weights sharpen (0.8² : 0.2²) and the spread shrinks by √τ.
  const cold = Array.from({ length: 400 }, () => sampleMixture(mixture, 0.25, random)[0]!);
  assert.ok(cold.filter((d) => d[0]! < 0).length / cold.length < 0.1);
});

test('the mixture loss is the negative log-likelihood per code dimension', () => {
  const mixture = { logits: tf.tensor2d([[0]]), means: tf.tensor3d([[[0, 0]]]), logSigmas: tf.tensor3d([[[0, 0]]]) };
  const loss = mixtureLoss(mixture, tf.tensor2d([[1, 0]])).dataSync()[0]!;
  const expected = (0.5 * 1 + Math.log(2 * Math.PI)) / 2;
  assert.ok(Math.abs(loss - expected) < 1e-5, `${loss} vs ${expected}`);
});

/**
 * Pairs where the movement says which sound: quick movement (efforts near 1) with a high band
 * sounding, slow movement (near 0.1) with a low band. Patches in 0..1 with a little noise.
 */
function toyExamples(count: number, seed: string): SonifyExample[] {
  const random = seededRandom(seed);
  const c = tinyConfig;
  return Array.from({ length: count }, (_, i) => {
    const quick = i % 2 === 0;
    const efforts = Float32Array.from({ length: c.windows * 5 }, () => (quick ? 0.9 : 0.1) + 0.05 * random());
    const patch = new Float32Array(c.patchFrames * c.nMels);
    for (let j = 0; j < c.patchFrames; j++) for (let b = 0; b < c.nMels; b++) patch[j * c.nMels + b] = 0.1 * random() + ((quick ? b >= 11 : b <= 4) ? 0.8 : 0);
    return { efforts, patch };
  });
}

const bandEnergy = (rows: readonly Float32Array[], from: number, to: number) => rows.reduce((s, r) => s + r.slice(from, to + 1).reduce((a, b) => a + b, 0), 0) / rows.length / (to - from + 1);

test('trained on pairs where movement decides the sound, the model plays the matching sound for each movement', () => {
  const stage = { epochs: 4, stepsPerEpoch: 40, batch: 8, learningRate: 3e-3 };
  const result = trainSonify(tinyConfig, toyExamples(64, 'train'), toyExamples(16, 'validate'), { autoencoder: stage, mixture: stage, seed: 3 });
  assert.ok(result.autoencoder.best.validation < 0.02, `autoencoder validation MSE ${result.autoencoder.best.validation}`);
  assert.ok(result.mixture.history.at(-1)!.validation < result.mixture.history[0]!.validation, 'the mixture loss falls');
  // Neighbouring toy segments alternate quick and slow: with each other's movement the codes fit far worse.
  assert.ok(result.shuffledLoss > result.mixture.best.validation + 1, `shuffled ${result.shuffledLoss} vs ${result.mixture.best.validation}`);
  const sonifier = new Sonifier({ config: tinyConfig, weights: result.weights });
  try {
    const random = seededRandom('play');
    const quick = sonifier.patch(new Float32Array(15).fill(0.92), 0, random);
    const slow = sonifier.patch(new Float32Array(15).fill(0.12), 0, random);
    assert.equal(quick.length, tinyConfig.patchFrames);
    assert.ok(bandEnergy(quick, 11, 15) > bandEnergy(quick, 0, 4) + 0.3, 'quick movement: the high band');
    assert.ok(bandEnergy(slow, 0, 4) > bandEnergy(slow, 11, 15) + 0.3, 'slow movement: the low band');
  } finally {
    sonifier.dispose();
  }
});

test('a model folder round-trips; one whose weights do not fit its config is refused naming the file', () => {
  const dir = tempDir('terpsi-sonify-model-');
  const random = seededRandom('weights');
  const weights = new Map(sonifyWeightShapes(tinyConfig).map((s) => [s.name, heUniform(s.shape, random)]));
  saveSonifyModel(dir, { config: tinyConfig, weights });
  const loaded = loadSonifyModel(dir);
  assert.deepEqual(loaded.config, tinyConfig);
  assert.deepEqual(loaded.weights.get('mdn/out/kernel'), weights.get('mdn/out/kernel'));
  // The same weights under a config with a larger code cannot be read.
  const other = tempDir('terpsi-sonify-model-');
  saveSonifyModel(other, { config: tinyConfig, weights });
  const file = `${other}/model.json`;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.config.code = 5;
  writeFileSync(file, JSON.stringify(json));
  assert.throws(
    () => loadSonifyModel(other),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.includes(file),
  );
  const tensors = weightTensors(loaded.weights, sonifyWeightShapes(tinyConfig));
  const mixture = effortMixture(tinyConfig, tensors, tf.zeros([2, tinyConfig.windows, 5]) as tf.Tensor3D);
  assert.deepEqual(mixture.means.shape, [2, 2, 4]);
});
