import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SafePoses } from '../../../src/models/dance/safe-poses.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import { motionVectorLength } from '../../../src/movement/motion-vector.js';
import { testNormalization } from './random-dance-model.js';

const normalization = testNormalization();
/** A normalised output whose joint j quaternion is (w, x, y, z) before scaling. */
const output = (root: number[], quaternion: (j: number) => number[]) => {
  const v = new Float32Array(motionVectorLength);
  v.set(root, 0);
  for (let j = 0; j < 17; j++) v.set(quaternion(j), 3 + 4 * j);
  return normalization.apply(v);
};

test('an output becomes a pose with unit quaternions, its root and its joint positions', () => {
  const poses = new SafePoses(2, normalization);
  assert.ok(poses.offer(1, output([0.05, -0.02, 0], (j) => [2, 0, 0.2 * (j % 3), 0])));
  const pose = poses.pose(1);
  assert.deepEqual([...pose.root].map((v) => +v.toFixed(6)), [0.05, -0.02, 0]);
  for (let j = 0; j < 17; j++) assert.ok(Math.abs(Math.hypot(...pose.rotations.subarray(4 * j, 4 * j + 4)) - 1) < 1e-6);
  assert.ok(Math.abs(pose.rotations[4 * 1 + 2]! - 0.2 / Math.hypot(2, 0.2)) < 1e-6);
  assert.deepEqual(pose.positions, forwardKinematics(pose));
  assert.deepEqual(poses.pose(0).rotations, Float32Array.from({ length: 68 }, (_, i) => (i % 4 === 0 ? 1 : 0)), 'the other dancer is still at rest');
  assert.notEqual(poses.pose(1).rotations, pose.rotations, 'each call gives arrays of its own');
});

test('a value that is not finite is refused and the pose holds; a quaternion too short for a direction keeps the joint as it was', () => {
  const poses = new SafePoses(1, normalization);
  assert.ok(poses.offer(0, output([0, 0, 0], () => [0, 1, 0, 0])));
  const before = poses.pose(0);
  const bad = output([0, 0, 0], () => [1, 0, 0, 0]);
  bad[40] = Number.NaN;
  assert.equal(poses.offer(0, bad), false);
  assert.deepEqual(poses.pose(0), before);
  bad[40] = Number.POSITIVE_INFINITY;
  assert.equal(poses.offer(0, bad), false);
  assert.ok(poses.offer(0, output([0, 0, 0], (j) => (j === 4 ? [1e-6, 0, 0, 0] : [1, 0, 0, 0]))));
  const after = poses.pose(0);
  assert.deepEqual([...after.rotations.subarray(16, 20)], [0, 1, 0, 0], 'the head keeps its last rotation');
  assert.deepEqual([...after.rotations.subarray(0, 4)], [1, 0, 0, 0]);
});
