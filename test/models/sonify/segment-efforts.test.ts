import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageRoot } from '../../../src/core/paths.js';
import type { Pose } from '../../../src/movement/action-segmentation.js';
import { loadLmaPreset } from '../../../src/movement/lma-efforts.js';
import { skeletonTopology } from '../../../src/movement/skeleton-topology.js';
import { segmentEfforts } from '../../../src/models/sonify/segment-efforts.js';
import { demoSonifyConfig } from '../../../src/models/sonify/sonify-model-config.js';

const preset = loadLmaPreset('default', packageRoot);
const c = demoSonifyConfig;
/** 8 s at 30 poses a second: one segment of the demo model. */
const count = 240;

/** A standing kinect2 body with its right forearm raised by `lift` radians at the elbow. */
function pose(lift: number): Pose {
  const joints: Record<string, { x: number; y: number; z: number }> = {};
  skeletonTopology('kinect2').joints.forEach((name, i) => (joints[name] = { x: 0.05 * (i % 5), y: 1 + 0.03 * i, z: 2 }));
  const elbow = joints.ElbowRight!;
  for (const [name, r] of [['WristRight', 0.25], ['HandRight', 0.3], ['HandTipRight', 0.35], ['ThumbRight', 0.32]] as const) {
    joints[name] = { x: elbow.x + r * Math.cos(lift), y: elbow.y + r * Math.sin(lift), z: 2 };
  }
  return joints;
}

test('a still body: equal windows and no weight or time effort', () => {
  const { windows, efforts } = segmentEfforts(Array.from({ length: count }, () => pose(0)), c, preset);
  assert.equal(windows.length, c.windows);
  assert.deepEqual(windows[0], [0, Math.floor(count / c.windows)]);
  assert.equal(efforts.length, c.windows * 5);
  for (let w = 0; w < c.windows; w++) {
    assert.ok(efforts[w * 5]! < 1e-6 && efforts[w * 5 + 1]! < 1e-6, `window ${w}: weight ${efforts[w * 5]}, time ${efforts[w * 5 + 1]}`);
  }
});

test('a forearm that rests, then strikes quickly, gets keyframes at its strokes and more weight where it moves', () => {
  // Still for 4 s, then ten quick lifts of a second each.
  const lift = (i: number) => (i < 120 ? 0 : 1.2 * Math.max(0, Math.sin((2 * Math.PI * (i - 120)) / 30)));
  const { windows, efforts } = segmentEfforts(Array.from({ length: count }, (_, i) => pose(lift(i))), c, preset);
  assert.equal(windows.length, c.windows);
  for (let w = 1; w < windows.length; w++) assert.equal(windows[w]![0], windows[w - 1]![1], 'windows tile');
  assert.ok(windows.at(-1)![1] > 120, 'keyframes where the arm moves');
  assert.ok(efforts.every((v) => Number.isFinite(v) && v >= 0));
  const moving = windows.findIndex(([s]) => s >= 125);
  const still = windows.findIndex(([, e]) => e <= 120);
  if (still >= 0) assert.ok(efforts[moving * 5]! > efforts[still * 5]!, 'weight is higher while the arm strikes');
  assert.ok(efforts[moving * 5]! > 0.01);
});
