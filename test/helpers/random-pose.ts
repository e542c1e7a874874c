import { metres } from '../../src/core/units.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';

/** A pose of random unit quaternions, the root within ±`spread` m across and ±0.15·`spread` m up. */
export function randomPose(random: () => number, spread = 2): MotionPose {
  const rotations = new Float32Array(4 * danceJoints.length);
  for (let j = 0; j < danceJoints.length; j++) {
    const q = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
    const n = Math.hypot(...q);
    rotations.set(q.map((v) => v / n), 4 * j);
  }
  const across = () => metres((random() * 2 - 1) * spread);
  return { root: [across(), metres((random() * 2 - 1) * 0.15 * spread), across()], rotations };
}
