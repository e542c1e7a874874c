import { metres, type Metres } from '../core/units.js';
import { danceJointIndex, danceJoints, type DanceJoint } from './dance-skeleton.js';

/** A point or an offset in metres: x to the dancer's left, y up, z the way the dancer faces. */
export type Position = readonly [x: Metres, y: Metres, z: Metres];

const at = (x: number, y: number, z: number): Position => [metres(x), metres(y), metres(z)];

interface RestJoint {
  readonly parent: DanceJoint | null;
  /** From the parent joint at rest; the pelvis's is its height above the floor. */
  readonly offset: Position;
  /** Far end of the bone a leaf joint carries (top of the head, wrist, toe), from the joint. */
  readonly end?: Position;
}

/**
 * A 1.74 m adult standing in a T-pose, toes on the floor at y = 0: the pose all rotations of the
 * motion format are relative to (identity rotations everywhere give this pose). The axes are the
 * ones BVH, CMU and SMPL data use, so their files read without turning the body around.
 */
const joints: Readonly<Record<DanceJoint, RestJoint>> = {
  pelvis: { parent: null, offset: at(0, 0.96, 0) },
  spine1: { parent: 'pelvis', offset: at(0, 0.1, 0) },
  spine2: { parent: 'spine1', offset: at(0, 0.14, 0) },
  neck: { parent: 'spine2', offset: at(0, 0.22, 0) },
  head: { parent: 'neck', offset: at(0, 0.12, 0), end: at(0, 0.2, 0) },
  left_clavicle: { parent: 'spine2', offset: at(0.03, 0.18, 0) },
  left_shoulder: { parent: 'left_clavicle', offset: at(0.15, 0.02, 0) },
  left_forearm: { parent: 'left_shoulder', offset: at(0.28, 0, 0), end: at(0.25, 0, 0) },
  right_clavicle: { parent: 'spine2', offset: at(-0.03, 0.18, 0) },
  right_shoulder: { parent: 'right_clavicle', offset: at(-0.15, 0.02, 0) },
  right_forearm: { parent: 'right_shoulder', offset: at(-0.28, 0, 0), end: at(-0.25, 0, 0) },
  left_thigh: { parent: 'pelvis', offset: at(0.09, -0.06, 0) },
  left_knee: { parent: 'left_thigh', offset: at(0, -0.42, 0) },
  left_foot: { parent: 'left_knee', offset: at(0, -0.4, 0), end: at(0, -0.08, 0.13) },
  right_thigh: { parent: 'pelvis', offset: at(-0.09, -0.06, 0) },
  right_knee: { parent: 'right_thigh', offset: at(0, -0.42, 0) },
  right_foot: { parent: 'right_knee', offset: at(0, -0.4, 0), end: at(0, -0.08, 0.13) },
};

/** The dance skeleton at rest, as arrays in `danceJoints` order. */
export const restSkeleton: {
  /** Index of each joint's parent, −1 for the pelvis; a parent always comes before its children. */
  readonly parents: readonly number[];
  /** Offset of each joint from its parent, metres; the pelvis's is its rest position. */
  readonly offsets: readonly Position[];
  /** End of the bone of each leaf joint (head, forearms, feet), metres from the joint; undefined elsewhere. */
  readonly ends: readonly (Position | undefined)[];
} = {
  parents: danceJoints.map((j) => {
    const parent = joints[j].parent;
    return parent === null ? -1 : danceJointIndex[parent];
  }),
  offsets: danceJoints.map((j) => joints[j].offset),
  ends: danceJoints.map((j) => joints[j].end),
};
