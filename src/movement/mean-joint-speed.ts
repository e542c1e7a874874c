import type { Seconds } from '../core/units.js';

/**
 * Mean over joints of the straight-line speed from pose `from` to pose `to`, `dt` apart: metres
 * per second. Poses are joint positions, x, y, z metres per joint, `joints` joints. A non-finite
 * coordinate makes the result NaN; callers decide what a broken pose means to them.
 */
export function meanJointSpeed(from: ArrayLike<number>, to: ArrayLike<number>, joints: number, dt: Seconds): number {
  let sum = 0;
  for (let j = 0; j < 3 * joints; j += 3) {
    const dx = to[j]! - from[j]!;
    const dy = to[j + 1]! - from[j + 1]!;
    const dz = to[j + 2]! - from[j + 2]!;
    sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return sum / joints / dt;
}
