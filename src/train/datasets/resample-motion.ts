import { metres, type Seconds } from '../../core/units.js';
import { motionFrameRate, type MotionPose } from '../../movement/motion-vector.js';

/**
 * Motion captured one frame every `frameTime` seconds, resampled to the motion format's 30 fps:
 * frame n at n/30 s, for as long as the capture lasts (its last frame's time). Root positions are
 * interpolated linearly and rotations along the shorter great arc (slerp) between the two
 * captured frames around each new one. Frames already at 30 fps (within 1 µs) are returned as
 * they are.
 */
export function resampleMotion(frames: readonly MotionPose[], frameTime: Seconds): MotionPose[] {
  if (Math.abs(frameTime - 1 / motionFrameRate) < 1e-6 || frames.length === 0) return [...frames];
  const count = Math.floor(((frames.length - 1) * frameTime * motionFrameRate) + 1e-6) + 1;
  return Array.from({ length: count }, (_, n) => {
    const position = n / motionFrameRate / frameTime;
    const i = Math.min(frames.length - 1, Math.floor(position));
    const a = frames[i]!;
    const b = frames[Math.min(frames.length - 1, i + 1)]!;
    const w = position - i;
    const rotations = new Float32Array(a.rotations.length);
    for (let k = 0; k < rotations.length; k += 4) slerp(a.rotations, b.rotations, k, w, rotations);
    const lerp = (c: 0 | 1 | 2) => metres(a.root[c] + w * (b.root[c] - a.root[c]));
    return { root: [lerp(0), lerp(1), lerp(2)], rotations };
  });
}

/** The quaternion at `k` a fraction `w` of the way from `a`'s to `b`'s, written to `out` at `k`. */
function slerp(a: ArrayLike<number>, b: ArrayLike<number>, k: number, w: number, out: Float32Array): void {
  let dot = a[k]! * b[k]! + a[k + 1]! * b[k + 1]! + a[k + 2]! * b[k + 2]! + a[k + 3]! * b[k + 3]!;
  // q and −q are one rotation: turn b round when that makes the arc shorter.
  const sign = dot < 0 ? -1 : 1;
  dot = Math.min(1, Math.abs(dot));
  const angle = Math.acos(dot);
  let wa = 1 - w;
  let wb = w;
  if (angle > 1e-6) {
    wa = Math.sin((1 - w) * angle) / Math.sin(angle);
    wb = Math.sin(w * angle) / Math.sin(angle);
  }
  for (let c = 0; c < 4; c++) out[k + c] = wa * a[k + c]! + sign * wb * b[k + c]!;
}
