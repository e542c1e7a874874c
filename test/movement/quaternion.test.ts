import assert from 'node:assert/strict';
import { test } from 'node:test';
import { radians } from '../../src/core/units.js';
import {
  axisRotation,
  conjugate,
  fromEuler,
  identityQuaternion,
  multiply,
  normalize,
  rotate,
  shortestArc,
  toEuler,
  twistAngle,
  type EulerOrder,
  type Quaternion,
  type Vector3,
} from '../../src/movement/quaternion.js';
import { seededRandom } from '../helpers/seeded-random.js';

const close = (actual: readonly number[], expected: readonly number[], tolerance = 1e-9, what = '') =>
  assert.ok(
    actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance),
    `${what} ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
  );
/** Same rotation: q and −q are equal. */
const sameRotation = (a: Quaternion, b: Quaternion, tolerance = 1e-9, what = '') =>
  assert.ok(Math.abs(Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]) - 1) <= tolerance, `${what} ${JSON.stringify(a)} ≠ ±${JSON.stringify(b)}`);

const quarter = radians(Math.PI / 2);

test('rotations about the axes turn vectors the right-handed way, and multiply applies the right factor first', () => {
  close(rotate(axisRotation('z', quarter), [1, 0, 0]), [0, 1, 0]);
  close(rotate(axisRotation('x', quarter), [0, 1, 0]), [0, 0, 1]);
  close(rotate(axisRotation('y', quarter), [0, 0, 1]), [1, 0, 0]);
  const a = axisRotation('z', quarter);
  const b = axisRotation('x', quarter);
  const v: Vector3 = [0.3, -0.2, 0.9];
  close(rotate(multiply(a, b), v), rotate(a, rotate(b, v)));
  close(rotate(multiply(conjugate(a), a), v), v);
});

test('normalize scales to unit length and turns garbage into the identity', () => {
  close(normalize([2, 0, 0, 2]), [Math.SQRT1_2, 0, 0, Math.SQRT1_2]);
  assert.deepEqual(normalize([0, 0, 0, 0]), identityQuaternion);
  assert.deepEqual(normalize([Number.NaN, 0, 1, 0]), identityQuaternion);
  assert.deepEqual(normalize([Number.POSITIVE_INFINITY, 0, 0, 0]), identityQuaternion);
});

test('Euler angles in every order come back from the rotation they make, gimbal lock included', () => {
  const random = seededRandom(7);
  const orders: EulerOrder[] = ['xyz', 'xzy', 'yxz', 'yzx', 'zxy', 'zyx'];
  for (const order of orders) {
    for (let i = 0; i < 500; i++) {
      const lock = i % 10 === 0;
      const middle = lock ? (random() < 0.5 ? -1 : 1) * (Math.PI / 2) : (random() * 2 - 1) * (Math.PI / 2 - 1e-3);
      const angles = [radians((random() * 2 - 1) * Math.PI), radians(middle), radians((random() * 2 - 1) * Math.PI)] as const;
      const q = fromEuler(order, angles);
      const back = toEuler(order, q);
      sameRotation(fromEuler(order, back), q, 1e-12, order);
      if (!lock) close(back, angles, 1e-9, order);
    }
  }
});

test("'zxy' is Rz · Rx · Ry, the BVH reading of Zrotation Xrotation Yrotation", () => {
  const [z, x, y] = [radians(0.3), radians(-0.7), radians(1.1)];
  const expected = multiply(multiply(axisRotation('z', z), axisRotation('x', x)), axisRotation('y', y));
  close(fromEuler('zxy', [z, x, y]), expected, 1e-15);
});

test('the twist about an axis recovers a rotation about that axis alone, for either sign of the quaternion', () => {
  for (const axis of ['x', 'y', 'z'] as const) {
    for (let deg = -179; deg <= 180; deg += 17) {
      const q = axisRotation(axis, radians((deg * Math.PI) / 180));
      const negated: Quaternion = [-q[0], -q[1], -q[2], -q[3]];
      assert.ok(Math.abs((twistAngle(q, axis) * 180) / Math.PI - deg) < 1e-9, `${axis} ${deg}`);
      assert.ok(Math.abs((twistAngle(negated, axis) * 180) / Math.PI - deg) < 1e-9, `−q ${axis} ${deg}`);
      const scaled: Quaternion = [3 * q[0], 3 * q[1], 3 * q[2], 3 * q[3]];
      assert.ok(Math.abs((twistAngle(scaled, axis) * 180) / Math.PI - deg) < 1e-9, `length does not matter: ${axis} ${deg}`);
    }
  }
  const swing = multiply(axisRotation('z', radians(0.4)), axisRotation('x', radians(0.9)));
  assert.ok(Math.abs(twistAngle(axisRotation('z', radians(0.8)), 'x')) < 1e-12, 'a rotation about z has no twist about x');
  assert.ok(Math.abs(twistAngle(swing, 'x') - 0.9) < 0.1, 'a small swing barely changes the twist');
  assert.equal(twistAngle(axisRotation('z', radians(Math.PI)), 'x'), 0, 'a half-turn swing has twist 0, not NaN');
  assert.ok(Number.isNaN(twistAngle([Number.NaN, 0, 0, 0], 'y')), 'NaN in gives NaN out, for the caller to catch');
});

test('shortestArc turns one direction onto another, opposite ones included; a zero vector gives the identity', () => {
  const pairs: [Vector3, Vector3][] = [
    [[1, 0, 0], [0, 1, 0]],
    [[0, -2, 0], [0, -0.5, 0.5]],
    [[1, 0, 0], [-3, 0, 0]],
    [[0, 1, 0], [0, -1, 0]],
  ];
  for (const [from, to] of pairs) {
    const q = shortestArc(from, to);
    const turned = rotate(q, from);
    const scale = Math.hypot(...to) / Math.hypot(...from);
    close(turned.map((v) => v * scale), to, 1e-12, `${JSON.stringify(from)} → ${JSON.stringify(to)}`);
  }
  assert.deepEqual(shortestArc([0, 0, 0], [1, 0, 0]), identityQuaternion);
});
