import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { restSkeleton } from '../../src/movement/rest-skeleton.js';
import { skeletonTopologies, skeletonTopology, type SkeletonTopology } from '../../src/movement/skeleton-topology.js';

test('kinect2 is the SDK JointType enum in order, 24 bones from SpineBase', () => {
  const kinect = skeletonTopology('kinect2');
  assert.deepEqual(kinect.joints, [
    'SpineBase', 'SpineMid', 'Neck', 'Head', 'ShoulderLeft', 'ElbowLeft', 'WristLeft', 'HandLeft',
    'ShoulderRight', 'ElbowRight', 'WristRight', 'HandRight', 'HipLeft', 'KneeLeft', 'AnkleLeft', 'FootLeft',
    'HipRight', 'KneeRight', 'AnkleRight', 'FootRight', 'SpineShoulder', 'HandTipLeft', 'ThumbLeft', 'HandTipRight', 'ThumbRight',
  ]);
  assert.equal(kinect.joints.indexOf('SpineShoulder'), 20);
  assert.equal(kinect.joints.indexOf('ThumbRight'), 24);
  assert.equal(kinect.bones.length, 24);
  const parent = new Map(kinect.bones.map(([p, c]) => [c, p]));
  assert.equal(parent.get('Neck'), 'SpineShoulder');
  assert.equal(parent.get('ShoulderLeft'), 'SpineShoulder');
  assert.equal(parent.get('ThumbLeft'), 'WristLeft');
  assert.equal(parent.get('HandTipRight'), 'HandRight');
  assert.equal(parent.get('HipRight'), 'SpineBase');
  assert.equal(parent.get('FootLeft'), 'AnkleLeft');
});

test('blazepose has the 33 landmarks in model order and MediaPipe\'s 35 connections', () => {
  const pose = skeletonTopology('blazepose');
  assert.equal(pose.joints.length, 33);
  const at = (name: string) => pose.joints.indexOf(name);
  assert.deepEqual(
    [at('nose'), at('left_eye_inner'), at('right_eye_outer'), at('right_ear'), at('mouth_right'), at('left_shoulder'), at('right_wrist'), at('left_pinky'), at('right_thumb'), at('left_hip'), at('right_ankle'), at('left_heel'), at('right_foot_index')],
    [0, 1, 6, 8, 10, 11, 16, 17, 22, 23, 28, 29, 32],
  );
  assert.equal(pose.bones.length, 35);
  const links = new Set(pose.bones.map(([a, b]) => `${at(a)}-${at(b)}`));
  for (const link of ['3-7', '9-10', '15-21', '17-19', '11-23', '23-24', '27-31', '30-32']) assert.ok(links.has(link), link);
});

test('coco17 has the 17 COCO keypoints in order and the 19 links of the COCO skeleton', () => {
  const coco = skeletonTopology('coco17');
  assert.deepEqual(coco.joints, [
    'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
    'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
  ]);
  assert.equal(coco.bones.length, 19);
  const links = new Set(coco.bones.map(([a, b]) => `${a}-${b}`));
  for (const link of ['left_ear-left_shoulder', 'left_eye-right_eye', 'left_shoulder-left_hip', 'right_knee-right_ankle']) assert.ok(links.has(link), link);
});

test('dance17 is the dance skeleton itself: its joints, and a bone to each joint from its rest parent', () => {
  const dance = skeletonTopology('dance17');
  assert.equal(dance.joints, danceJoints);
  assert.equal(dance.bones.length, 16);
  for (const [p, c] of dance.bones) assert.equal(restSkeleton.parents[danceJoints.indexOf(c as never)], danceJoints.indexOf(p as never));
  assert.ok(dance.bones.some(([p, c]) => p === 'spine2' && c === 'left_clavicle'));
});

test('every topology names its own joints once, and the two trees reach every joint from one root', () => {
  const trees = new Set(['kinect2', 'dance17', 'openni15']);
  for (const [name, topology] of Object.entries(skeletonTopologies) as [string, SkeletonTopology][]) {
    assert.equal(topology.name, name);
    assert.equal(new Set(topology.joints).size, topology.joints.length, `${name}: duplicate joints`);
    const bones = new Set<string>();
    for (const [a, b] of topology.bones) {
      assert.ok(topology.joints.includes(a) && topology.joints.includes(b) && a !== b, `${name}: ${a}-${b}`);
      assert.ok(!bones.has(`${a}-${b}`) && !bones.has(`${b}-${a}`), `${name}: ${a}-${b} twice`);
      bones.add(`${a}-${b}`);
    }
    const linked = new Set(topology.bones.flat());
    assert.equal(linked.size, topology.joints.length, `${name}: every joint is linked`);
    if (trees.has(name)) {
      const children = topology.bones.map(([, c]) => c);
      assert.equal(new Set(children).size, topology.joints.length - 1, `${name}: one parent each`);
      assert.equal(topology.joints.filter((j) => !children.includes(j)).length, 1, `${name}: one root`);
    }
  }
});

test('an unknown name is E_PARAM listing the known ones', () => {
  for (const name of ['kinect', 'toString', '']) {
    assert.throws(
      () => skeletonTopology(name),
      (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM' && e.message.includes(JSON.stringify(name)) && e.message.includes('known: kinect2, blazepose, coco17, dance17, openni15'),
    );
  }
});
