import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { metres, radians, seconds } from '../../src/core/units.js';
import { readBvh, writeBvh } from '../../src/movement/bvh.js';
import { danceJointIndex, danceJoints, type DanceJoint } from '../../src/movement/dance-skeleton.js';
import { forwardKinematics } from '../../src/movement/forward-kinematics.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';
import { axisRotation, identityQuaternion, multiply, quaternionAt, type Axis, type Quaternion } from '../../src/movement/quaternion.js';
import { randomPose } from '../helpers/random-pose.js';
import { seededRandom } from '../helpers/seeded-random.js';


/** Same rotation within `tolerance` per component: q and −q are equal. */
function sameRotation(actual: Quaternion, expected: Quaternion, what: string, tolerance = 1e-5) {
  const sign = actual[0] * expected[0] + actual[1] * expected[1] + actual[2] * expected[2] + actual[3] * expected[3] < 0 ? -1 : 1;
  const off = Math.max(...actual.map((v, k) => Math.abs(v - sign * expected[k]!)));
  assert.ok(off <= tolerance, `${what}: ${actual.map((v) => v.toFixed(5))} ≠ ±${expected.map((v) => v.toFixed(5))}`);
}
const rotationOf = (pose: MotionPose, joint: DanceJoint) => quaternionAt(pose.rotations, danceJointIndex[joint]);
const turn = (axis: Axis, degrees: number) => axisRotation(axis, radians((degrees * Math.PI) / 180));

function formatError(pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(isTerpsiError(e), String(e));
    assert.equal(e.code, 'E_FILE_FORMAT');
    assert.match(e.message, pattern);
    return true;
  };
}

test('writeBvh writes the dance skeleton: ROOT pelvis with 6 channels, 16 joints with 3, end sites, 30 fps', () => {
  const random = seededRandom(1);
  const text = writeBvh([randomPose(random), randomPose(random)], seconds(1 / 30));
  const lines = text.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 5), ['HIERARCHY', 'ROOT pelvis', '{', '  OFFSET 0.000000 0.000000 0.000000', '  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation']);
  assert.equal(lines.filter((l) => l.trim() === 'CHANNELS 3 Zrotation Xrotation Yrotation').length, 16);
  assert.equal(lines.filter((l) => l.trim() === 'End Site').length, 5);
  const joints = lines.flatMap((l) => /^\s*(?:ROOT|JOINT) (\S+)$/.exec(l)?.[1] ?? []);
  assert.deepEqual(joints, [...danceJoints], 'joints appear in motion-format order, so channels follow it');
  const motion = lines.indexOf('MOTION');
  assert.deepEqual(lines.slice(motion, motion + 3), ['MOTION', 'Frames: 2', 'Frame Time: 0.03333333']);
  for (const frame of lines.slice(motion + 3)) assert.equal(frame.split(' ').length, 54);
});

test('readBvh reads back what writeBvh wrote: roots, rotations and joint positions within 1e-4', () => {
  const random = seededRandom(2);
  const poses = Array.from({ length: 60 }, () => randomPose(random));
  // Gimbal lock of the ZXY order (X = ±90°) and half turns must survive too.
  poses.push({ root: [metres(0), metres(0), metres(0)], rotations: new Float32Array(danceJoints.flatMap((_, j) => [...[turn('x', 90), turn('x', -90), turn('y', 180), turn('z', 180)][j % 4]!])) });
  const read = readBvh(writeBvh(poses, seconds(1 / 30)), 'take.bvh');
  assert.ok(Math.abs(read.frameTime - 1 / 30) < 1e-8);
  assert.equal(read.frames.length, poses.length);
  read.frames.forEach((frame, f) => {
    const original = poses[f]!;
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(frame.root[k]! - original.root[k]!) < 1e-4, `frame ${f} root`);
    for (const joint of danceJoints) sameRotation(rotationOf(frame, joint), rotationOf(original, joint), `frame ${f} ${joint}`, 1e-4);
    const a = forwardKinematics(frame);
    const b = forwardKinematics(original);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-4, `frame ${f} position ${i}`);
  });
});

