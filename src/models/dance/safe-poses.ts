import { metres, type Metres } from '../../core/units.js';
import { danceJoints } from '../../movement/dance-skeleton.js';
import { forwardKinematics } from '../../movement/forward-kinematics.js';
import { motionVectorLength, type MotionNormalization } from '../../movement/motion-vector.js';

/** The body of a motion frame: root translation, unit quaternions and joint positions. */
export interface DancePose {
  readonly root: readonly [Metres, Metres, Metres];
  /** One unit quaternion (w, x, y, z) per dance joint. */
  readonly rotations: Float32Array;
  /** x, y, z metres per dance joint, from forward kinematics. */
  readonly positions: Float32Array;
}

/**
 * A quaternion shorter than this has no direction worth trusting: the model's output for that
 * joint is all rounding noise, so the joint keeps its last rotation instead.
 */
const shortestQuaternion = 1e-4;

const joints = danceJoints.length;

/** The rest pose: the skeleton's T-pose, where every dancer starts. */
function restPose(): DancePose {
  const rotations = new Float32Array(4 * joints);
  for (let j = 0; j < joints; j++) rotations[4 * j] = 1;
  const root = [metres(0), metres(0), metres(0)] as const;
  return { root, rotations, positions: forwardKinematics({ root, rotations }) };
}

/**
 * The last safe pose of each of a number of dancers, starting at rest, and the check that turns
 * a model's output into one. An output is taken when, with the normalisation undone, every value
 * is finite; its quaternions are then scaled to unit length, and a joint whose quaternion is too
 * short to have a direction keeps its previous rotation. Anything else leaves the dancer's pose
 * as it was: the caller sends that pose again, so garbage never reaches a body.
 */
export class SafePoses {
  readonly #poses: DancePose[];
  readonly #vector = new Float32Array(motionVectorLength);

  constructor(
    dancers: number,
    readonly normalization: MotionNormalization,
  ) {
    this.#poses = Array.from({ length: dancers }, restPose);
  }

  /**
   * Offers dancer `dancer` the model's output, a normalised motion vector. Returns true when it
   * became the dancer's pose, false when it was refused and the last safe pose holds.
   */
  offer(dancer: number, output: ArrayLike<number>): boolean {
    const v = this.normalization.invert(output, this.#vector);
    for (let k = 0; k < motionVectorLength; k++) if (!Number.isFinite(v[k])) return false;
    const held = this.#poses[dancer]!.rotations;
    const rotations = new Float32Array(4 * joints);
    for (let j = 0; j < joints; j++) {
      const at = 3 + 4 * j;
      const length = Math.hypot(v[at]!, v[at + 1]!, v[at + 2]!, v[at + 3]!);
      for (let c = 0; c < 4; c++) rotations[4 * j + c] = length >= shortestQuaternion ? v[at + c]! / length : held[4 * j + c]!;
    }
    const root = [metres(v[0]!), metres(v[1]!), metres(v[2]!)] as const;
    this.#poses[dancer] = { root, rotations, positions: forwardKinematics({ root, rotations }) };
    return true;
  }

  /** Dancer `dancer`'s current pose, in arrays of its own (a frame may keep them). */
  pose(dancer: number): DancePose {
    const { root, rotations, positions } = this.#poses[dancer]!;
    return { root, rotations: rotations.slice(), positions: positions.slice() };
  }
}
