import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Subject, type OperatorFunction } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { virtualClock, type Clock } from '../../../src/core/clock.js';
import { isTerpsiError } from '../../../src/core/errors.js';
import type { AudioFrame, Frame, MotionFrame } from '../../../src/core/frames.js';
import { hertz, seconds } from '../../../src/core/units.js';
import { danceAudioFeatures, sliceStart } from '../../../src/dsp/dance-audio-features.js';
import { danceGenerator } from '../../../src/models/dance/dance-generator.js';
import { danceMotion } from '../../../src/models/dance/dance-motion.js';
import { DanceStream } from '../../../src/models/dance/dance-stream.js';
import { openDanceModel } from '../../../src/models/dance/open-dance-model.js';
import { SafePoses } from '../../../src/models/dance/safe-poses.js';
import { danceJoints } from '../../../src/movement/dance-skeleton.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import { testContext } from '../../helpers/context.js';
import { audioFrames, through } from '../../helpers/frames.js';
import { saveRandomDanceModel, testSong, tinyDanceConfig } from './random-dance-model.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('terpsi-dance-generator-');
const modelDir = saveRandomDanceModel(join(root, 'model'), 7, { gain: 3 });
const joints = danceJoints.length;

/** Slices a stream of `samples` samples completes. */
const slicesIn = (samples: number) => {
  let k = 0;
  while (sliceStart(k) + 534 <= samples) k++;
  return k;
};

const node = (params: Record<string, unknown>, clock: Clock = virtualClock()) => {
  const ctx = testContext('dancer', { clock });
  return { ctx, op: danceGenerator.create(danceGenerator.params.parse(params), ctx) as OperatorFunction<Frame, MotionFrame> };
};

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

const allFinite = (f: MotionFrame) => [...f.root, ...f.rotations, ...f.positions!].every(Number.isFinite);

function assertUnitQuaternions(f: MotionFrame) {
  for (let j = 0; j < joints; j++) {
    const q = f.rotations.subarray(4 * j, 4 * j + 4);
    assert.ok(Math.abs(Math.hypot(...q) - 1) < 1e-5, `joint ${j} of dancer ${f.dancer} at ${f.t} s: |q| = ${Math.hypot(...q)}`);
  }
}

const restRotations = () => Float32Array.from({ length: 4 * joints }, (_, i) => (i % 4 === 0 ? 1 : 0));

test('one motion frame per 1/30 s slice per dancer, with unit quaternions and forward-kinematics positions; dancers differ', async () => {
  const song = testSong(4);
  const { ctx, op } = node({ model: modelDir, dancers: 3 });
  const out = await through(audioFrames(song, 16000, 512), op);
  const slices = slicesIn(Math.floor(song.length / 512) * 512);
  assert.equal(out.length, 3 * slices);
  out.forEach((f, i) => {
    assert.equal(f.kind, 'motion');
    assert.equal(f.source, 'dancer');
    assert.equal(f.dancer, i % 3);
    assert.ok(Math.abs(f.t - Math.floor(i / 3) / 30) < 1e-9, `frame ${i} at ${f.t} s`);
    assertUnitQuaternions(f);
    assert.ok(maxDifference(f.positions!, forwardKinematics(f)) < 1e-6);
  });
  assert.deepEqual(ctx.reported, []);

  const of = (d: number) => out.filter((f) => f.dancer === d);
  const moved = Math.max(...of(0).slice(1).map((f, k) => maxDifference(f.rotations, of(0)[k]!.rotations)));
  assert.ok(moved > 1e-3, `dancer 0 moves (largest change between frames ${moved})`);
  for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
    const apart = Math.max(...of(a).map((f, k) => maxDifference(f.positions!, of(b)[k]!.positions!)));
    assert.ok(apart > 1e-3, `dancers ${a} and ${b} differ (by ${apart} m at most)`);
  }

  // Dancer 0 hears the features clean: alone it dances exactly as in the batch.
  const alone = await through(audioFrames(song, 16000, 534), node({ model: modelDir }).op);
  assert.equal(alone.length, slicesIn(Math.floor(song.length / 534) * 534));
  assert.ok(Math.max(...alone.map((f, k) => maxDifference(f.rotations, of(0)[k]!.rotations))) < 1e-6);
});

