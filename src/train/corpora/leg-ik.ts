import { radians, type Radians } from '../../core/units.js';
import { danceJointIndex } from '../../movement/dance-skeleton.js';
import type { Quaternion, Vector3 } from '../../movement/quaternion.js';
import { restSkeleton } from '../../movement/rest-skeleton.js';
import { basisQuaternion } from '../../movement/basis-quaternion.js';

/** A solved leg of the dance skeleton. */
export interface LegPose {
  /** World rotation of the thigh: it carries the rest leg, straight down, onto the solved one. */
  readonly thigh: Quaternion;
  /** Knee flexion: the knee's local rotation is this turn about its x axis (positive swings the shin back). */
  readonly knee: Radians;
}

const length = (v: Vector3) => Math.hypot(v[0], v[1], v[2]);
/** Hip to knee and knee to ankle at rest, metres (the same on both sides). */
export const legLengths = {
  thigh: length(restSkeleton.offsets[danceJointIndex.left_knee]!),
  shin: length(restSkeleton.offsets[danceJointIndex.left_foot]!),
} as const;

/** Nearest and farthest hip-to-ankle distances solved for, metres: a deep squat, and just short of a locked knee. */
const reach = [0.3, 0.999 * (legLengths.thigh + legLengths.shin)] as const;

const dot = (a: Vector3, b: Vector3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Vector3, k: number): Vector3 => [a[0] * k, a[1] * k, a[2] * k];
const sub = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const cross = (a: Vector3, b: Vector3): Vector3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vector3): Vector3 => scale(a, 1 / length(a));
/** `a` without its component along the unit direction `d`. */
const across = (a: Vector3, d: Vector3): Vector3 => sub(a, scale(d, dot(a, d)));

/**
 * Two-bone inverse kinematics for a leg of the dance skeleton: the thigh rotation and knee bend
 * that put the ankle at `ankle` with the hip at `hip` (metres, world space), the knee bending
 * towards `forward` (a direction; any length, not along the leg). A target out of reach is moved
 * along the hip-to-ankle line into 0.3 m .. 99.9 % of the leg's length, so the knee never locks,
 * folds backwards or turns NaN; the thigh's twist keeps its knee axis across the leg's plane.
 */
export function legIk(hip: Vector3, ankle: Vector3, forward: Vector3): LegPose {
  const { thigh: a, shin: b } = legLengths;
  const toAnkle = sub(ankle, hip);
  const d = length(toAnkle);
  const down = d > 1e-9 ? scale(toAnkle, 1 / d) : ([0, -1, 0] as const);
  const reached = Math.min(reach[1], Math.max(reach[0], d));
  const hipAngle = Math.acos(Math.min(1, Math.max(-1, (a * a + reached * reached - b * b) / (2 * a * reached))));
  const kneeInside = Math.acos(Math.min(1, Math.max(-1, (a * a + b * b - reached * reached) / (2 * a * b))));
  let front = across(forward, down);
  // A forward direction along the leg leaves the bending plane open: take the world's +z, or +x.
  if (length(front) < 1e-6) front = across(Math.abs(down[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0], down);
  front = unit(front);
  const thighDirection = add(scale(down, Math.cos(hipAngle)), scale(front, Math.sin(hipAngle)));
  // The thigh's local frame: y runs up the bone, z to the front of the knee, x = y × z the hinge.
  const y = scale(thighDirection, -1);
  const z = unit(across(front, thighDirection));
  return { thigh: basisQuaternion(cross(y, z), y, z), knee: radians(Math.PI - kneeInside) };
}
