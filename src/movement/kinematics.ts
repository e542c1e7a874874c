import type { Hertz } from '../core/units.js';
import { butterworthLowPass, lowPassSignal } from './butterworth-low-pass.js';

/** One joint's path: x, y, z in metres, sample i at time i / rate. The three have one length. */
export interface Trajectory {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

/** Derivatives of a trajectory, sample by sample. */
export interface Kinematics {
  /** m/s. */
  readonly velocity: Trajectory;
  /** m/s². */
  readonly acceleration: Trajectory;
  /** m/s³. */
  readonly jerk: Trajectory;
  /** |velocity|, m/s. */
  readonly speed: Float64Array;
  /** |acceleration|, m/s². */
  readonly accelerationMagnitude: Float64Array;
  /** |jerk|, m/s³. */
  readonly jerkMagnitude: Float64Array;
  /** 1/m; 0 where the joint is slower than `stillSpeed`. */
  readonly curvature: Float64Array;
}

/**
 * Below this speed (m/s) curvature counts as 0. The curvature of a joint at rest is a ratio of
 * two vanishing quantities: tracker noise would give it any value, up to infinity at a turning
 * point. 1 cm/s is below any intended movement and above what a low-passed still joint shows.
 */
export const stillSpeed = 0.01;

/**
 * Derivative of a signal sampled at `rate` Hz, in its units per second: central differences,
 * (x[i+1] − x[i−1]) / 2h, inside; at the two ends the one-sided second-order differences
 * (−3x[0] + 4x[1] − x[2]) / 2h and (3x[n−1] − 4x[n−2] + x[n−3]) / 2h, so a quadratic is
 * differentiated exactly everywhere. Two samples get their one difference each; one sample, 0.
 * Written into `out` when given (as long as the signal).
 */
export function derivative(signal: ArrayLike<number>, rate: Hertz, out?: Float64Array): Float64Array {
  const n = signal.length;
  const d = out ?? new Float64Array(n);
  if (n < 2) return d.fill(0);
  const x = signal;
  if (n === 2) {
    d.fill((x[1]! - x[0]!) * rate);
    return d;
  }
  const half = rate / 2;
  d[0] = (-3 * x[0]! + 4 * x[1]! - x[2]!) * half;
  for (let i = 1; i < n - 1; i++) d[i] = (x[i + 1]! - x[i - 1]!) * half;
  d[n - 1] = (3 * x[n - 1]! - 4 * x[n - 2]! + x[n - 3]!) * half;
  return d;
}

/**
 * Curvature (1/m) of a plane path from its velocity (m/s) and acceleration (m/s²):
 * |x′y″ − y′x″| / (x′² + y′²)^(3/2); 0 below `stillSpeed`.
 */
export function curvature2d(vx: number, vy: number, ax: number, ay: number): number {
  const speed = Math.hypot(vx, vy);
  return speed < stillSpeed ? 0 : Math.abs(vx * ay - vy * ax) / speed ** 3;
}

/** Curvature (1/m) of a path in space from its velocity (m/s) and acceleration (m/s²): |v × a| / |v|³; 0 below `stillSpeed`. */
export function curvature3d(vx: number, vy: number, vz: number, ax: number, ay: number, az: number): number {
  const speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
  if (speed < stillSpeed) return 0;
  const cx = vy * az - vz * ay;
  const cy = vz * ax - vx * az;
  const cz = vx * ay - vy * ax;
  return Math.sqrt(cx * cx + cy * cy + cz * cz) / (speed * speed * speed);
}

/**
 * Velocity, acceleration and jerk of a trajectory sampled at `rate` Hz, each the `derivative` of
 * the one before, and the curvature from velocity and acceleration. Each difference multiplies a
 * component at f Hz by up to 2πf, so the jerk of raw samples is mostly the tracker's fastest
 * noise: give `lowPass` (Hz) to run each coordinate through the 5th-order Butterworth first
 * (whole-signal form: a joint already moving at the first sample shows a short start-up lag), or
 * pass samples that went through the streaming form already.
 */
export function kinematics(trajectory: Trajectory, rate: Hertz, lowPass?: Hertz): Kinematics {
  const design = lowPass === undefined ? undefined : butterworthLowPass(lowPass, rate);
  const smooth = (s: Float64Array) => (design ? lowPassSignal(design, s) : s);
  const n = trajectory.x.length;
  // One allocation carved into the 13 results: small typed arrays cost far more to make than to fill.
  const store = new Float64Array(13 * n);
  let used = 0;
  const take = () => store.subarray(used, (used += n));
  const differentiate = (t: Trajectory): Trajectory => ({ x: derivative(t.x, rate, take()), y: derivative(t.y, rate, take()), z: derivative(t.z, rate, take()) });
  const magnitude = ({ x, y, z }: Trajectory): Float64Array => {
    const out = take();
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]! * x[i]! + y[i]! * y[i]! + z[i]! * z[i]!);
    return out;
  };
  const velocity = differentiate({ x: smooth(trajectory.x), y: smooth(trajectory.y), z: smooth(trajectory.z) });
  const acceleration = differentiate(velocity);
  const jerk = differentiate(acceleration);
  const v = velocity;
  const a = acceleration;
  const curvature = take();
  for (let i = 0; i < n; i++) curvature[i] = curvature3d(v.x[i]!, v.y[i]!, v.z[i]!, a.x[i]!, a.y[i]!, a.z[i]!);
  return {
    velocity,
    acceleration,
    jerk,
    speed: magnitude(velocity),
    accelerationMagnitude: magnitude(acceleration),
    jerkMagnitude: magnitude(jerk),
    curvature,
  };
}