test('NaN audio holds the last pose without stepping, sends no NaN and is reported; the dance then goes on', async () => {
  const song = testSong(3);
  song.fill(Number.NaN, 16000, 16100);
  song[20000] = Number.POSITIVE_INFINITY;
  const { ctx, op } = node({ model: modelDir, dancers: 2 });
  const out = await through(audioFrames(song, 16000, 534), op);
  assert.ok(out.every(allFinite));
  const of0 = out.filter((f) => f.dancer === 0);
  const touches = (k: number, from: number, to: number) => sliceStart(k) <= to && sliceStart(k) + 534 > from;
  const held = of0.map((_, k) => touches(k, 16000, 16099) || touches(k, 20000, 20000));
  assert.deepEqual(held.flatMap((h, k) => (h ? [k] : [])), [30, 37]);
  for (let k = 1; k < of0.length; k++) {
    const change = maxDifference(of0[k]!.rotations, of0[k - 1]!.rotations);
    if (held[k]) assert.equal(change, 0, `slice ${k} holds`);
  }
  const after = of0.slice(-10);
  assert.ok(Math.max(...after.slice(1).map((f, k) => maxDifference(f.rotations, after[k]!.rotations))) > 1e-3, 'moving again after');
  assert.ok(ctx.reported.some((e) => /NaN or infinite samples/.test(String(e))), String(ctx.reported));
});

