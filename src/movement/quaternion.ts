import { radians, type Radians } from '../core/units.js';

/**
 * The rotation arithmetic of the motion format. Quaternions are (w, x, y, z), Hamilton product;
 * `multiply(a, b)` rotates by `b` first, then by `a`, so a joint's world rotation is its parent's
 * world rotation times its own local rotation.
 */
export type Quaternion = readonly [w: number, x: number, y: number, z: number];
/** A 3-vector in whatever unit its caller uses (metres for positions, none for directions). */
export type Vector3 = readonly [x: number, y: number, z: number];
export type Axis = 'x' | 'y' | 'z';
/**
 * Order of three rotations about body axes, first axis outermost: 'zxy' is R = Rz · Rx · Ry, the
 * reading of a BVH joint whose channels are `Zrotation Xrotation Yrotation`.
 */
export type EulerOrder = 'xyz' | 'xzy' | 'yxz' | 'yzx' | 'zxy' | 'zyx';

export const identityQuaternion: Quaternion = [1, 0, 0, 0];

const axisIndex: Readonly<Record<Axis, 0 | 1 | 2>> = { x: 0, y: 1, z: 2 };

/** The Hamilton product a · b: rotate by b, then by a. */
export function multiply(a: Quaternion, b: Quaternion): Quaternion {
  const [aw, ax, ay, az] = a;
  const [bw, bx, by, bz] = b;
  return [
    aw * bw - ax * bx - ay * by - az * bz,
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
  ];
}

/** The inverse rotation of a unit quaternion. */
export function conjugate(q: Quaternion): Quaternion {
  return [q[0], -q[1], -q[2], -q[3]];
}

/** `v` rotated by the unit quaternion `q`, in the unit of `v`. */
export function rotate(q: Quaternion, v: Vector3): Vector3 {
  const [w, x, y, z] = q;
  const [vx, vy, vz] = v;
  // v + 2w(u × v) + 2u × (u × v) with u the vector part: no matrix, no second product.
  const cx = y * vz - z * vy;
  const cy = z * vx - x * vz;
  const cz = x * vy - y * vx;
  return [
    vx + 2 * (w * cx + y * cz - z * cy),
    vy + 2 * (w * cy + z * cx - x * cz),
    vz + 2 * (w * cz + x * cy - y * cx),
  ];
}

/**
 * `q` scaled to unit length. A quaternion that is not finite or has (almost) no length carries no
 * rotation anyone meant, so it becomes the identity rather than spreading NaN.
 */
export function normalize(q: Quaternion): Quaternion {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(n > 1e-12) || !Number.isFinite(n)) return identityQuaternion;
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Rotation by `angle` about one coordinate axis. */
export function axisRotation(axis: Axis, angle: Radians): Quaternion {
  const s = Math.sin(angle / 2);
  const c = Math.cos(angle / 2);
  return axis === 'x' ? [c, s, 0, 0] : axis === 'y' ? [c, 0, s, 0] : [c, 0, 0, s];
}

/** The joint at index `joint` of a rotations array laid out as (w, x, y, z) per joint. */
export function quaternionAt(rotations: ArrayLike<number>, joint: number): Quaternion {
  const i = 4 * joint;
  return [rotations[i]!, rotations[i + 1]!, rotations[i + 2]!, rotations[i + 3]!];
}

/** The rotation made of three rotations about body axes, `angles` listed in `order`. */
export function fromEuler(order: EulerOrder, angles: readonly [Radians, Radians, Radians]): Quaternion {
  const [a, b, c] = order.split('') as [Axis, Axis, Axis];
  return multiply(multiply(axisRotation(a, angles[0]), axisRotation(b, angles[1])), axisRotation(c, angles[2]));
}

/**
 * Angles (listed in `order`) that `fromEuler(order, ...)` turns back into `q`. The middle angle is
 * within ±π/2; at ±π/2 (gimbal lock) the last angle is 0 and the first takes the whole turn.
 */
export function toEuler(order: EulerOrder, q: Quaternion): [Radians, Radians, Radians] {
  const r = matrix(normalize(q));
  const [i, j, k] = order.split('').map((a) => axisIndex[a as Axis]) as [number, number, number];
  // Even permutations of xyz flip no signs; odd ones flip the off-diagonal terms.
  const s = (j - i + 3) % 3 === 1 ? 1 : -1;
  const at = (row: number, col: number) => r[3 * row + col]!;
  const cosMiddle = Math.hypot(at(i, i), at(i, j));
  const middle = Math.atan2(s * at(i, k), cosMiddle);
  if (cosMiddle > 1e-9) {
    return [radians(Math.atan2(-s * at(j, k), at(k, k))), radians(middle), radians(Math.atan2(-s * at(i, j), at(i, i)))];
  }
  return [radians(Math.atan2(s * at(k, j), at(j, j))), radians(middle), radians(0)];
}

/** Row-major rotation matrix of a unit quaternion. */
function matrix([w, x, y, z]: Quaternion): number[] {
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
    2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
    2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
  ];
}

/**
 * Swing–twist decomposition: `q` = swing · twist, where twist turns about `axis` and swing about
 * an axis perpendicular to it. Returns the twist angle in −π..π. It is exact for a rotation about
 * `axis` alone and, unlike Euler angles, needs no choice of order, so several servos can each read
 * their own axis from one joint. `q` need not be unit length; NaN in gives NaN out. A half turn
 * about a perpendicular axis leaves the twist undefined; it is then 0.
 */
export function twistAngle(q: Quaternion, axis: Axis): Radians {
  const w = q[0];
  const along = q[1 + axisIndex[axis]]!;
  // q and −q are the same rotation; taking the one with w ≥ 0 keeps the angle within ±π.
  return radians(w < 0 ? 2 * Math.atan2(-along, -w) : 2 * Math.atan2(along, w));
}

/**
 * The smallest rotation that turns direction `from` onto direction `to`. Neither need be unit
 * length; a zero vector has no direction and gives the identity.
 */
export function shortestArc(from: Vector3, to: Vector3): Quaternion {
  const a = unit(from);
  const b = unit(to);
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  if (dot < -1 + 1e-9) {
    // Opposite directions: any perpendicular axis will do; take the one least aligned with `a`.
    const helper: Vector3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const axis = unit(cross(a, helper));
    return [0, axis[0], axis[1], axis[2]];
  }
  const c = cross(a, b);
  return normalize([1 + dot, c[0], c[1], c[2]]);
}

function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function unit(v: Vector3): Vector3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}
