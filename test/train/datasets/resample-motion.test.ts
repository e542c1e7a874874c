import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metres, radians, seconds } from '../../../src/core/units.js';
import type { MotionPose } from '../../../src/movement/motion-vector.js';
import { axisRotation } from '../../../src/movement/quaternion.js';
import { resampleMotion } from '../../../src/train/datasets/resample-motion.js';

/** A pose turning about y at 1 rad/s (the pelvis, and the head the other way, through the half turn) and sliding along x at 1 m/s, at time t. */
function at(t: number): MotionPose {
  const rotations = new Float32Array(68);
  for (let j = 0; j < 17; j++) rotations.set([1, 0, 0, 0], 4 * j);
  rotations.set(axisRotation('y', radians(t)), 0);
  const q = axisRotation('y', radians(-t));
  // Stored with w < 0 half the time: the same rotation, which must not make the interpolation go the long way.
  rotations.set(Math.floor(t * 10) % 2 ? q.map((v) => -v) : q, 16);
  return { root: [metres(t), metres(0), metres(0)], rotations };
}

test('120 fps and 24 fps motion comes out at 30 fps, on the same path', () => {
  for (const rate of [120, 24]) {
    const frames = Array.from({ length: rate * 2 + 1 }, (_, n) => at(n / rate));
    const out = resampleMotion(frames, seconds(1 / rate));
    assert.equal(out.length, 61, `${rate} fps: 2 s`);
    out.forEach((pose, n) => {
      const want = at(n / 30);
      assert.ok(Math.abs(pose.root[0] - want.root[0]) < 1e-9, `${rate} fps, frame ${n}: root`);
      for (const k of [0, 4]) {
        const dot = Math.abs([0, 1, 2, 3].reduce((s, c) => s + pose.rotations[4 * k + c]! * want.rotations[4 * k + c]!, 0));
        assert.ok(dot > 1 - 1e-6, `${rate} fps, frame ${n}, joint ${k}: ${dot}`);
      }
    });
  }
});

test('motion already at 30 fps is passed through', () => {
  const frames = [at(0), at(1 / 30)];
  assert.deepEqual(resampleMotion(frames, seconds(0.03333333)), frames);
  assert.deepEqual(resampleMotion([], seconds(0.01)), []);
});
