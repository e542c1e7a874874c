import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { hertz, seconds } from '../../../src/core/units.js';
import { detectFreeze } from '../../../src/train/metrics/detect-freeze.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { restPose, swingingArms } from '../../helpers/synthetic-motion.js';

const still = (count: number) => Array.from({ length: count }, () => restPose());
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, expected ${expected}`);

test('a body standing still for 3 s is frozen for all of it; one that dances is not frozen at all', () => {
  const statue = detectFreeze(still(91));
  close(statue.longest, 3, 'longest');
  close(statue.start, 0, 'start');
  assert.equal(statue.frozen, true);
  // Swinging arms slow down at every reversal, but never below 0.05 m/s averaged over the joints.
  const dancer = detectFreeze(swingingArms(300, 30, 1));
  assert.deepEqual([dancer.longest, dancer.frozen], [0, false]);
  assert.ok(Number.isNaN(dancer.start));
});

test('a 2.5 s freeze in the middle of a dance is found where it is; a 1 s hold is not a freeze by default', () => {
  const dance = swingingArms(300, 30, 1);
  // Held from frame 90 (3 s) through frame 165: 75 still steps, 2.5 s.
  const held = dance.map((pose, n) => (n > 90 && n <= 165 ? dance[90]! : pose));
  const freeze = detectFreeze(held);
  close(freeze.longest, 2.5, 'longest');
  close(freeze.start, 3, 'start');
  assert.equal(freeze.frozen, true);
  const hold = dance.map((pose, n) => (n > 90 && n <= 120 ? dance[90]! : pose));
  const brief = detectFreeze(hold);
  close(brief.longest, 1, 'longest');
  assert.equal(brief.frozen, false);
  assert.equal(detectFreeze(hold, { limit: seconds(0.5) }).frozen, true);
});

test('millimetre jitter on a still body is still; NaN poses count as still', () => {
  const random = seededRandom(2);
  const jittery = still(61).map((pose) => pose.map((v) => v + (random() * 2 - 1) * 0.0005));
  close(detectFreeze(jittery).longest, 2, 'jittery longest');
  const dance = swingingArms(300, 30, 1);
  const broken = dance.map((pose, n) => (n >= 100 && n < 170 ? pose.map(() => NaN) : pose));
  // Steps 100..170 touch a NaN pose: 71 steps.
  const freeze = detectFreeze(broken);
  close(freeze.longest, 71 / 30, 'longest');
  assert.equal(freeze.frozen, true);
});

test('frame rate, joints and the speed threshold are honoured; fewer than two frames are not frozen', () => {
  // One joint creeping at 3 cm/s: still at the default 5 cm/s, moving at 2 cm/s.
  const creep = Array.from({ length: 121 }, (_, n) => Float32Array.of((0.03 * n) / 60, 0, 0));
  close(detectFreeze(creep, { fps: hertz(60), joints: 1 }).longest, 2, 'longest at 60 fps');
  assert.equal(detectFreeze(creep, { fps: hertz(60), joints: 1, stillSpeed: 0.02 }).longest, 0);
  assert.deepEqual([detectFreeze([]).longest, detectFreeze([]).frozen, detectFreeze(still(1)).frozen], [0, false, false]);
});

test('frames of the wrong size and bad options are E_PARAM errors', () => {
  const isParam = (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM';
  assert.throws(() => detectFreeze([restPose(), new Float32Array(3)]), (e) => isParam(e) && /frame 1 has 3 values; expected 51/.test((e as Error).message));
  assert.throws(() => detectFreeze(still(3), { fps: hertz(0) }), isParam);
  assert.throws(() => detectFreeze(still(3), { stillSpeed: -1 }), isParam);
  assert.throws(() => detectFreeze(still(3), { limit: seconds(NaN) }), isParam);
});
