import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { hertz, seconds } from '../../src/core/units.js';
import { motionBeats, MotionBeats } from '../../src/movement/motion-beats.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { armMotion, restPose, swingingArms, zigzagArms } from '../helpers/synthetic-motion.js';

const fps = 30;
const frameOf = (t: number) => Math.round(t * fps);
const framesOf = (beats: readonly number[]) => beats.map(frameOf);

test('arms swinging at 1 Hz: a beat at every reversal, every 15 frames, and nowhere else', () => {
  const motion = swingingArms(300, fps, 1);
  const beats = motionBeats(motion);
  // Reversals at frames 0, 15, ..., 285; frame 0 lies in the first 5 frames, which have no beat.
  assert.deepEqual(framesOf(beats), Array.from({ length: 19 }, (_, k) => 15 * (k + 1)));
  beats.forEach((t, k) => assert.ok(Math.abs(t - (k + 1) / 2) < 1e-9, `beat ${k} at ${t} s`));
});

test('a zigzag through space: beats exactly where the movement stops and turns, at uneven times', () => {
  const turns = [10, 27, 40, 58, 80, 95, 118, 130];
  const points = [
    [0, 0, 0],
    [0.3, 0, 0],
    [0.1, 0.25, 0],
    [0.1, 0.25, 0.3],
    [-0.2, 0.1, 0.1],
    [0, -0.2, 0.1],
    [0.25, 0, -0.1],
    [0, 0, 0],
  ] as const;
  const beats = motionBeats(zigzagArms(150, turns, points));
  // The first and last points are where the arms start from and come to rest: no turn there.
  assert.deepEqual(framesOf(beats), turns.slice(1, -1));
});

test('no beats without a turn: stop-and-go in one direction, a steady circle, a still body', () => {
  const stopAndGo = armMotion(240, (n) => [0.2 * (n / fps - Math.sin((2 * Math.PI * n) / fps) / (2 * Math.PI)), 0, 0]);
  const circle = armMotion(240, (n) => [0.3 * Math.cos((2 * Math.PI * n) / fps), 0.3 * Math.sin((2 * Math.PI * n) / fps), 0]);
  const still = Array.from({ length: 240 }, () => restPose());
  for (const [name, motion] of [['stop-and-go', stopAndGo], ['circle', circle], ['still', still]] as const) {
    assert.deepEqual(motionBeats(motion), [], name);
  }
});

test('turning without slowing down is not a beat: a small fast circle whose speed varies by ±2.5%', () => {
  // 2 turns a second: the arms turn 72° over ±0.1 s at every frame, and the speed has minima,
  // but they never drop below 0.7 of the mean speed.
  const phase = (n: number) => 2 * Math.PI * (2 * n / fps) + 0.05 * Math.sin((2 * Math.PI * n) / fps);
  const circle = armMotion(240, (n) => [0.05 * Math.cos(phase(n)), 0.05 * Math.sin(phase(n)), 0]);
  assert.deepEqual(motionBeats(circle), []);
});

test('tracking noise of ±1 mm: the same beats, each within a frame of its reversal', () => {
  const random = seededRandom(11);
  const motion = swingingArms(300, fps, 1).map((pose) => pose.map((v) => v + (random() * 2 - 1) * 0.001));
  const frames = framesOf(motionBeats(motion));
  assert.equal(frames.length, 19, `beats at ${frames}`);
  frames.forEach((f, k) => assert.ok(Math.abs(f - 15 * (k + 1)) <= 1, `beat ${k} at frame ${f}`));
});

