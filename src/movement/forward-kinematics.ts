import { danceJoints } from './dance-skeleton.js';
import type { MotionPose } from './motion-vector.js';
import { multiply, normalize, quaternionAt, rotate, type Quaternion } from './quaternion.js';
import { restSkeleton } from './rest-skeleton.js';

/**
 * Joint positions of a pose on the rest skeleton, in world space (metres, y up, feet at y = 0 at
 * rest): x, y, z per joint in `danceJoints` order, written into `out` if given. The pelvis sits at
 * its rest position plus the root translation. Rotations are normalised first; one that is not
 * finite counts as no rotation, so garbage in a pose bends nothing into NaN.
 */
export function forwardKinematics(pose: MotionPose, out = new Float32Array(3 * danceJoints.length)): Float32Array {
  const { parents, offsets } = restSkeleton;
  const world: Quaternion[] = [];
  const position: (readonly [number, number, number])[] = [];
  for (let j = 0; j < danceJoints.length; j++) {
    const local = normalize(quaternionAt(pose.rotations, j));
    const offset = offsets[j]!;
    const parent = parents[j]!;
    if (parent < 0) {
      world.push(local);
      position.push([offset[0] + pose.root[0], offset[1] + pose.root[1], offset[2] + pose.root[2]]);
    } else {
      const above = world[parent]!;
      const from = position[parent]!;
      const d = rotate(above, offset);
      world.push(multiply(above, local));
      position.push([from[0] + d[0], from[1] + d[1], from[2] + d[2]]);
    }
    out[3 * j] = position[j]![0];
    out[3 * j + 1] = position[j]![1];
    out[3 * j + 2] = position[j]![2];
  }
  return out;
}
