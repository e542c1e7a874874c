import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { radians, seconds } from '../../../src/core/units.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import { axisRotation, multiply } from '../../../src/movement/quaternion.js';
import { dancerStyle } from '../../../src/train/corpora/dancer-style.js';
import { stepDancer } from '../../../src/train/corpora/step-dancer.js';
import { readHtr } from '../../../src/train/datasets/read-htr.js';
import { writeHtr, type HtrOptions } from '../../helpers/htr-file.js';

const beats = Array.from({ length: 8 }, (_, i) => seconds(i * 0.5));
const { frames } = stepDancer({ step: 'salsa', style: dancerStyle(11), beats, duration: seconds(4), seed: 11 });
/** Z up, the dancer facing the file's −y turned 0.4 rad about z, centimetres: nothing like the dance skeleton's axes. */
const zUp: HtrOptions = { axes: multiply(axisRotation('z', radians(0.4)), axisRotation('x', radians(Math.PI / 2))), gravity: 'Z', unitsPerMetre: 100, frameRate: 30, order: 'ZYX' };

function assertSameMotion(actual: readonly Parameters<typeof forwardKinematics>[0][], label: string) {
  assert.equal(actual.length, frames.length, label);
  let worst = 0;
  actual.forEach((pose, f) => {
    const a = forwardKinematics(pose);
    const b = forwardKinematics(frames[f]!);
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  });
  assert.ok(worst < 1e-3, `${label}: joints up to ${(worst * 1000).toFixed(2)} mm from where they were`);
}

test('an HTR file in other axes, units and base pose reads back onto the dance skeleton, joint for joint', () => {
  const motion = readHtr(writeHtr(frames, zUp), 'salsa.htr');
  assert.ok(Math.abs(motion.frameTime - 1 / 30) < 1e-9);
  assertSameMotion(motion.frames, 'Z up, ZYX');
  for (const pose of motion.frames) {
    for (let j = 0; j < 17; j++) assert.ok(Math.abs(Math.hypot(...pose.rotations.subarray(4 * j, 4 * j + 4)) - 1) < 1e-5);
  }
});

test('the Euler order is the header\'s, the gravity axis may be missing, and the frame rate is kept', () => {
  const yUp: HtrOptions = { axes: axisRotation('y', radians(2.5)), gravity: 'Y', unitsPerMetre: 1000, frameRate: 60, order: 'XYZ' };
  const text = writeHtr(frames, yUp);
  const motion = readHtr(text, 'xyz.htr');
  assert.ok(Math.abs(motion.frameTime - 1 / 60) < 1e-9);
  assertSameMotion(motion.frames, 'Y up, XYZ');
  // Without GlobalAxisofGravity, up comes from the base pose: the same motion.
  assertSameMotion(readHtr(text.replace(/GlobalAxisofGravity Y\r\n/, ''), 'no-gravity.htr').frames, 'no gravity axis');
});

test('broken HTR files are E_FILE_FORMAT errors naming the file and line', () => {
  const good = writeHtr(frames.slice(0, 3), zUp);
  const lines = good.split('\r\n');
  const refuses = (text: string, message: RegExp) =>
    assert.throws(() => readHtr(text, 'bad.htr'), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && message.test(e.message), String(message));
  refuses('HIERARCHY\nROOT Hips\n', /^bad\.htr:1: not an HTR file/);
  refuses('', /bad\.htr: not an HTR file: it is empty/);
  refuses(good.replace('NumFrames 3', 'NumFrames 4'), /bad\.htr:\d+: segment pelvis has 3 frames; the header says 4/);
  refuses(good.replace(/NumFrames 3\r\n/, ''), /segment data \[pelvis\] before the \[Header\] section says how many frames/);
  refuses(good.replace('DataFrameRate 30', 'DataFrameRate 0'), /bad\.htr:7: expected a positive frame rate, got "0"/);
  refuses(good.replace('EulerRotationOrder ZYX', 'EulerRotationOrder ZZX'), /bad\.htr:8: EulerRotationOrder must name the axes/);
  refuses(good.replaceAll('neck_01', 'neck_02'), /bad\.htr: no segment for the neck \(looked for neck_01, neck\)/);
  const row = lines.findIndex((l) => l === '[calf_l]') + 2;
  refuses(lines.map((l, i) => (i === row ? l.replace(/\t[^\t]+\t/, '\tabc\t') : l)).join('\r\n'), new RegExp(`bad\\.htr:${row + 1}: value 2: "abc" is not a number`));
  refuses(lines.filter((l) => !/^head\t.*\t/.test(l)).join('\r\n'), /bad\.htr:\d+: segment head has no \[BasePosition\] line/);
  refuses(good.replace('thigh_l\tpelvis', 'thigh_l\tcalf_l'), /thigh_l is not connected to the root pelvis/);
});
