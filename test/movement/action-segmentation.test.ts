import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actionKeyframes,
  clusterCandidates,
  gaussianSmooth,
  reduceKeyframes,
  salientPeaks,
  type Bone,
  type Pose,
} from '../../src/movement/action-segmentation.js';

const reference: Bone = ['pelvis', 'neck'];
const bones: readonly Bone[] = [
  ['pelvis', 'neck'],
  ['neck', 'shoulder'],
  ['shoulder', 'elbow'],
  ['elbow', 'hand'],
  ['pelvis', 'knee'],
];

/**
 * A standing body, spine along +y, whose arm (shoulder → elbow → hand, 0.3 m each) makes the
 * angle `arm(i)` (radians) with the spine in frame i; everything else is still.
 */
function armClip(frames: number, arm: (i: number) => number): Pose[] {
  return Array.from({ length: frames }, (_, i) => {
    const theta = arm(i);
    const dx = 0.3 * Math.sin(theta);
    const dy = 0.3 * Math.cos(theta);
    return {
      pelvis: { x: 0, y: 1, z: 0 },
      neck: { x: 0, y: 1.5, z: 0 },
      shoulder: { x: 0.2, y: 1.45, z: 0 },
      elbow: { x: 0.2 + dx, y: 1.45 + dy, z: 0 },
      hand: { x: 0.2 + 2 * dx, y: 1.45 + 2 * dy, z: 0 },
      knee: { x: 0.1, y: 0.5, z: 0.05 },
    };
  });
}

/** A quick swing away from the spine and back, 1.2 rad at its top, 5 frames long, centred on each event. */
const swings = (events: readonly number[]) => (i: number) =>
  0.3 + events.reduce((sum, e) => sum + (Math.abs(i - e) < 3 ? 0.6 * (1 + Math.cos((Math.PI * (i - e)) / 3)) : 0), 0);

const near = (actual: readonly number[], expected: readonly number[], tolerance: number) => {
  assert.equal(actual.length, expected.length, `keyframes ${actual} vs events ${expected}`);
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) <= tolerance, `keyframe ${actual[i]} is not within ${tolerance} of ${e}`));
};

test('Gaussian smoothing keeps a constant exactly, spreads an impulse by the normalised kernel and repeats the edge samples', () => {
  for (const [sigma, window] of [[0.75, 5], [1.5, 5], [2, 9], [0.3, 1]] as const) {
    assert.deepEqual([...gaussianSmooth(new Float64Array(20).fill(0.7301), sigma, window)], new Array(20).fill(0.7301));
  }
  const w = [4, 1, 0, 1, 4].map((d) => Math.exp(-d / (2 * 0.75 * 0.75)));
  const total = w.reduce((a, b) => a + b, 0);
  const impulse = gaussianSmooth([0, 0, 0, 0, 1, 0, 0, 0, 0], 0.75, 5);
  [0, 0, w[0]! / total, w[1]! / total, w[2]! / total, w[3]! / total, w[4]! / total, 0, 0].forEach((v, i) =>
    assert.ok(Math.abs(impulse[i]! - v) < 1e-15, `impulse[${i}] = ${impulse[i]} ≠ ${v}`),
  );
  // Samples −2 and −1 repeat sample 0.
  const edge = gaussianSmooth([1, 0, 0, 0, 0], 0.75, 5);
  assert.ok(Math.abs(edge[0]! - (w[0]! + w[1]! + w[2]!) / total) < 1e-15);
  assert.throws(() => gaussianSmooth([1, 2], 0.75, 4), { code: 'E_PARAM' });
  assert.throws(() => gaussianSmooth([1, 2], 0, 5), { code: 'E_PARAM' });
});

test('an arm swinging at frames 30, 70 and 110 gives keyframes there and the windows between them', () => {
  const events = [30, 70, 110];
  const result = actionKeyframes(armClip(140, swings(events)), { bones, reference });
  near(result.keyframes, events, 2);
  assert.deepEqual(result.windows, [
    [result.keyframes[0], result.keyframes[1]],
    [result.keyframes[1], result.keyframes[2]],
  ]);
});

test('an arm raised and lowered sharply, held still in between, gives keyframes at the moves', () => {
  // Up over frames 29–31, down over 69–71, up again over 109–111.
  const ramp = (i: number, at: number) => Math.min(1, Math.max(0, (i - at + 1) / 2));
  const arm = (i: number) => 0.3 + 1.2 * (ramp(i, 30) - ramp(i, 70) + ramp(i, 110));
  near(actionKeyframes(armClip(140, arm), { bones, reference }).keyframes, [30, 70, 110], 2);
});

test('salient peaks: one frame per local maximum above the mean, a flat top once, none for a flat curve', () => {
  assert.deepEqual(salientPeaks([0, 0, 3, 1, 0, 0, 2, 2, 0, 0, 0.1, 0]), [2, 6]);
  assert.deepEqual(salientPeaks([5, 1, 1, 1, 1, 1, 1, 4]), [0, 7]);
  assert.deepEqual(salientPeaks(new Float64Array(30)), []);
  assert.deepEqual(salientPeaks([]), []);
});

