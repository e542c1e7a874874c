import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Body, Joint } from '../../src/core/frames.js';
import { metres, normalized } from '../../src/core/units.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { mapBody } from '../../src/movement/map-skeleton.js';
import { restSkeleton } from '../../src/movement/rest-skeleton.js';
import { skeletonTopology } from '../../src/movement/skeleton-topology.js';

const joint = (x: number, y: number, z: number, confidence = 1): Joint => ({ x: metres(x), y: metres(y), z: metres(z), confidence: normalized(confidence) });

/** A body with each joint of `topology` at a distinct, made-up place and confidence. */
function numbered(topology: string, id = 3): Body {
  const joints = Object.fromEntries(skeletonTopology(topology).joints.map((name, i) => [name, joint(i * 0.1, 1 + i * 0.01, -i * 0.02, 0.5 + i / 100)]));
  return { id, joints };
}

const close = (actual: Joint | undefined, expected: readonly number[], what: string) => {
  assert.ok(actual, `${what} is missing`);
  const got = [actual.x, actual.y, actual.z, actual.confidence];
  assert.ok(got.every((v, i) => Math.abs(v - expected[i]!) < 1e-9), `${what}: ${got.join(', ')} ≠ ${expected.join(', ')}`);
};

const coco = (): Body => ({
  id: 7,
  joints: {
    left_ear: joint(0.1, 1.6, 0.02, 0.9),
    right_ear: joint(-0.06, 1.64, 0, 0.8),
    left_shoulder: joint(0.2, 1.4, 0, 0.95),
    right_shoulder: joint(-0.2, 1.36, 0.1, 0.7),
    left_wrist: joint(0.5, 1.0, 0.2, 0.6),
    left_hip: joint(0.1, 0.9, 0, 0.85),
    right_hip: joint(-0.12, 0.94, 0.04, 0.75),
    left_ankle: joint(0.1, 0.1, 0, 0.4),
  },
});

test('COCO to Kinect synthesises the pelvis, spine, neck and head from hips, shoulders and ears, with the lowest confidence', () => {
  const kinect = mapBody(coco(), 'coco17', 'kinect2');
  assert.equal(kinect.id, 7);
  close(kinect.joints.SpineBase, [-0.01, 0.92, 0.02, 0.75], 'SpineBase = midpoint of the hips');
  close(kinect.joints.SpineShoulder, [0, 1.38, 0.05, 0.7], 'SpineShoulder = midpoint of the shoulders');
  close(kinect.joints.Head, [0.02, 1.62, 0.01, 0.8], 'Head = midpoint of the ears');
  close(kinect.joints.Neck, [0.01, 1.5, 0.03, 0.7], 'Neck = halfway from SpineShoulder to Head');
  close(kinect.joints.SpineMid, [-0.005, 1.15, 0.035, 0.7], 'SpineMid = halfway from SpineBase to SpineShoulder');
  close(kinect.joints.WristLeft, [0.5, 1.0, 0.2, 0.6], 'WristLeft carried over');
  close(kinect.joints.AnkleLeft, [0.1, 0.1, 0, 0.4], 'AnkleLeft carried over');
  assert.deepEqual(Object.keys(kinect.joints), ['SpineBase', 'SpineMid', 'Neck', 'Head', 'ShoulderLeft', 'WristLeft', 'ShoulderRight', 'HipLeft', 'AnkleLeft', 'HipRight', 'SpineShoulder'], 'in Kinect order');
});

test('a joint is left out when one it is made from is missing, and nothing is guessed beyond anatomy', () => {
  const { right_ear: _, ...joints } = coco().joints;
  const kinect = mapBody({ id: 1, joints }, 'coco17', 'kinect2');
  assert.equal(kinect.joints.Head, undefined, 'no Head from one ear');
  assert.equal(kinect.joints.Neck, undefined, 'no Neck without a Head');
  assert.ok(kinect.joints.SpineShoulder);
  assert.equal(kinect.joints.HandLeft, undefined, 'COCO has no hand');
  assert.equal(kinect.joints.ElbowLeft, undefined, 'absent from the body');
  const back = mapBody(numbered('kinect2'), 'kinect2', 'coco17');
  assert.deepEqual(Object.keys(back.joints), skeletonTopology('coco17').joints.slice(5), 'a Kinect body gives COCO no face');
});

