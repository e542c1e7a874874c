import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import { wasm } from '../../src/models/backend.js';
import type { DanceModelConfig } from '../../src/models/dance/dance-model-config.js';
import { loadDanceModel } from '../../src/models/dance/dance-model-files.js';
import { MotionNormalization } from '../../src/movement/motion-vector.js';
import { buildDanceCorpus } from '../../src/train/corpora/dance-corpus.js';
import { momentsFile, readDanceCheckpoint, stateFile, type DanceTrainingSettings } from '../../src/train/dance-checkpoint.js';
import { danceExamples, type DanceExamples } from '../../src/train/dance-examples.js';
import { trainDance } from '../../src/train/dance-training.js';
import { defaultDanceTraining } from '../../src/train/default-dance-training.js';
import { danceCorpusDataset } from '../../src/train/datasets/dance-corpus-dataset.js';
import { decodePng } from '../helpers/png.js';

/** The real input and output sizes, with a network small enough to train in moments. */
const config: DanceModelConfig = {
  spectrumFrames: 5,
  spectrumBins: 129,
  convChannels: [2],
  convKernel: [2, 33],
  lstmUnits: 8,
  encodedSize: 4,
  motionSize: 71,
};
const settings: DanceTrainingSettings = { ...defaultDanceTraining, steps: 20, batch: 3, sequence: 12, learningRate: 0.01, checkpointEvery: 10 };

const root = mkdtempSync(join(tmpdir(), 'terpsi-dance-training-'));
after(() => rmSync(root, { recursive: true, force: true }));
let train: DanceExamples;
let held: DanceExamples;
before(async () => {
  await wasm.start();
  await buildDanceCorpus({ dir: join(root, 'train'), tracks: 2, seconds: 6, seed: 2, split: 'train' });
  await buildDanceCorpus({ dir: join(root, 'test'), tracks: 1, seconds: 6, seed: 2, split: 'test' });
  train = await danceExamples(danceCorpusDataset(join(root, 'train')), { seed: 1, augment: true });
  held = await danceExamples(danceCorpusDataset(join(root, 'test')), { seed: 1, augment: false, normalization: train.normalization });
});

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('the losses fall over 20 steps; checkpoints, held-out losses and the loss curves are written; the tensor count stays flat', async () => {
  const out = join(root, 'run');
  const counts: number[] = [];
  const result = await trainDance({ out, config, settings, train, validation: held.tracks, clock: virtualClock(), onStep: () => counts.push(tf.memory().numTensors) });
  assert.equal(result.ran, 20);
  const losses = result.state.losses.train.map((r) => r[1]);
  assert.ok(mean(losses.slice(-4)) < 0.7 * mean(losses.slice(0, 4)), `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  assert.deepEqual(result.state.losses.validation.map((r) => r[0]), [10, 20]);
  assert.ok(result.state.losses.validation[1]![1] < result.state.losses.validation[0]![1], 'the held-out loss falls too');
  // Adam makes its moments in the first step; from then on every step, checkpoints included, leaves as many tensors as it found.
  assert.ok(counts.every((c) => c === counts[0]), `tensor counts ${counts.join(' ')}`);

  const model = loadDanceModel(out);
  assert.deepEqual(model.config, config);
  assert.deepEqual(MotionNormalization.fromJSON(model.normalization, 'model.json').maxima, train.normalization.maxima);
  const checkpoint = readDanceCheckpoint(out);
  assert.equal(checkpoint.state.step, 20);
  assert.equal(checkpoint.optimizer.iterations, 20);
  const png = decodePng(readFileSync(join(out, 'loss.png')));
  assert.deepEqual([png.width, png.height], [720, 420]);
});

test('two steps, a resume and two more end on the weights of four steps in one go, with the curriculum drawing teacher forcing', async () => {
  const curriculum: DanceTrainingSettings = { ...settings, steps: 4, curriculum: 6, checkpointEvery: 100 };
  const whole = join(root, 'whole');
  const split = join(root, 'split');
  await trainDance({ out: whole, config, settings: curriculum, train, clock: virtualClock() });
  await trainDance({ out: split, config, settings: { ...curriculum, steps: 2 }, train, clock: virtualClock() });
  const halfway = readDanceCheckpoint(split);
  assert.equal(halfway.state.step, 2);
  const resumed = await trainDance({ out: split, config, settings: curriculum, train, resume: halfway, clock: virtualClock() });
  assert.equal(resumed.ran, 2);
  const a = loadDanceModel(whole).weights;
  const b = loadDanceModel(split).weights;
  let largest = 0;
  for (const [name, w] of a) w.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - b.get(name)![i]!))));
  assert.ok(largest < 1e-5, `weights differ by ${largest}`);
  const [x, y] = [readDanceCheckpoint(whole).state, readDanceCheckpoint(split).state];
  assert.equal(y.random, x.random);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(x.losses.train[i]![1] - y.losses.train[i]![1]) < 1e-4);

  // Without the resume the second half starts from other weights: the comparison can fail.
  const fresh = join(root, 'fresh');
  await trainDance({ out: fresh, config, settings: { ...curriculum, steps: 2, seed: 2 }, train, clock: virtualClock() });
  const c = loadDanceModel(fresh).weights;
  let apart = 0;
  for (const [name, w] of a) w.forEach((v, i) => (apart = Math.max(apart, Math.abs(v - c.get(name)![i]!))));
  assert.ok(apart > 1e-3);
});

test('an abort stops after the step under way with a checkpoint', async () => {
  const out = join(root, 'stopped');
  const stop = new AbortController();
  const result = await trainDance({ out, config, settings, train, clock: virtualClock(), signal: stop.signal, onStep: (p) => p.step === 3 && stop.abort() });
  assert.equal(result.state.step, 3);
  assert.equal(readDanceCheckpoint(out).state.step, 3);
});

test('broken or mismatched checkpoints are coded errors naming the file', async () => {
  const out = join(root, 'broken');
  await assert.rejects(
    trainDance({ out, config, settings: { ...settings, sequence: 1 }, train, clock: virtualClock() }),
    (e) => isTerpsiError(e) && e.code === 'E_PARAM' && /dance training: sequence: /.test(e.message),
  );
  assert.throws(() => readDanceCheckpoint(out), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes(join(out, stateFile)));
  await trainDance({ out, config, settings: { ...settings, steps: 1 }, train, clock: virtualClock() });
  const checkpoint = readDanceCheckpoint(out);
  await assert.rejects(
    trainDance({ out, config: { ...config, lstmUnits: 9 }, settings, train, resume: checkpoint, clock: virtualClock() }),
    (e) => isTerpsiError(e) && e.code === 'E_USAGE' && e.message.includes(join(out, 'model.json')),
  );
  truncateSync(join(out, momentsFile), 100);
  assert.throws(() => readDanceCheckpoint(out), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && /training-state\.bin: 100 bytes, .* lists \d+/.test(e.message));
  writeFileSync(join(out, stateFile), '{"format": "terpsi-dance-training", "version": 1, "step": 0}');
  assert.throws(() => readDanceCheckpoint(out), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && /training-state\.json: step: /.test(e.message));
});
