/**
 * The 17-joint dance skeleton of the motion format: root translation plus one rotation per
 * joint, each joint listed after its parent. Motion frames store rotations in this order.
 */
export const danceJoints = [
  'pelvis',
  'spine1',
  'spine2',
  'neck',
  'head',
  'left_clavicle',
  'left_shoulder',
  'left_forearm',
  'right_clavicle',
  'right_shoulder',
  'right_forearm',
  'left_thigh',
  'left_knee',
  'left_foot',
  'right_thigh',
  'right_knee',
  'right_foot',
] as const;

export type DanceJoint = (typeof danceJoints)[number];

/** Index of each joint in a motion frame's rotation array. */
export const danceJointIndex = Object.fromEntries(danceJoints.map((name, i) => [name, i])) as Readonly<
  Record<DanceJoint, number>
>;