test('BlazePose to Kinect: the palm from wrist and knuckles, the foot from the toe, the thumb carried over', () => {
  const body = numbered('blazepose');
  const kinect = mapBody(body, 'blazepose', 'kinect2');
  const w = body.joints.left_wrist!;
  const p = body.joints.left_pinky!;
  const i = body.joints.left_index!;
  close(kinect.joints.HandLeft, [0.5 * w.x + 0.25 * (p.x + i.x), 0.5 * w.y + 0.25 * (p.y + i.y), 0.5 * w.z + 0.25 * (p.z + i.z), w.confidence], 'HandLeft');
  // By index: wrist 15 → (1.5, 1.15, −0.3), pinky 17 → (1.7, 1.17, −0.34), index 19 → (1.9, 1.19, −0.38).
  close(kinect.joints.HandLeft, [1.65, 1.165, -0.33, 0.65], 'HandLeft by hand');
  assert.equal(kinect.joints.FootRight, body.joints.right_foot_index);
  assert.equal(kinect.joints.ThumbLeft, body.joints.left_thumb);
  assert.equal(kinect.joints.HandTipLeft, undefined);
  assert.equal(Object.keys(kinect.joints).length, 23, 'all but the two hand tips');
});

test('OpenNI to Kinect: neck to SpineShoulder, torso to SpineMid, foot to ankle, pelvis from the hips', () => {
  const body = numbered('openni15');
  const kinect = mapBody(body, 'openni15', 'kinect2');
  assert.equal(kinect.joints.SpineShoulder, body.joints.neck);
  assert.equal(kinect.joints.SpineMid, body.joints.torso);
  assert.equal(kinect.joints.HandLeft, body.joints.l_hand);
  assert.equal(kinect.joints.AnkleRight, body.joints.r_foot);
  const l = body.joints.l_hip!;
  const r = body.joints.r_hip!;
  close(kinect.joints.SpineBase, [(l.x + r.x) / 2, (l.y + r.y) / 2, (l.z + r.z) / 2, Math.min(l.confidence, r.confidence)], 'SpineBase');
  const neck = body.joints.neck!;
  const head = body.joints.head!;
  close(kinect.joints.Neck, [(neck.x + head.x) / 2, (neck.y + head.y) / 2, (neck.z + head.z) / 2, Math.min(neck.confidence, head.confidence)], 'Neck');
  assert.equal(kinect.joints.WristLeft, undefined, 'NITE has no wrist');
  const back = mapBody(kinect, 'kinect2', 'openni15');
  assert.deepEqual(back.joints, body.joints, 'every NITE joint comes back as it was');
});

test('Kinect to dance: joints named after the bone they turn; spine1 and the clavicles by rest proportions', () => {
  const body = numbered('kinect2');
  const dance = mapBody(body, 'kinect2', 'dance17');
  assert.deepEqual(Object.keys(dance.joints), [...danceJoints]);
  assert.equal(dance.joints.pelvis, body.joints.SpineBase);
  assert.equal(dance.joints.spine2, body.joints.SpineMid);
  assert.equal(dance.joints.neck, body.joints.SpineShoulder);
  assert.equal(dance.joints.left_forearm, body.joints.ElbowLeft);
  assert.equal(dance.joints.right_thigh, body.joints.HipRight);
  assert.equal(dance.joints.left_foot, body.joints.AnkleLeft);
  // SpineBase (index 0) at (0, 1, 0), SpineShoulder (20) at (2, 1.2, −0.4): spine1 is 0.1 / 0.46 of the way.
  const f = 0.1 / 0.46;
  close(dance.joints.spine1, [2 * f, 1 + 0.2 * f, -0.4 * f, 0.5], 'spine1');
  // ShoulderLeft (4) at (0.4, 1.04, −0.08): the clavicle 1/6 of the way from SpineShoulder.
  close(dance.joints.left_clavicle, [2 + (0.4 - 2) / 6, 1.2 + (1.04 - 1.2) / 6, -0.4 + (-0.08 + 0.4) / 6, 0.54], 'left_clavicle');
});

