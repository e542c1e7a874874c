import { z } from 'zod';
import { TerpsiError } from '../core/errors.js';
import type { MotionFrame } from '../core/frames.js';
import { hertz, metres, type Hertz } from '../core/units.js';
import { danceJoints } from './dance-skeleton.js';

/** The body part of a motion frame: root translation (metres) and one (w, x, y, z) per dance joint. */
export type MotionPose = Pick<MotionFrame, 'root' | 'rotations'>;

/** Frames per second of the motion format. */
export const motionFrameRate: Hertz = hertz(30);

/** Names of the values of a motion vector, in order: root.x, root.y, root.z, then <joint>.w, .x, .y, .z. */
export const motionComponents: readonly string[] = [
  'root.x',
  'root.y',
  'root.z',
  ...danceJoints.flatMap((j) => [`${j}.w`, `${j}.x`, `${j}.y`, `${j}.z`]),
];

/** Values per frame: 3 + 17 × 4 = 71. */
export const motionVectorLength = motionComponents.length;

const rotationLength = 4 * danceJoints.length;

/** Lays a pose out as one motion vector (root metres, then the quaternions), into `out` if given. */
export function packMotion(pose: MotionPose, out = new Float32Array(motionVectorLength)): Float32Array {
  if (pose.rotations.length !== rotationLength || out.length !== motionVectorLength) {
    throw new RangeError(`a motion vector holds ${rotationLength} rotation values in ${motionVectorLength}; got ${pose.rotations.length} in ${out.length}`);
  }
  out[0] = pose.root[0];
  out[1] = pose.root[1];
  out[2] = pose.root[2];
  out.set(pose.rotations, 3);
  return out;
}

/** The pose a motion vector holds; the quaternions are copied as they are, not normalised. */
export function unpackMotion(vector: ArrayLike<number>): MotionPose {
  if (vector.length !== motionVectorLength) {
    throw new RangeError(`a motion vector has ${motionVectorLength} values, got ${vector.length}`);
  }
  const rotations = new Float32Array(rotationLength);
  for (let i = 0; i < rotationLength; i++) rotations[i] = vector[3 + i]!;
  return { root: [metres(vector[0]!), metres(vector[1]!), metres(vector[2]!)], rotations };
}

/** Below this a component is taken as never moving: scaling it up would only amplify noise. */
const stillComponent = 1e-6;

const normalizationFile = z.strictObject({
  components: z.array(z.string()),
  maxima: z.array(z.number().positive()).length(motionVectorLength),
});

/**
 * Scales each component of a motion vector by the largest magnitude it reached in a data set, so
 * that a model sees values in −1..1. It is stored next to the model's weights because the model
 * only makes sense with the scaling it was trained with.
 */
export class MotionNormalization {
  private constructor(
    /** Largest |value| of each component, never 0: components that never moved are 1. */
    readonly maxima: Float32Array,
  ) {}

  /**
   * The largest |value| per component over `vectors`. No vectors, a vector of the wrong length or
   * a value that is not finite is an E_FILE_FORMAT error naming the vector and component.
   */
  static fit(vectors: Iterable<ArrayLike<number>>): MotionNormalization {
    const maxima = new Float32Array(motionVectorLength);
    let n = 0;
    for (const v of vectors) {
      if (v.length !== motionVectorLength) {
        throw new TerpsiError('E_FILE_FORMAT', `motion vector ${n} has ${v.length} values, expected ${motionVectorLength}`);
      }
      for (let k = 0; k < motionVectorLength; k++) {
        const x = v[k]!;
        if (!Number.isFinite(x)) {
          throw new TerpsiError('E_FILE_FORMAT', `motion vector ${n}: ${motionComponents[k]} is ${x}, not a finite number`);
        }
        const m = Math.abs(x);
        if (m > maxima[k]!) maxima[k] = m;
      }
      n++;
    }
    if (n === 0) throw new TerpsiError('E_FILE_FORMAT', 'no motion vectors to fit a normalisation to');
    for (let k = 0; k < motionVectorLength; k++) if (maxima[k]! < stillComponent) maxima[k] = 1;
    return new MotionNormalization(maxima);
  }

  /** Reads what `toJSON` wrote; anything else is an E_FILE_FORMAT error naming `file` and the field. */
  static fromJSON(data: unknown, file: string): MotionNormalization {
    const parsed = normalizationFile.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TerpsiError('E_FILE_FORMAT', `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    }
    const { components, maxima } = parsed.data;
    if (components.join() !== motionComponents.join()) {
      throw new TerpsiError('E_FILE_FORMAT', `${file}: components: expected the ${motionVectorLength} components of the dance skeleton (${motionComponents.slice(0, 4).join(', ')}, ...)`);
    }
    return new MotionNormalization(Float32Array.from(maxima));
  }

  /** Each component divided by its maximum: values of the fitted data land in −1..1, others may exceed it. */
  apply(vector: ArrayLike<number>, out = new Float32Array(motionVectorLength)): Float32Array {
    for (let k = 0; k < motionVectorLength; k++) out[k] = vector[k]! / this.maxima[k]!;
    return out;
  }

  /** Undoes `apply`: each component multiplied by its maximum. */
  invert(vector: ArrayLike<number>, out = new Float32Array(motionVectorLength)): Float32Array {
    for (let k = 0; k < motionVectorLength; k++) out[k] = vector[k]! * this.maxima[k]!;
    return out;
  }

  /** The stored form: component names (so a file made for another layout is refused) and maxima. */
  toJSON(): { components: string[]; maxima: number[] } {
    return { components: [...motionComponents], maxima: Array.from(this.maxima) };
  }
}