/**
 * A foreign file in centimetres, Mixamo-like names (some with a namespace), CMU's ZYX channel
 * order, different proportions, and joints the dance skeleton lacks: an extra spine joint, hands
 * with fingers, toes.
 */
const foreign = `HIERARCHY
ROOT mixamorig:Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
  JOINT mixamorig:Spine
  {
    OFFSET 0 9 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT mixamorig:Spine1
    {
      OFFSET 0 11 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT mixamorig:Spine2
      {
        OFFSET 0 12 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        JOINT Neck
        {
          OFFSET 0 17 0
          CHANNELS 3 Zrotation Yrotation Xrotation
          JOINT Head
          {
            OFFSET 0 9 0
            CHANNELS 3 Zrotation Yrotation Xrotation
            End Site
            {
              OFFSET 0 19 0
            }
          }
        }
        JOINT LeftShoulder
        {
          OFFSET 4 15 0
          CHANNELS 3 Zrotation Yrotation Xrotation
          JOINT LeftArm
          {
            OFFSET 15 2 0
            CHANNELS 3 Zrotation Yrotation Xrotation
            JOINT LeftForeArm
            {
              OFFSET 26 0 0
              CHANNELS 3 Zrotation Yrotation Xrotation
              JOINT LeftHand
              {
                OFFSET 23 0 0
                CHANNELS 3 Zrotation Yrotation Xrotation
                JOINT LeftHandIndex1
                {
                  OFFSET 9 0 0
                  CHANNELS 3 Zrotation Yrotation Xrotation
                  End Site
                  {
                    OFFSET 4 0 0
                  }
                }
              }
            }
          }
        }
        JOINT RightShoulder
        {
          OFFSET -4 15 0
          CHANNELS 3 Zrotation Yrotation Xrotation
          JOINT RightArm
          {
            OFFSET -15 2 0
            CHANNELS 3 Zrotation Yrotation Xrotation
            JOINT RightForeArm
            {
              OFFSET -26 0 0
              CHANNELS 3 Zrotation Yrotation Xrotation
              JOINT RightHand
              {
                OFFSET -23 0 0
                CHANNELS 3 Zrotation Yrotation Xrotation
                End Site
                {
                  OFFSET -9 0 0
                }
              }
            }
          }
        }
      }
    }
  }
  JOINT LeftUpLeg
  {
    OFFSET 10 -5 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT LeftLeg
    {
      OFFSET 0 -45 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT LeftFoot
      {
        OFFSET 0 -42 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        JOINT LeftToeBase
        {
          OFFSET 0 -8 13
          CHANNELS 3 Zrotation Yrotation Xrotation
          End Site
          {
            OFFSET 0 0 4
          }
        }
      }
    }
  }
  JOINT RightUpLeg
  {
    OFFSET -10 -5 0
    CHANNELS 3 Zrotation Yrotation Xrotation
    JOINT RightLeg
    {
      OFFSET 0 -45 0
      CHANNELS 3 Zrotation Yrotation Xrotation
      JOINT RightFoot
      {
        OFFSET 0 -42 0
        CHANNELS 3 Zrotation Yrotation Xrotation
        JOINT RightToeBase
        {
          OFFSET 0 -8 13
          CHANNELS 3 Zrotation Yrotation Xrotation
          End Site
          {
            OFFSET 0 0 4
          }
        }
      }
    }
  }
}
`;

/** One frame line for a hierarchy: the named joints get their values (root: x y z then rotations), the rest zeros. */
function frameLine(hierarchy: string, values: Readonly<Record<string, readonly number[]>>): string {
  const joints = [...hierarchy.matchAll(/(ROOT|JOINT) (\S+)/g)].map((m) => ({ name: m[2]!, width: m[1] === 'ROOT' ? 6 : 3 }));
  return joints.flatMap(({ name, width }) => values[name] ?? new Array<number>(width).fill(0)).join(' ');
}