test('on the rest skeleton a dance body through Kinect comes back with spine1 in place and the clavicles within 4 cm', () => {
  const positions: [number, number, number][] = [];
  restSkeleton.offsets.forEach((offset, j) => {
    const parent = restSkeleton.parents[j]!;
    const from = parent < 0 ? [0, 0, 0] : positions[parent]!;
    positions.push([from[0]! + offset[0], from[1]! + offset[1], from[2]! + offset[2]]);
  });
  const rest: Body = { id: 0, joints: Object.fromEntries(danceJoints.map((name, j) => [name, joint(...positions[j]!, 0.9)])) };
  const kinect = mapBody(rest, 'dance17', 'kinect2');
  assert.deepEqual(Object.keys(kinect.joints), ['SpineBase', 'SpineMid', 'Neck', 'Head', 'ShoulderLeft', 'ElbowLeft', 'ShoulderRight', 'ElbowRight', 'HipLeft', 'KneeLeft', 'AnkleLeft', 'HipRight', 'KneeRight', 'AnkleRight', 'SpineShoulder']);
  close(kinect.joints.Neck, [0, 1.48, 0, 0.9], 'Neck halfway from the neck (1.42 m) to the head (1.54 m)');
  const back = mapBody(kinect, 'kinect2', 'dance17');
  for (const name of danceJoints) {
    if (name === 'spine1' || name.endsWith('clavicle')) continue;
    assert.equal(back.joints[name], rest.joints[name], name);
  }
  close(back.joints.spine1, [0, 1.06, 0, 0.9], 'spine1 at 1.06 m, as at rest');
  const clavicle = back.joints.right_clavicle!;
  assert.ok(Math.abs(clavicle.x - -0.03) < 1e-9 && Math.abs(clavicle.y - 1.38) < 0.04, `right clavicle at ${clavicle.x}, ${clavicle.y}`);
});

test('round trips keep every joint both topologies have, as it was', () => {
  const pose = numbered('blazepose');
  const viaCoco = mapBody(mapBody(pose, 'blazepose', 'coco17'), 'coco17', 'blazepose');
  assert.deepEqual(Object.keys(viaCoco.joints), [...skeletonTopology('coco17').joints]);
  for (const name of Object.keys(viaCoco.joints)) assert.equal(viaCoco.joints[name], pose.joints[name], name);

  const kinect = numbered('kinect2');
  const viaBlaze = mapBody(mapBody(kinect, 'kinect2', 'blazepose'), 'blazepose', 'kinect2');
  const kept = ['ShoulderLeft', 'ElbowLeft', 'WristLeft', 'ThumbLeft', 'HipRight', 'KneeRight', 'AnkleRight', 'FootRight'];
  for (const name of kept) assert.equal(viaBlaze.joints[name], kinect.joints[name], name);
  close(viaBlaze.joints.SpineBase, [(1.2 + 1.6) / 2, (1.12 + 1.16) / 2, (-0.24 - 0.32) / 2, 0.62], 'SpineBase rebuilt from HipLeft (12) and HipRight (16)');
  assert.equal(viaBlaze.joints.Head, undefined, 'BlazePose got no ears from Kinect');

  for (const name of ['kinect2', 'blazepose', 'coco17', 'dance17']) {
    const body = numbered(name);
    assert.deepEqual(mapBody(body, name, name), body, `${name} onto itself`);
  }
});

test('an unknown topology is E_PARAM', () => {
  assert.throws(() => mapBody(coco(), 'coco', 'kinect2'), (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM' && /"coco"/.test(e.message));
  assert.throws(() => mapBody(coco(), 'coco17', 'openpose'), (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM' && /"openpose"/.test(e.message));
});
