import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { seconds } from '../../src/core/units.js';
import { bodyIds } from '../../src/movement/body-ids.js';
import { skeletonTopology } from '../../src/movement/skeleton-topology.js';
import { kinect2, kinect2Skeleton, loadKinect2, type Kinect2Body, type Kinect2BodyFrame } from '../../src/sources/kinect2.js';
import { testContext } from '../helpers/context.js';

/** A tracked body slot as the kinect2 package fills it: 25 joints indexed by JointType. */
function trackedBody(trackingId: string, offset: number): Kinect2Body {
  const joints = skeletonTopology('kinect2').joints.map((_, type) => ({
    depthX: 0.5,
    depthY: 0.5,
    colorX: 0.5,
    colorY: 0.5,
    cameraX: offset + type / 100,
    cameraY: 1 - type / 50,
    cameraZ: 2.5,
    orientationX: 0,
    orientationY: 0,
    orientationZ: 0,
    orientationW: 1,
    jointType: type,
    trackingState: type === 7 ? 1 : type === 15 ? 0 : 2,
  }));
  return { tracked: true, trackingId, joints };
}

const untracked: Kinect2Body = { tracked: false };

test('a body frame becomes a kinect2 skeleton: tracked slots only, joints by JointType, tracking state as confidence', () => {
  const idOf = bodyIds();
  // Kinect tracking ids run past 2^53: as numbers these two would be the same.
  const frame: Kinect2BodyFrame = { bodies: [untracked, trackedBody('72057594037931102', 1), untracked, untracked, trackedBody('72057594037931101', -1), untracked] };
  const skeleton = kinect2Skeleton(frame, seconds(4.5), 'kinect', idOf);
  assert.equal(skeleton.topology, 'kinect2');
  assert.equal(skeleton.space, 'camera');
  assert.equal(skeleton.t, 4.5);
  assert.deepEqual(
    skeleton.bodies.map((b) => b.id),
    [0, 1],
  );
  const [first, second] = skeleton.bodies;
  assert.deepEqual(Object.keys(first!.joints), skeletonTopology('kinect2').joints);
  assert.deepEqual(first!.joints.SpineBase, { x: 1, y: 1, z: 2.5, confidence: 1 });
  assert.deepEqual(first!.joints.Head, { x: 1.03, y: 1 - 3 / 50, z: 2.5, confidence: 1 });
  assert.equal(first!.joints.HandLeft!.confidence, 0.5);
  assert.equal(first!.joints.FootLeft!.confidence, 0);
  assert.equal(second!.joints.SpineBase!.x, -1);

  // The same people in other slots keep their ids; someone new gets the next one.
  const later = kinect2Skeleton({ bodies: [trackedBody('72057594037931101', 0), trackedBody('72057594037931103', 0), trackedBody('72057594037931102', 0)] }, seconds(4.6), 'kinect', idOf);
  assert.deepEqual(
    later.bodies.map((b) => b.id),
    [1, 2, 0],
  );
  assert.deepEqual(kinect2Skeleton({ bodies: [untracked, untracked] }, seconds(5), 'kinect', idOf).bodies, []);
});

test('away from Windows the kinect2 source refuses to start and names the alternatives', () => {
  const params = kinect2.params.parse({});
  assert.throws(
    () => (process.platform === 'win32' ? loadKinect2('linux') : kinect2.create(params, testContext('kinect'))),
    (e) => isTerpsiError(e) && e.code === 'E_KINECT_UNAVAILABLE' && /Windows/.test(e.message) && /osc-skeleton/.test(e.message) && /kinectv2-osc/.test(e.message) && /pose/.test(e.message),
  );
});

test('when the package or its native part cannot be loaded, the error says how to install it', { skip: process.platform === 'win32' }, () => {
  // Pretending to be Windows here reaches the real require: the package is either not installed
  // or has no native build for this system.
  assert.throws(
    () => loadKinect2('win32'),
    (e) => isTerpsiError(e) && e.code === 'E_KINECT_UNAVAILABLE' && /cannot be loaded \(.+\)/.test(e.message) && /npm install kinect2/.test(e.message),
  );
});
