import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { stepCrossEntropy } from '../../../src/train/metrics/step-cross-entropy.js';
import { restPose, zigzagArms } from '../../helpers/synthetic-motion.js';

/** A basic step of 2 beats at 120 BPM (30 frames): arms out right, up, back, as a loop. */
const stepAt = (frames: number) =>
  zigzagArms(frames + 1, [0, frames / 3, (2 * frames) / 3, frames], [[0, 0, 0], [0.3, 0, 0], [0.15, 0.3, 0], [0, 0, 0]]).slice(0, frames);
const step = stepAt(30);
const beatsEvery = (interval: number, count: number) => Array.from({ length: count }, (_, i) => interval * i);
/** The step danced over and over, `frames` frames per step, for `repeats` steps. */
const repeated = (frames: number, repeats: number) => Array.from({ length: repeats }, () => stepAt(frames)).flat();

test('the reference step danced on the beat scores 0, from the right first beat', () => {
  const result = stepCrossEntropy(repeated(30, 10), step, beatsEvery(0.5, 21), { stepBeats: 2 });
  assert.ok(result.entropy >= 0 && result.entropy < 1e-12, `entropy ${result.entropy}`);
  assert.equal(result.startBeat, 0);
  assert.equal(result.segments, 10);
});

test('starting the step on the off-beat costs, and the best first beat is found', () => {
  // Dancing starts a beat late: the segmenting that starts at beat 1 matches the steps exactly.
  const late = [...Array.from({ length: 15 }, () => restPose()), ...repeated(30, 9), ...Array.from({ length: 15 }, () => restPose())];
  const result = stepCrossEntropy(late, step, beatsEvery(0.5, 21), { stepBeats: 2 });
  assert.equal(result.startBeat, 1);
  assert.ok(result.entropy < 1e-12, `entropy ${result.entropy}`);
  const forced = stepCrossEntropy(late, step, beatsEvery(0.5, 21), { stepBeats: 2, starts: 1 });
  assert.ok(forced.entropy > 0.01, `entropy from beat 0: ${forced.entropy}`);
});

test('the step at another tempo, stretched to the beats, scores near 0; a frozen or a different dance scores more', () => {
  // 100 BPM: 36 frames per 2-beat step.
  const beats = beatsEvery(0.6, 21);
  const stretched = stepCrossEntropy(repeated(36, 10), step, beats, { stepBeats: 2 }).entropy;
  const frozen = stepCrossEntropy(Array.from({ length: 360 }, () => restPose()), step, beats, { stepBeats: 2 }).entropy;
  const other = zigzagArms(361, [0, 18, 36, 54, 72, 90, 108, 126, 144, 162, 180, 198, 216, 234, 252, 270, 288, 306, 324, 342, 360], Array.from({ length: 21 }, (_, i) => [0, 0, 0.25 * (i % 2)] as const));
  const different = stepCrossEntropy(other.slice(0, 360), step, beats, { stepBeats: 2 }).entropy;
  assert.ok(stretched < 0.01, `stretched ${stretched}`);
  assert.ok(frozen > 10 * stretched && different > 10 * stretched, `stretched ${stretched}, frozen ${frozen}, different ${different}`);
});

test('the value does not depend on where the origin is nor on the unit', () => {
  const beats = beatsEvery(0.5, 21);
  const dance = repeated(28, 11);
  const base = stepCrossEntropy(dance, step, beats, { stepBeats: 2 }).entropy;
  const moved = (frames: Float32Array[], by: number, scale: number) => frames.map((f) => Float64Array.from(f, (v, i) => (i % 3 === 0 ? v - by : v) * scale));
  const shifted = stepCrossEntropy(moved(dance, 5, 100), moved(step, 5, 100), beats, { stepBeats: 2 }).entropy;
  assert.ok(base > 0.001, `base ${base}`);
  assert.ok(Math.abs(shifted - base) < 1e-9 * base, `${shifted} vs ${base}`);
});

test('too short a dance for one segment gives NaN; a segmenting meeting NaN is passed over', () => {
  const short = stepCrossEntropy(repeated(30, 1).slice(0, 29), step, beatsEvery(0.5, 5), { stepBeats: 2 });
  assert.deepEqual([short.entropy, short.startBeat, short.segments], [NaN, -1, 0]);
  const dance = repeated(30, 10);
  dance[5] = dance[5]!.map(() => NaN);
  const result = stepCrossEntropy(dance, step, beatsEvery(0.5, 21), { stepBeats: 2, starts: 4 });
  // Start 0's first segment, frames 0..29, holds the NaN: not scored. Start 1 cuts the steps in
  // half; start 2 skips the first step and matches the rest exactly.
  assert.ok(result.startBeat === 2 && Number.isFinite(result.entropy), `start ${result.startBeat}, entropy ${result.entropy}`);
});

test('bad options and mismatched frames are E_PARAM errors', () => {
  const beats = beatsEvery(0.5, 5);
  const isParam = (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM';
  assert.throws(() => stepCrossEntropy(step, step, beats, { stepBeats: 0 }), isParam);
  assert.throws(() => stepCrossEntropy(step, step, beats, { stepBeats: 2, starts: 0 }), isParam);
  assert.throws(() => stepCrossEntropy(step, [], beats, { stepBeats: 2 }), isParam);
  assert.throws(() => stepCrossEntropy([new Float32Array(3)], step, beats, { stepBeats: 2 }), (e) => isParam(e) && /generated motion frame 0 has 3 values; expected 51/.test((e as Error).message));
  assert.throws(() => stepCrossEntropy(step, step, [1, 0.5], { stepBeats: 1 }), isParam);
  assert.throws(() => stepCrossEntropy(step, step, [1, NaN], { stepBeats: 1 }), isParam);
});
