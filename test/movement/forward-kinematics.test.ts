import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metres, radians } from '../../src/core/units.js';
import { danceJointIndex, danceJoints, type DanceJoint } from '../../src/movement/dance-skeleton.js';
import { forwardKinematics } from '../../src/movement/forward-kinematics.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';
import { axisRotation, type Quaternion } from '../../src/movement/quaternion.js';
import { restSkeleton } from '../../src/movement/rest-skeleton.js';

function pose(rotated: Partial<Record<DanceJoint, Quaternion>> = {}, root: [number, number, number] = [0, 0, 0]): MotionPose {
  const rotations = new Float32Array(4 * danceJoints.length);
  danceJoints.forEach((joint, j) => rotations.set(rotated[joint] ?? [1, 0, 0, 0], 4 * j));
  return { root: [metres(root[0]), metres(root[1]), metres(root[2])], rotations };
}

const at = (positions: Float32Array, joint: DanceJoint): [number, number, number] => {
  const i = 3 * danceJointIndex[joint];
  return [positions[i]!, positions[i + 1]!, positions[i + 2]!];
};
const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const close = (actual: readonly number[], expected: readonly number[], what: string, tolerance = 1e-6) =>
  assert.ok(distance(actual, expected) <= tolerance, `${what}: ${actual.map((v) => v.toFixed(4))} ≠ ${expected.map((v) => v.toFixed(4))}`);

const degrees = (d: number) => radians((d * Math.PI) / 180);

test('the rest pose is a standing adult: bone lengths, symmetry, height', () => {
  const rest = forwardKinematics(pose());
  assert.equal(rest.length, 51);
  const bones: [DanceJoint, DanceJoint, number][] = [
    ['pelvis', 'spine1', 0.1],
    ['spine1', 'spine2', 0.14],
    ['spine2', 'neck', 0.22],
    ['neck', 'head', 0.12],
    ['left_clavicle', 'left_shoulder', Math.hypot(0.15, 0.02)],
    ['left_shoulder', 'left_forearm', 0.28],
    ['left_thigh', 'left_knee', 0.42],
    ['left_knee', 'left_foot', 0.4],
    ['right_shoulder', 'right_forearm', 0.28],
    ['right_knee', 'right_foot', 0.4],
  ];
  for (const [from, to, length] of bones) {
    assert.ok(Math.abs(distance(at(rest, from), at(rest, to)) - length) < 1e-6, `${from}–${to} is ${length} m`);
  }
  for (const joint of danceJoints) {
    const mirror = joint.replace(/^left_/, 'R').replace(/^right_/, 'left_').replace(/^R/, 'right_') as DanceJoint;
    const [x, y, z] = at(rest, joint);
    close(at(rest, mirror), [-x, y, z], `${joint} mirrors ${mirror}`);
  }
  close(at(rest, 'pelvis'), [0, 0.96, 0], 'pelvis');
  close(at(rest, 'left_forearm'), [0.46, 1.4, 0], 'the left elbow is out to +x in the T-pose');
  close(at(rest, 'left_foot'), [0.09, 0.08, 0], 'the ankle is 8 cm above the floor');
  restSkeleton.parents.forEach((p, j) => assert.ok(p < j, `${danceJoints[j]} comes after its parent`));
});

test('the root translation moves every joint with it', () => {
  const rest = forwardKinematics(pose());
  const moved = forwardKinematics(pose({}, [0.5, -0.1, 2]));
  for (const joint of danceJoints) {
    const [x, y, z] = at(rest, joint);
    close(at(moved, joint), [x + 0.5, y - 0.1, z + 2], joint);
  }
});

test('a rotated shoulder swings the elbow through the right arc and moves nothing else', () => {
  const rest = forwardKinematics(pose());
  const out = new Float32Array(51);
  for (const d of [30, 90, -45, 180]) {
    const raised = forwardKinematics(pose({ left_shoulder: axisRotation('z', degrees(d)) }), out);
    assert.equal(raised, out, 'written into the array given');
    const shoulder = at(rest, 'left_shoulder');
    const r = (d * Math.PI) / 180;
    close(at(raised, 'left_forearm'), [shoulder[0] + 0.28 * Math.cos(r), shoulder[1] + 0.28 * Math.sin(r), 0], `elbow at ${d}°`);
    assert.ok(Math.abs(distance(at(raised, 'left_forearm'), at(rest, 'left_forearm')) - 2 * 0.28 * Math.abs(Math.sin(r / 2))) < 1e-6, `chord at ${d}°`);
    for (const joint of danceJoints) if (joint !== 'left_forearm') close(at(raised, joint), at(rest, joint), `${joint} stays`);
  }
});

test('rotations compose down the chain: pelvis turn, clavicle shrug, shoulder lift', () => {
  const turned = forwardKinematics(pose({ pelvis: axisRotation('y', degrees(90)) }));
  close(at(turned, 'left_thigh'), [0, 0.9, -0.09], 'a quarter turn to the left swings the left hip back');
  close(at(turned, 'left_forearm'), [0, 1.4, -0.46], 'and the left arm with it');

  const both = forwardKinematics(pose({ left_clavicle: axisRotation('z', degrees(20)), left_shoulder: axisRotation('z', degrees(70)) }));
  const [cx, cy] = at(both, 'left_clavicle');
  const r = (20 * Math.PI) / 180;
  const shoulder: [number, number, number] = [cx + 0.15 * Math.cos(r) - 0.02 * Math.sin(r), cy + 0.15 * Math.sin(r) + 0.02 * Math.cos(r), 0];
  close(at(both, 'left_shoulder'), shoulder, 'the shrug lifts the shoulder about the clavicle');
  close(at(both, 'left_forearm'), [shoulder[0], shoulder[1] + 0.28, 0], 'shrug 20° + lift 70° points the upper arm straight up');
});

test('a rotation that is not finite counts as none', () => {
  const rest = forwardKinematics(pose());
  const garbage = forwardKinematics(pose({ left_knee: [Number.NaN, 0, 0, 0], head: [0, 0, 0, 0] }));
  assert.deepEqual(garbage, rest);
});
