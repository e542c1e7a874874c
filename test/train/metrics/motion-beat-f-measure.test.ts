import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { seconds } from '../../../src/core/units.js';
import { motionBeats } from '../../../src/movement/motion-beats.js';
import { motionBeatFMeasure } from '../../../src/train/metrics/motion-beat-f-measure.js';
import { swingingArms } from '../../helpers/synthetic-motion.js';

const music = Array.from({ length: 20 }, (_, i) => 0.5 * i); // 120 BPM from 0 s to 9.5 s

test('perfect and slightly late motion beats score 1, beats more than 70 ms off score 0', () => {
  assert.equal(motionBeatFMeasure(music, music).f, 1);
  const late = motionBeatFMeasure(music, music.map((t) => t + 0.05));
  assert.equal(late.f, 1);
  assert.ok(Math.abs(late.offset - 0.05) < 1e-9, `offset ${late.offset}`);
  const off = motionBeatFMeasure(music, music.map((t) => t + 0.1));
  assert.deepEqual([off.f, off.matched], [0, 0]);
});

test('the first 5 s count by default (a short render keeps its beats); skip trims both lists', () => {
  const all = motionBeatFMeasure(music, music);
  assert.deepEqual([all.reference, all.estimated, all.matched], [20, 20, 20]);
  const skipped = motionBeatFMeasure(music, music, { skip: seconds(5) });
  assert.deepEqual([skipped.reference, skipped.estimated, skipped.matched, skipped.f], [10, 10, 10, 1]);
  // Motion beats only in the first 5 s: recall 10/20 by default, nothing at all once skipped.
  const early = music.filter((t) => t < 5);
  const half = motionBeatFMeasure(music, early);
  assert.deepEqual([half.precision, half.recall], [1, 0.5]);
  assert.equal(motionBeatFMeasure(music, early, { skip: seconds(5) }).f, 0);
  // A skip past 5 s trims there, and a beat at exactly the skip time is kept.
  const late = motionBeatFMeasure([7, 8, 9], [7, 8.03, 9.2], { skip: seconds(7) });
  assert.deepEqual([late.reference, late.estimated, late.matched], [3, 3, 2]);
});

test('motion beats between the music beats are kept and lower the precision', () => {
  const doubled = music.flatMap((t) => [t, t + 0.25]);
  const score = motionBeatFMeasure(music, doubled);
  assert.deepEqual([score.precision, score.recall], [0.5, 1]);
  assert.ok(Math.abs(score.f - 2 / 3) < 1e-12);
});

test('a dancer reversing on every beat of a 120 BPM song: the detected motion beats score F = 1', () => {
  // Arms swinging at 1 Hz reverse every 0.5 s from 0 s; frame 0 is too early to detect, so the
  // music beats start at 0.5 s. The last reversal, at 9.5 s, is 6 frames from the end of 300 frames.
  const beats = motionBeats(swingingArms(300, 30, 1));
  assert.equal(motionBeatFMeasure(music.slice(1), beats).f, 1);
  // The same dance against music at 100 BPM: it mostly misses.
  const slower = Array.from({ length: 16 }, (_, i) => 0.6 * (i + 1));
  assert.ok(motionBeatFMeasure(slower, beats).f < 0.5);
});

test('NaN, decreasing or infinite beat times are RangeErrors; a non-finite skip is E_PARAM', () => {
  assert.throws(() => motionBeatFMeasure([1, NaN], [1]), RangeError);
  assert.throws(() => motionBeatFMeasure([1], [NaN]), RangeError);
  assert.throws(() => motionBeatFMeasure([2, 1], [1]), RangeError);
  assert.throws(() => motionBeatFMeasure([1, Infinity], [1]), RangeError);
  assert.throws(() => motionBeatFMeasure([1], [1], { skip: seconds(NaN) }), (e) => isTerpsiError(e) && e.code === 'E_PARAM');
});