test('streaming gives the batch beats, each exactly delayFrames after its frame', () => {
  const random = seededRandom(5);
  // Arms that zigzag at random (uneven legs of 6 to 25 frames) on top of a slow sway of the whole body.
  const turns = [0];
  while (turns.at(-1)! < 600) turns.push(turns.at(-1)! + 6 + Math.floor(random() * 20));
  const points = turns.map(() => [random() * 0.6 - 0.3, random() * 0.6 - 0.3, random() * 0.6 - 0.3] as const);
  const motion = zigzagArms(600, turns, points).map((pose, n) => pose.map((v, i) => (i % 3 === 0 ? v + 0.05 * Math.sin(n / 20) : v)));
  const batch = framesOf(motionBeats(motion));
  assert.ok(batch.length > 20, `only ${batch.length} beats`);

  const detector = new MotionBeats();
  assert.equal(detector.delayFrames, 6);
  assert.ok(Math.abs(detector.delay - 6 / 30) < 1e-12);
  const streamed: number[] = [];
  motion.forEach((pose, n) => {
    const beat = detector.push(pose);
    if (beat !== null) {
      assert.equal(frameOf(beat), n - detector.delayFrames, `beat reported at push ${n}`);
      streamed.push(frameOf(beat));
    }
    assert.deepEqual(streamed, batch.filter((f) => f <= n - detector.delayFrames), `after push ${n}`);
  });
});

test('beats are at least 0.2 s apart: of reversals every 1/6 s only every other one is kept', () => {
  // At 60 fps the smoothing and the neighbourhood still resolve reversals 10 frames apart.
  const at60 = (rate: number) => motionBeats(swingingArms(150, 60, rate), { fps: hertz(60) }).map((t) => Math.round(t * 60));
  assert.deepEqual(at60(2.5), [12, 24, 36, 48, 60, 72, 84, 96, 108, 120, 132]);
  assert.deepEqual(at60(3), [10, 30, 50, 70, 90, 110, 130]);
});

test('frame rate and start time: the same swing at 60 fps, starting at 10 s, beats at the same times', () => {
  const motion = swingingArms(600, 60, 1);
  const detector = new MotionBeats({ fps: hertz(60), start: seconds(10) });
  assert.equal(detector.delayFrames, 6);
  const beats = motionBeats(motion, { fps: hertz(60), start: seconds(10) });
  assert.equal(beats.length, 19);
  beats.forEach((t, k) => assert.ok(Math.abs(t - (10 + (k + 1) / 2)) < 1e-9, `beat ${k} at ${t} s`));
});

test('NaN and infinite poses are held, never propagate, and beats well after them come back', () => {
  const clean = swingingArms(600, fps, 1);
  const broken = clean.map((pose, n) => (n >= 200 && n < 215 ? pose.map((v, i) => (i === 7 ? NaN : i === 20 ? Infinity : v)) : pose));
  const a = motionBeats(clean);
  const b = motionBeats(broken);
  b.forEach((t) => assert.ok(Number.isFinite(t)));
  // Before the bad frames (and their 5-frame reach) and after the trailing window has refilled, all the same.
  assert.deepEqual(b.filter((t) => t < 190 / fps), a.filter((t) => t < 190 / fps));
  assert.deepEqual(b.filter((t) => t > 260 / fps), a.filter((t) => t > 260 / fps));
  // A broken first pose reads as the origin; nothing throws and the swing is found afterwards.
  const firstBroken = [clean[0]!.map(() => NaN), ...clean.slice(1)];
  assert.deepEqual(motionBeats(firstBroken).filter((t) => t > 2), a.filter((t) => t > 2));
});

test('a pose of the wrong size and bad options are E_PARAM errors naming what was expected', () => {
  const detector = new MotionBeats();
  assert.throws(() => detector.push(new Float32Array(50)), (e) => isTerpsiError(e) && e.code === 'E_PARAM' && /expected 51/.test(e.message));
  assert.equal(new MotionBeats({ joints: 2 }).push(new Float32Array(6)), null);
  for (const options of [{ fps: hertz(0) }, { fps: hertz(NaN) }, { joints: 0 }, { joints: 1.5 }, { start: seconds(Infinity) }]) {
    assert.throws(() => new MotionBeats(options), (e) => isTerpsiError(e) && e.code === 'E_PARAM', JSON.stringify(options));
  }
});