function clip(hierarchy: string, frames: readonly Readonly<Record<string, readonly number[]>>[]): string {
  return `${hierarchy}MOTION\nFrames: ${frames.length}\nFrame Time: 0.0083333\n${frames.map((f) => frameLine(hierarchy, f)).join('\n')}\n`;
}

const standing = { 'mixamorig:Hips': [0, 100, 0, 0, 0, 0] };

test('a foreign BVH maps by joint names: namespaces dropped, extra joints folded in or ignored, units scaled by the legs', () => {
  const read = readBvh(
    clip(foreign, [
      standing,
      {
        'mixamorig:Hips': [20, 87, -10, 0, 0, 0],
        // ZYX channels: the values are Z, Y, X.
        LeftArm: [-90, 0, 0],
        'mixamorig:Spine1': [0, 30, 0],
        LeftHand: [45, 10, 0],
        LeftToeBase: [0, 0, 20],
      },
      { 'mixamorig:Hips': [0, 100, 0, 0, 90, 0], Neck: [0, 0, 20], RightLeg: [10, 20, 30] },
    ]),
    'foreign.bvh',
  );
  assert.ok(Math.abs(read.frameTime - 0.0083333) < 1e-12);
  const [rest, moved, turned] = read.frames as [MotionPose, MotionPose, MotionPose];

  for (const joint of danceJoints) sameRotation(rotationOf(rest, joint), identityQuaternion, `standing: ${joint}`);
  for (const v of rest.root) assert.ok(Math.abs(v) < 1e-6, 'standing at its rest height is root 0');

  const scale = 0.82 / 87; // the dance skeleton's leg over the file's
  const expectedRoot = [20 * scale, -13 * scale, -10 * scale];
  moved.root.forEach((v, k) => assert.ok(Math.abs(v - expectedRoot[k]!) < 1e-6, `root ${k}: ${v} ≠ ${expectedRoot[k]}`));
  sameRotation(rotationOf(moved, 'left_shoulder'), turn('z', -90), 'LeftArm is the left upper arm');
  sameRotation(rotationOf(moved, 'spine2'), turn('y', 30), 'Spine1, between spine1 and the chest, folds into spine2');
  sameRotation(rotationOf(moved, 'spine1'), identityQuaternion, 'spine1');
  sameRotation(rotationOf(moved, 'left_forearm'), identityQuaternion, 'the hand and fingers are ignored');
  sameRotation(rotationOf(moved, 'left_foot'), identityQuaternion, 'the toes are ignored');
  const positions = forwardKinematics(moved);
  const joint = (name: DanceJoint) => positions.subarray(3 * danceJointIndex[name], 3 * danceJointIndex[name] + 3);
  assert.ok(Math.abs(joint('left_forearm')[1]! - (joint('left_shoulder')[1]! - 0.28)) < 1e-5, 'the elbow hangs below the shoulder');

  sameRotation(rotationOf(turned, 'pelvis'), turn('y', 90), 'the hips turn the pelvis');
  sameRotation(rotationOf(turned, 'neck'), turn('x', 20), 'neck');
  sameRotation(rotationOf(turned, 'right_knee'), multiply(multiply(turn('z', 10), turn('y', 20)), turn('x', 30)), 'a ZYX joint composes Z · Y · X');
});


test('a file whose rest pose has the arms down reads onto the T-pose: each bone keeps its direction', () => {
  const armsDown = foreign
    .replace('OFFSET 26 0 0', 'OFFSET 0 -26 0')
    .replace('OFFSET 23 0 0', 'OFFSET 0 -23 0')
    .replace('OFFSET 9 0 0', 'OFFSET 0 -9 0')
    .replace('OFFSET 4 0 0', 'OFFSET 0 -4 0');
  const [rest, raised] = readBvh(clip(armsDown, [standing, { ...standing, LeftArm: [90, 0, 0] }]), 'a-pose.bvh').frames as [MotionPose, MotionPose];
  sameRotation(rotationOf(rest, 'left_shoulder'), turn('z', -90), 'at the file’s rest the left arm hangs down');
  sameRotation(rotationOf(rest, 'left_forearm'), identityQuaternion, 'the forearm goes on straight');
  sameRotation(rotationOf(rest, 'right_shoulder'), identityQuaternion, 'the right arm was a T-pose already');
  sameRotation(rotationOf(raised, 'left_shoulder'), identityQuaternion, 'raised a quarter turn, it is the T-pose');
});

