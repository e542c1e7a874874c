import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { lastValueFrom, take, toArray } from 'rxjs';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame, SkeletonFrame } from '../../src/core/frames.js';
import { metres, seconds } from '../../src/core/units.js';
import { readBvh, writeBvh } from '../../src/movement/bvh.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { forwardKinematics } from '../../src/movement/forward-kinematics.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';
import { bvh, type BvhParams } from '../../src/sources/bvh.js';
import { testContext } from '../helpers/context.js';
import { randomPose } from '../helpers/random-pose.js';
import { seededRandom } from '../helpers/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-bvh-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const random = seededRandom(7);
const standing: MotionPose = { root: [metres(0), metres(0), metres(0)], rotations: new Float32Array(danceJoints.flatMap(() => [1, 0, 0, 0])) };
const poses: MotionPose[] = [standing, randomPose(random, 1), randomPose(random, 1), randomPose(random, 1)];
const frameTime = 0.05;
const file = join(dir, 'take.bvh');
writeFileSync(file, writeBvh(poses, seconds(frameTime)));

async function play(params: Partial<BvhParams>, clock = virtualClock(), count = Infinity): Promise<SkeletonFrame[]> {
  const frames: Frame[] = await lastValueFrom(bvh.create(bvh.params.parse({ file, ...params }), testContext('mocap', { clock })).pipe(take(count), toArray()));
  return frames as SkeletonFrame[];
}

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);

/** Joint positions of a frame's one body, x, y, z per dance joint. */
const positionsOf = (frame: SkeletonFrame) => danceJoints.flatMap((name) => [frame.bodies[0]!.joints[name]!.x, frame.bodies[0]!.joints[name]!.y, frame.bodies[0]!.joints[name]!.z]);

test('defaults; one dance17 world body per BVH frame at the file frame time from the start, joints by forward kinematics, confidence 1', async () => {
  assert.deepEqual(bvh.params.parse({ file: 'a.bvh' }), { file: 'a.bvh', body: 0, loop: false });
  const clock = virtualClock();
  await clock.sleepUntil(seconds(10));
  const frames = await play({ body: 3 }, clock);
  assert.equal(frames.length, poses.length);
  const read = readBvh(writeBvh(poses, seconds(frameTime)), file).frames;
  frames.forEach((frame, k) => {
    assert.equal(frame.kind, 'skeleton');
    assert.equal(frame.source, 'mocap');
    assert.equal(frame.topology, 'dance17');
    assert.equal(frame.space, 'world');
    near(frame.t, 10 + k * frameTime, 1e-9, `frame ${k} time`);
    assert.equal(frame.bodies.length, 1);
    assert.equal(frame.bodies[0]!.id, 3);
    assert.deepEqual(Object.keys(frame.bodies[0]!.joints), [...danceJoints]);
    assert.ok(Object.values(frame.bodies[0]!.joints).every((j) => j.confidence === 1), `frame ${k} confidence`);
    assert.deepEqual(positionsOf(frame), [...forwardKinematics(read[k]!)], `frame ${k}: the positions of the pose as read`);
    const written = forwardKinematics(poses[k]!);
    positionsOf(frame).forEach((v, i) => near(v, written[i]!, 1e-4, `frame ${k} coordinate ${i} against the pose written`));
  });
  // Standing in the rest pose: ankles 8 cm above the floor, the top of the neck at 1.54 m, in metres whatever the file's unit.
  const first = frames[0]!.bodies[0]!.joints;
  for (const [name, y] of [['left_foot', 0.08], ['right_foot', 0.08], ['pelvis', 0.96], ['head', 1.54]] as const) near(first[name]!.y, y, 1e-5, `${name} height`);
});

test('a loop starts again one frame time after the last frame, on the same grid', async () => {
  const frames = await play({ loop: true }, virtualClock(), 2 * poses.length + 2);
  assert.equal(frames.length, 2 * poses.length + 2);
  frames.forEach((frame, k) => {
    near(frame.t, k * frameTime, 1e-9, `frame ${k} time`);
    assert.deepEqual(positionsOf(frame), positionsOf(frames[k % poses.length]!), `frame ${k} repeats frame ${k % poses.length}`);
  });
  const once = await play({ loop: false });
  assert.equal(once.length, poses.length, 'without loop it ends after the last frame');
});

test('a file of no frames ends at once, looping or not', async () => {
  const empty = join(dir, 'empty.bvh');
  writeFileSync(empty, writeBvh([], seconds(frameTime)));
  for (const loop of [false, true]) assert.deepEqual(await play({ file: empty, loop }), []);
});

test('a missing or garbled file fails at create with a coded error naming the file', () => {
  const missing = join(dir, 'missing.bvh');
  const garbled = join(dir, 'garbled.bvh');
  writeFileSync(garbled, writeBvh(poses, seconds(frameTime)).replace('Frame Time: 0.05000000', 'Frame Time: soon'));
  const ctx = testContext('mocap', { clock: virtualClock() });
  const expect = (path: string, code: string, message: RegExp) =>
    assert.throws(
      () => bvh.create(bvh.params.parse({ file: path }), ctx),
      (e: unknown) => {
        assert.ok(isTerpsiError(e), String(e));
        assert.equal(e.code, code);
        assert.match(e.message, message);
        return true;
      },
    );
  expect(missing, 'E_FILE_UNREADABLE', new RegExp(`^${missing}: cannot read the BVH file: ENOENT`));
  expect(garbled, 'E_FILE_FORMAT', new RegExp(`^${garbled}:\\d+: expected "Frame Time: <number>", got "Frame Time: soon"`));
  writeFileSync(garbled, 'a shopping list\n');
  expect(garbled, 'E_FILE_FORMAT', new RegExp(`^${garbled}:1: expected "HIERARCHY"`));
});