test('a model whose weights make NaN holds every dancer at rest, sends only finite values and reports it', async () => {
  // A negative variance is finite, so the file loads, but batch normalisation takes its square root.
  const dir = saveRandomDanceModel(join(root, 'nan-model'), 8, { tweak: (name, v) => name.endsWith('norm1/moving_variance') && v.fill(-1) });
  const { ctx, op } = node({ model: dir, dancers: 2 });
  const out = await through(audioFrames(testSong(1), 16000, 534), op);
  assert.equal(out.length, 2 * slicesIn(Math.floor(16000 / 534) * 534));
  for (const f of out) {
    assert.ok(allFinite(f));
    assert.deepEqual(f.rotations, restRotations());
    assert.deepEqual([...f.root], [0, 0, 0]);
  }
  assert.ok(ctx.reported.length > 0 && ctx.reported.every((e) => /dancer\(s\) 0, 1: the model's output is not finite/.test(String(e))), String(ctx.reported[0]));
});

test('a step that throws holds every dancer, is reported, and the stream starts again from rest', async () => {
  const model = openDanceModel(modelDir);
  let steps = 0;
  class FailingStream extends DanceStream {
    override step(spectra: Float32Array): Float32Array {
      if (++steps % 10 === 0) throw new Error('kernel trap');
      return super.step(spectra);
    }
  }
  const fresh = () => new DanceStream(model.config, model.weights, 1);
  const ctx = testContext('dancer', { clock: virtualClock() });
  const op = danceMotion({ stream: () => new FailingStream(model.config, model.weights, 1), normalization: model.normalization }, ctx);
  const song = testSong(2);
  const out = await through(audioFrames(song, 16000, 534), op);
  const clean = await through(audioFrames(song, 16000, 534), danceMotion({ stream: fresh, normalization: model.normalization }, testContext('dancer', { clock: virtualClock() })));
  assert.equal(out.length, clean.length);
  assert.ok(out.every(allFinite));
  for (let k = 9; k < out.length; k += 10) assert.deepEqual(out[k]!.rotations, out[k - 1]!.rotations, `slice ${k} holds`);
  // Up to the first failure the dance is the clean one; after it, a new one from rest.
  assert.ok(Math.max(...out.slice(0, 9).map((f, k) => maxDifference(f.rotations, clean[k]!.rotations))) < 1e-6);
  // Slice 9 failed: from slice 10 on, the dance is that of a stream started at rest on slice 10.
  const restarted = fresh();
  const poses = new SafePoses(1, model.normalization);
  const features = danceAudioFeatures(song);
  for (let k = 10; k < 19; k++) {
    assert.ok(poses.offer(0, restarted.step(features[k]!)));
    assert.ok(maxDifference(out[k]!.rotations, poses.pose(0).rotations) < 1e-6, `slice ${k}`);
  }
  assert.ok(maxDifference(out[10]!.rotations, clean[10]!.rotations) > 1e-4);
  assert.ok(ctx.reported.length >= 5 && ctx.reported.every((e) => /the dance model failed on 1 slice\(s\).*kernel trap/.test(String(e))));
});

test('on a live clock, slices computed more than 1/30 s behind real time are skipped and hold, until one is on time', async () => {
  let now = 0;
  const clock: Clock = { now: () => seconds(now), unixTime: (t) => t, sleepUntil: async () => {}, virtual: false };
  const { ctx, op } = node({ model: modelDir }, clock);
  const input = new Subject<Frame>();
  const out: MotionFrame[] = [];
  input.pipe(op).subscribe((f) => out.push(f));
  const song = testSong(1);
  const block = (from: number, n: number): AudioFrame => ({ kind: 'audio', t: seconds(from / 16000), source: 'mic', sampleRate: hertz(16000), channels: 1, samples: song.subarray(from, from + n), index: from });

  now = (3 * 534) / 16000 + 0.02; // on time: 20 ms after the block's last sample
  input.next(block(0, 3 * 534));
  assert.equal(out.length, 3);
  assert.deepEqual(ctx.reported, []);
  now = 0.5; // the next block comes 0.3 s late
  input.next(block(3 * 534, 3 * 534));
  assert.equal(out.length, 6);
  for (const f of out.slice(3)) assert.deepEqual(f.rotations, out[2]!.rotations);
  assert.match(String(ctx.reported[0]), /slice\(s\) 3, 4, 5 came more than 0\.033 s behind real time/);
  now = (9 * 534) / 16000; // caught up
  input.next(block(6 * 534, 3 * 534));
  assert.equal(out.length, 9);
  assert.ok(maxDifference(out[8]!.rotations, out[5]!.rotations) > 0, 'computed again');
  assert.equal(ctx.reported.length, 1);
});

test('audio at another rate is refused once with a coded error that says what to set', async () => {
  const { ctx, op } = node({ model: modelDir });
  const out = await through(audioFrames(testSong(1, 44100), 44100, 1024), op);
  assert.equal(out.length, 0);
  assert.equal(ctx.reported.length, 1);
  const e = ctx.reported[0];
  assert.ok(isTerpsiError(e) && e.code === 'E_PARAM' && /44100 Hz.*sampleRate: 16000/.test(e.message), String(e));
});

test('the node leaks nothing: tensor count and heap flat over a 10-minute run', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { ctx, op } = node({ model: modelDir, dancers: 2 });
  const input = new Subject<Frame>();
  let frames = 0;
  input.pipe(op).subscribe(() => frames++);
  const song = testSong(10);
  const blockSize = 534;
  const blocksPerSong = Math.floor(song.length / blockSize);
  let index = 0;
  const play = (seconds10: number) => {
    for (let b = 0; b < seconds10 * blocksPerSong; b++, index += blockSize) {
      const at = (b % blocksPerSong) * blockSize;
      input.next({ kind: 'audio', t: seconds(index / 16000), source: 'mic', sampleRate: hertz(16000), channels: 1, samples: song.subarray(at, at + blockSize), index });
    }
  };
  play(6); // the first minute: everything allocated once is there
  gc();
  const tensors = tf.memory().numTensors;
  const heap = process.memoryUsage().heapUsed;
  play(54);
  gc();
  const grown = process.memoryUsage().heapUsed - heap;
  assert.equal(tf.memory().numTensors, tensors);
  assert.ok(grown < 2e6, `heap grew ${(grown / 1e6).toFixed(2)} MB over 9 minutes`);
  assert.ok(frames >= 2 * 30 * 590, `${frames} frames`);
  assert.deepEqual(ctx.reported, []);
});

test('a missing or corrupt model folder is a coded error naming the file; a missing one says how to train a model', () => {
  const missing = join(root, 'nowhere');
  assert.throws(
    () => node({ model: missing }),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes(join(missing, 'model.json')) && /terpsi corpus dance .*terpsi train dance/.test(e.message),
  );
  const truncated = saveRandomDanceModel(join(root, 'truncated'), 9);
  writeFileSync(join(truncated, 'weights.bin'), readFileSync(join(truncated, 'weights.bin')).subarray(0, 100));
  assert.throws(() => node({ model: truncated }), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.includes(join(truncated, 'weights.bin')));

  const edit = (name: string, change: (json: Record<string, any>) => void) => {
    const dir = saveRandomDanceModel(join(root, name), 10);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, any>;
    change(json);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return dir;
  };
  const garbled = saveRandomDanceModel(join(root, 'garbled'), 11);
  writeFileSync(join(garbled, 'model.json'), '{"format": ');
  assert.throws(() => node({ model: garbled }), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(join(garbled, 'model.json')));
  const badNormalization = edit('bad-normalization', (j) => (j['normalization'].maxima = [1, 2]));
  assert.throws(
    () => node({ model: badNormalization }),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${join(badNormalization, 'model.json')}: normalization: maxima`),
  );
  const otherSizes = saveRandomDanceModel(join(root, 'other-sizes'), 12, { config: { ...tinyDanceConfig, spectrumBins: 100 } });
  assert.throws(
    () => node({ model: otherSizes }),
    (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${join(otherSizes, 'model.json')}: config.spectrumBins is 100`),
  );
});