test('clustering merges candidates less than 5 frames apart and keeps the frame whose angle is most extreme', () => {
  const angles = new Float64Array(60).fill(1);
  angles[12] = 1.5;
  angles[14] = 0.2; // farther from the mean (1.01) than 1.5, on the other side
  angles[40] = 1.3;
  angles[45] = 1.4;
  // 10, 12, 14 are one cluster; 30 alone; 40 and 45 are 5 apart, so two clusters; 50, 54, 58 chain into one.
  angles[54] = 1.2;
  assert.deepEqual(clusterCandidates([10, 12, 14, 30, 40, 45, 50, 54, 58], angles, 5), [14, 30, 40, 45, 54]);
  assert.deepEqual(clusterCandidates([], angles, 5), []);
});

test('k-means keeps exactly K frames, one per group in time, the same every time', () => {
  const angle = new Float64Array(200).map((_, i) => 1 + 0.5 * Math.sin(i / 7));
  const frames = Array.from({ length: 40 }, (_, i) => 3 + 4 * i + (i % 3));
  const first = reduceKeyframes(frames, angle, 9);
  assert.equal(first.length, 9);
  assert.ok(first.every((f, i) => frames.includes(f) && (i === 0 || f > first[i - 1]!)), `${first}`);
  assert.deepEqual(reduceKeyframes(frames, angle, 9), first);
  // Three bursts of three frames: each cluster is a burst and keeps its middle frame.
  const flat = new Float64Array(100).fill(0.5);
  assert.deepEqual(reduceKeyframes([10, 11, 12, 50, 51, 52, 90, 91, 92], flat, 3), [11, 51, 91]);
  // K or fewer candidates are all kept.
  assert.deepEqual(reduceKeyframes([4, 20], flat, 3), [4, 20]);
});

test('a clip with many swings is reduced to exactly K keyframes, deterministically', () => {
  const events = Array.from({ length: 20 }, (_, i) => 20 + 15 * i);
  const clip = armClip(330, swings(events));
  const result = actionKeyframes(clip, { bones, reference, keyframes: 9 });
  assert.equal(result.keyframes.length, 9);
  assert.equal(result.windows.length, 8);
  for (const k of result.keyframes) assert.ok(events.some((e) => Math.abs(k - e) <= 2), `keyframe ${k} is at no swing`);
  assert.deepEqual(actionKeyframes(clip, { bones, reference, keyframes: 9 }), result);
  assert.equal(actionKeyframes(clip, { bones, reference }).keyframes.length, 9, 'K defaults to 9');
  assert.throws(() => actionKeyframes(clip, { bones, reference, keyframes: 0 }), { code: 'E_PARAM' });
});

test('a motionless body, or no frames at all, gives no keyframes', () => {
  assert.deepEqual(actionKeyframes(armClip(120, () => 0.8), { bones, reference }), { keyframes: [], windows: [] });
  assert.deepEqual(actionKeyframes([], { bones, reference }), { keyframes: [], windows: [] });
});

test('missing and non-finite joints carry the last valid position and never give NaN', () => {
  const events = [30, 70, 110];
  const clean = actionKeyframes(armClip(140, swings(events)), { bones, reference });
  // Gaps in still stretches, and at the start, where carrying a position reproduces the clean clip.
  const gappy = armClip(140, swings(events)).map((pose, i): Pose => {
    if (i < 5) return { ...pose, hand: undefined, neck: { x: NaN, y: 1.5, z: 0 } };
    if (i >= 45 && i < 55) return { ...pose, elbow: { x: Infinity, y: 0, z: 0 }, knee: undefined };
    if (i === 90) return {};
    return pose;
  });
  assert.deepEqual(actionKeyframes(gappy, { bones, reference }), clean);
  // A hand never seen leaves its bone out; the rest still finds the swings.
  const handless = armClip(140, swings(events)).map((pose) => ({ ...pose, hand: { x: NaN, y: NaN, z: NaN } }));
  near(actionKeyframes(handless, { bones, reference }).keyframes, events, 2);
  // A reference never seen leaves no angles at all.
  const spineless = armClip(140, swings(events)).map((pose) => ({ ...pose, neck: undefined }));
  assert.deepEqual(actionKeyframes(spineless, { bones, reference }), { keyframes: [], windows: [] });
  // Every frame NaN: no keyframes rather than NaN ones.
  const blank = armClip(60, () => 0.5).map((pose) => Object.fromEntries(Object.keys(pose).map((name) => [name, { x: NaN, y: NaN, z: NaN }])));
  assert.deepEqual(actionKeyframes(blank, { bones, reference }), { keyframes: [], windows: [] });
});
