import { danceJointIndex, danceJoints } from '../../src/movement/dance-skeleton.js';

/** The arm joints of the dance skeleton: the ones the synthetic dancers below move. */
export const armJoints = (['left_clavicle', 'left_shoulder', 'left_forearm', 'right_clavicle', 'right_shoulder', 'right_forearm'] as const).map(
  (name) => danceJointIndex[name],
);

/** A standing pose: joint j at (0.1·j, 1, 0) metres, so that no two joints coincide. */
export function restPose(): Float32Array {
  const pose = new Float32Array(3 * danceJoints.length);
  for (let j = 0; j < danceJoints.length; j++) pose.set([0.1 * j, 1, 0], 3 * j);
  return pose;
}

/** `count` frames of the rest pose with the arm joints moved by `offset(frame)` (x, y, z metres). */
export function armMotion(count: number, offset: (frame: number) => readonly [number, number, number]): Float32Array[] {
  return Array.from({ length: count }, (_, n) => {
    const pose = restPose();
    const [dx, dy, dz] = offset(n);
    for (const j of armJoints) {
      pose[3 * j] = pose[3 * j]! + dx;
      pose[3 * j + 1] = pose[3 * j + 1]! + dy;
      pose[3 * j + 2] = pose[3 * j + 2]! + dz;
    }
    return pose;
  });
}

/** Arms swinging sideways, x = amplitude·cos(2π·rate·n/fps): they reverse at every half period, from frame 0. */
export function swingingArms(count: number, fps: number, rate: number, amplitude = 0.3): Float32Array[] {
  return armMotion(count, (n) => [amplitude * Math.cos((2 * Math.PI * rate * n) / fps), 0, 0]);
}

/**
 * Arms travelling through `points` (metres), arriving at point i at frame `frames[i]`, easing in
 * and out of each (speed zero at every point), so the movement stops and turns at those frames.
 */
export function zigzagArms(count: number, frames: readonly number[], points: readonly (readonly [number, number, number])[]): Float32Array[] {
  return armMotion(count, (n) => {
    let i = 0;
    while (i < frames.length - 2 && n >= frames[i + 1]!) i++;
    const u = Math.min(1, Math.max(0, (n - frames[i]!) / (frames[i + 1]! - frames[i]!)));
    const ease = (1 - Math.cos(Math.PI * u)) / 2;
    const a = points[i]!;
    const b = points[i + 1]!;
    return [a[0] + ease * (b[0] - a[0]), a[1] + ease * (b[1] - a[1]), a[2] + ease * (b[2] - a[2])];
  });
}
