import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { metres } from '../../src/core/units.js';
import {
  motionComponents,
  motionFrameRate,
  MotionNormalization,
  motionVectorLength,
  packMotion,
  unpackMotion,
} from '../../src/movement/motion-vector.js';
import { randomPose } from '../helpers/random-pose.js';
import { seededRandom } from '../helpers/seeded-random.js';


test('the motion format: 71 values per frame at 30 fps, root first, then w x y z per joint', () => {
  assert.equal(motionVectorLength, 71);
  assert.equal(motionFrameRate, 30);
  assert.deepEqual(motionComponents.slice(0, 7), ['root.x', 'root.y', 'root.z', 'pelvis.w', 'pelvis.x', 'pelvis.y', 'pelvis.z']);
  assert.equal(motionComponents[70], 'right_foot.z');
});

test('pack and unpack are exact inverses', () => {
  const random = seededRandom(3);
  for (let i = 0; i < 50; i++) {
    const pose = randomPose(random, 0.5);
    const vector = packMotion(pose);
    assert.equal(vector.length, 71);
    assert.equal(vector[0], Math.fround(pose.root[0]));
    assert.deepEqual(vector.subarray(3), pose.rotations);
    const back = unpackMotion(vector);
    assert.deepEqual(back.rotations, pose.rotations);
    assert.deepEqual(back.root, pose.root.map((v) => Math.fround(v)));
    assert.deepEqual(packMotion(back), vector);
  }
  assert.throws(() => unpackMotion(new Float32Array(70)), RangeError);
  assert.throws(() => packMotion({ root: [metres(0), metres(0), metres(0)], rotations: new Float32Array(4) }), RangeError);
});

test('normalisation puts a data set in −1..1 by each component’s maximum and inverts exactly', () => {
  const random = seededRandom(11);
  const vectors = Array.from({ length: 200 }, () => packMotion(randomPose(random, 0.5)));
  for (const v of vectors) v[1] = 0; // a component that never moves
  const norm = MotionNormalization.fit(vectors);
  assert.equal(norm.maxima[1], 1, 'a still component is left as it is, not divided by 0');
  let reachedOne = 0;
  for (const v of vectors) {
    const n = norm.apply(v);
    for (const x of n) assert.ok(Number.isFinite(x) && x >= -1 && x <= 1, `${x} is in −1..1`);
    reachedOne += n.filter((x) => Math.abs(x) === 1).length;
    const back = norm.invert(n);
    for (let k = 0; k < motionVectorLength; k++) assert.ok(Math.abs(back[k]! - v[k]!) <= 1e-6 * Math.max(1, Math.abs(v[k]!)), motionComponents[k]);
  }
  assert.equal(reachedOne, motionVectorLength - 1, 'every moving component reaches ±1 once');
});

test('a normalisation survives JSON and refuses a file made for something else', () => {
  const random = seededRandom(5);
  const norm = MotionNormalization.fit(Array.from({ length: 20 }, () => packMotion(randomPose(random, 0.5))));
  const again = MotionNormalization.fromJSON(JSON.parse(JSON.stringify(norm)), 'model/normalization.json');
  assert.deepEqual(again.maxima, norm.maxima);

  const bad = (data: unknown, pattern: RegExp) =>
    assert.throws(
      () => MotionNormalization.fromJSON(data, 'model/normalization.json'),
      (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith('model/normalization.json: ') && pattern.test(e.message),
    );
  const json = norm.toJSON();
  bad({ ...json, maxima: json.maxima.slice(1) }, /maxima/);
  bad({ ...json, maxima: json.maxima.map((m, k) => (k === 4 ? 0 : m)) }, /maxima\.4/);
  bad({ ...json, components: json.components.map((c) => c.replace('pelvis', 'hips')) }, /components/);
  bad({ maxima: json.maxima }, /components/);
  bad(null, /top level/);
});

test('fitting refuses data that is not finite, naming the vector and component', () => {
  const vectors = [new Float32Array(71), new Float32Array(71)];
  vectors[1]![3 + 4 * 6 + 2] = Number.NaN;
  assert.throws(
    () => MotionNormalization.fit(vectors),
    (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && /motion vector 1: left_shoulder\.y is NaN/.test(e.message),
  );
  assert.throws(() => MotionNormalization.fit([]), (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT');
  assert.throws(() => MotionNormalization.fit([new Float32Array(5)]), (e: unknown) => isTerpsiError(e) && /5 values/.test(e.message));
});