test('a file that is not the dance skeleton is an E_FILE_FORMAT error naming the file and what is missing', () => {
  const robotArm = 'HIERARCHY\nROOT base\n{\n  OFFSET 0 0 0\n  CHANNELS 3 Zrotation Xrotation Yrotation\n  JOINT link1\n  {\n    OFFSET 0 1 0\n    CHANNELS 3 Zrotation Xrotation Yrotation\n    End Site\n    {\n      OFFSET 0 1 0\n    }\n  }\n}\nMOTION\nFrames: 1\nFrame Time: 0.1\n0 0 0 0 0 0\n';
  assert.throws(() => readBvh(robotArm, 'arm.bvh'), formatError(/^arm\.bvh: no joint for pelvis \(looked for pelvis, Hips/));
  const noForearm = foreign.replace('JOINT LeftForeArm', 'JOINT LeftLowerSomething');
  assert.throws(() => readBvh(clip(noForearm, [standing]), 'one-arm.bvh'), formatError(/^one-arm\.bvh: no joint for left_forearm \(looked for left_forearm, LeftForeArm/));
  const headless = foreign.replace('JOINT Head', 'JOINT Skull');
  assert.throws(() => readBvh(clip(headless, [standing]), 'headless.bvh'), formatError(/^headless\.bvh: no joint for head/));
  const swapped = foreign.replace('JOINT LeftLeg\n', 'JOINT LeftKneeX\n').replace('JOINT LeftToeBase', 'JOINT LeftLeg');
  assert.throws(() => readBvh(clip(swapped, [standing]), 'swapped.bvh'), formatError(/^swapped\.bvh:\d+: LeftLeg \(left_knee\) is not below|^swapped\.bvh:\d+: LeftFoot \(left_foot\) is not below/));
});

test('broken BVH text is an E_FILE_FORMAT error at file:line', () => {
  const random = seededRandom(4);
  const text = writeBvh([randomPose(random), randomPose(random), randomPose(random)], seconds(1 / 30));
  const lines = text.trimEnd().split('\n');
  const n = lines.length; // the last frame is on line n
  const lineOf = (prefix: string) => lines.findIndex((l) => l.trim().startsWith(prefix)) + 1;

  assert.throws(() => readBvh(lines.slice(0, -1).join('\n') + '\n', 'cut.bvh'), formatError(new RegExp(`^cut\\.bvh:${n}: the MOTION block ends after 2 of the 3 frames`)));
  assert.throws(() => readBvh(lines.slice(0, -1).join('\n'), 'cut.bvh'), formatError(new RegExp(`^cut\\.bvh:${n}: the MOTION block ends after 2 of the 3`)));
  const short = [...lines.slice(0, -1), lines[n - 1]!.split(' ').slice(0, 20).join(' ')].join('\n');
  assert.throws(() => readBvh(short, 'short.bvh'), formatError(new RegExp(`^short\\.bvh:${n}: frame 3 has 20 values, the hierarchy has 54 channels`)));
  const garbled = lines.map((l, i) => (i === n - 2 ? l.replace(/^(\S+ \S+ )\S+/, '$1abc') : l)).join('\n');
  assert.throws(() => readBvh(garbled, 'garbled.bvh'), formatError(new RegExp(`^garbled\\.bvh:${n - 1}: frame 2, value 3: "abc" is not a number`)));
  const nan = lines.map((l, i) => (i === n - 1 ? l.replace(/^\S+/, 'NaN') : l)).join('\n');
  assert.throws(() => readBvh(nan, 'nan.bvh'), formatError(new RegExp(`^nan\\.bvh:${n}: frame 3, value 1: "NaN" is not a number`)));
  assert.throws(() => readBvh(text + lines[n - 1] + '\n', 'long.bvh'), formatError(new RegExp(`^long\\.bvh:${n + 1}: more frames than the 3`)));
  assert.throws(() => readBvh(text.replace('Frames: 3', 'Frames: three'), 'count.bvh'), formatError(new RegExp(`^count\\.bvh:${lineOf('Frames:')}: expected "Frames: <number>"`)));
  assert.throws(() => readBvh(text.replace('Frame Time: 0.03333333', 'Frame Time: 0'), 'time.bvh'), formatError(new RegExp(`^time\\.bvh:${lineOf('Frame Time:')}: expected a positive frame time`)));

  const neckChannels = lineOf('JOINT neck') + 3;
  const fewer = lines.map((l, i) => (i === neckChannels - 1 ? l.replace('CHANNELS 3 Zrotation Xrotation Yrotation', 'CHANNELS 3 Zrotation Xrotation') : l)).join('\n');
  assert.throws(() => readBvh(fewer, 'fewer.bvh'), formatError(new RegExp(`^fewer\\.bvh:${neckChannels + 1}: CHANNELS 3 lists 2 channels, then "JOINT"`)));
  const more = lines.map((l, i) => (i === neckChannels - 1 ? l.replace('CHANNELS 3', 'CHANNELS 2') : l)).join('\n');
  assert.throws(() => readBvh(more, 'more.bvh'), formatError(new RegExp(`^more\\.bvh:${neckChannels}: CHANNELS 2 is followed by more channels`)));
  const unknownChannel = text.replace('CHANNELS 3 Zrotation Xrotation Yrotation', 'CHANNELS 3 Zrotation Wrotation Yrotation');
  assert.throws(() => readBvh(unknownChannel, 'w.bvh'), formatError(/^w\.bvh:\d+: CHANNELS 3 lists 1 channels, then "Wrotation"/));
  const badOffset = text.replace('OFFSET 0.000000 0.100000 0.000000', 'OFFSET 0.000000 ten 0.000000');
  assert.throws(() => readBvh(badOffset, 'offset.bvh'), formatError(new RegExp(`^offset\\.bvh:${lineOf('JOINT spine1') + 2}: expected an OFFSET number, got "ten"`)));
  const unclosed = lines.filter((_, i) => i !== lines.indexOf('MOTION') - 1).join('\n');
  assert.throws(() => readBvh(unclosed, 'unclosed.bvh'), formatError(new RegExp(`^unclosed\\.bvh:${lines.indexOf('MOTION')}: expected JOINT, End Site or "}", got MOTION`)));
  assert.throws(() => readBvh(lines.slice(0, lines.indexOf('MOTION')).join('\n'), 'no-motion.bvh'), formatError(/^no-motion\.bvh:\d+: no MOTION block/));
  assert.throws(() => readBvh('hello world\n', 'hello.txt'), formatError(/^hello\.txt:1: expected "HIERARCHY", got "hello"/));
  assert.throws(() => readBvh('', 'empty.bvh'), formatError(/^empty\.bvh:1: expected "HIERARCHY", got the end of the file/));
});

test('writeBvh refuses what no reader could read back', () => {
  const pose = randomPose(seededRandom(9));
  const nanRoot: MotionPose = { root: [metres(Number.NaN), metres(0), metres(0)], rotations: pose.rotations };
  assert.throws(() => writeBvh([pose, nanRoot], seconds(1 / 30)), /frame 1: the root is not finite/);
  const rotations = pose.rotations.slice();
  rotations[4 * danceJointIndex.left_knee + 2] = Number.POSITIVE_INFINITY;
  assert.throws(() => writeBvh([{ root: pose.root, rotations }], seconds(1 / 30)), /frame 0: the left_knee rotation is not finite/);
  assert.throws(() => writeBvh([pose], seconds(0)), RangeError);
});
