import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { seconds, type Seconds } from '../../../src/core/units.js';
import { danceJointIndex } from '../../../src/movement/dance-skeleton.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import { motionBeats } from '../../../src/movement/motion-beats.js';
import { danceStepNames, type DanceStep } from '../../../src/train/corpora/dance-steps.js';
import { dancerStyle } from '../../../src/train/corpora/dancer-style.js';
import { keyframeJitter, stepDancer } from '../../../src/train/corpora/step-dancer.js';
import { detectFreeze } from '../../../src/train/metrics/detect-freeze.js';
import { motionBeatFMeasure } from '../../../src/train/metrics/motion-beat-f-measure.js';

const grid = (bpm: number, length: number): Seconds[] => Array.from({ length: Math.floor((length * bpm) / 60) }, (_, i) => seconds((i * 60) / bpm));
const dance = (step: DanceStep, bpm: number, seed: number, length = 16) => {
  const beats = grid(bpm, length);
  return { beats, ...stepDancer({ step, style: dancerStyle(seed), beats, duration: seconds(length), seed }) };
};
const y = (positions: Float32Array, joint: keyof typeof danceJointIndex) => positions[3 * danceJointIndex[joint] + 1]!;

for (const step of danceStepNames) {
  for (const bpm of [90, 130]) {
    test(`${step} at ${bpm} BPM: motion beats fall on the music's beats (F ≥ 0.8) for every dancer tried`, () => {
      for (const seed of [1, 2, 3]) {
        const { beats, frames } = dance(step, bpm, seed);
        const score = motionBeatFMeasure(beats, motionBeats(frames.map((f) => forwardKinematics(f))));
        assert.ok(score.f >= 0.8, `${step}, ${bpm} BPM, dancer ${seed}: F = ${score.f.toFixed(3)} (P ${score.precision.toFixed(2)}, R ${score.recall.toFixed(2)})`);
      }
    });
  }

  test(`${step}: unit rotations, feet on the floor, arms hanging, never frozen`, () => {
    for (const seed of [4, 5]) {
      const { frames } = dance(step, 110, seed, 20);
      assert.equal(frames.length, 600);
      frames.forEach((frame, f) => {
        for (let j = 0; j < 17; j++) {
          const q = Array.from(frame.rotations.subarray(4 * j, 4 * j + 4));
          assert.ok(q.every(Number.isFinite) && Math.abs(Math.hypot(...q) - 1) < 1e-5 && q[0]! >= 0, `frame ${f}, joint ${j}: ${q}`);
        }
        const p = forwardKinematics(frame);
        const [left, right] = [y(p, 'left_foot'), y(p, 'right_foot')];
        // Ankles sit 8 cm above the floor when the foot is flat: never lower, and one foot always down.
        assert.ok(Math.min(left, right) > 0.079 && Math.min(left, right) < 0.081, `frame ${f}: ankles at ${left.toFixed(3)}, ${right.toFixed(3)} m`);
        for (const side of ['left', 'right'] as const) {
          const drop = y(p, `${side}_shoulder`) - y(p, `${side}_forearm`);
          assert.ok(drop > 0.2, `frame ${f}: the ${side} elbow is only ${drop.toFixed(2)} m below the shoulder`);
        }
        assert.ok(y(p, 'head') - y(p, 'pelvis') > 0.45, `frame ${f}: upright`);
      });
      const freeze = detectFreeze(frames.map((f) => forwardKinematics(f)));
      assert.ok(!freeze.frozen && freeze.longest < 0.5, `${step}, dancer ${seed}: still for ${freeze.longest} s`);
    }
  });
}

test('keyframes keep within the jitter bound of their beats, and the jitter is there', () => {
  for (const seed of [1, 2, 3, 4]) {
    const { beats, keyframes } = dance('salsa', 120, seed, 30);
    assert.equal(keyframes.length, beats.length);
    const offsets = keyframes.map((t, i) => t - beats[i]!);
    assert.ok(offsets.every((d) => Math.abs(d) <= keyframeJitter), `dancer ${seed}: offsets up to ${Math.max(...offsets.map(Math.abs))} s`);
    const mean = offsets.reduce((a, b) => a + b, 0) / offsets.length;
    const spread = Math.sqrt(offsets.reduce((a, d) => a + (d - mean) ** 2, 0) / offsets.length);
    assert.ok(spread > 0.004 && spread < 0.02, `dancer ${seed}: jitter σ ${spread.toFixed(4)} s`);
  }
});

test('a dance is deterministic for its options; other seeds give other dancers and other timing', () => {
  const a = dance('front-back', 100, 7, 4);
  const b = dance('front-back', 100, 7, 4);
  assert.deepEqual(a.frames, b.frames);
  assert.deepEqual(a.keyframes, b.keyframes);
  const c = dance('front-back', 100, 8, 4);
  assert.notDeepEqual(a.keyframes, c.keyframes);
  assert.notDeepEqual(dancerStyle(7), dancerStyle(8));
});

test('bad beats are refused with E_PARAM naming the beat', () => {
  const style = dancerStyle(1);
  const refuses = (beats: number[], what: RegExp) =>
    assert.throws(() => stepDancer({ step: 'salsa', style, beats: beats.map(seconds), duration: seconds(4), seed: 1 }), (e) => isTerpsiError(e) && e.code === 'E_PARAM' && what.test(e.message));
  refuses([], /no beats/);
  refuses([0, 0.5, NaN], /beat 2 is NaN/);
  refuses([0, 0.5, 0.6], /beat 2 at 0.6 s is 0.100 s after/);
  refuses([0, 1, 0.5], /beat 2/);
});
