import { TerpsiError } from '../core/errors.js';
import { danceJoints } from './dance-skeleton.js';
import { restSkeleton } from './rest-skeleton.js';

/**
 * How a skeleton source names and links its joints: the `topology` of a skeleton frame.
 * For kinect2, dance17 and openni15 the bones form a tree and each pair is [parent, child], parent nearer
 * the pelvis. BlazePose and COCO are not trees (their pose models draw loops: the torso, the
 * hands, the feet), so there each pair is the link as those projects draw it, the joint with
 * the lower model index first.
 */
export interface SkeletonTopology {
  readonly name: string;
  /** Joint names in the source's own index order. */
  readonly joints: readonly string[];
  readonly bones: readonly (readonly [parent: string, child: string])[];
}

export type TopologyName = 'kinect2' | 'blazepose' | 'coco17' | 'dance17' | 'openni15';

/** Kinect for Windows SDK 2.0: `JointType` in enum order and the bones its BodyBasics sample draws. */
const kinect2: SkeletonTopology = {
  name: 'kinect2',
  joints: [
    'SpineBase',
    'SpineMid',
    'Neck',
    'Head',
    'ShoulderLeft',
    'ElbowLeft',
    'WristLeft',
    'HandLeft',
    'ShoulderRight',
    'ElbowRight',
    'WristRight',
    'HandRight',
    'HipLeft',
    'KneeLeft',
    'AnkleLeft',
    'FootLeft',
    'HipRight',
    'KneeRight',
    'AnkleRight',
    'FootRight',
    'SpineShoulder',
    'HandTipLeft',
    'ThumbLeft',
    'HandTipRight',
    'ThumbRight',
  ],
  bones: [
    ['SpineBase', 'SpineMid'],
    ['SpineMid', 'SpineShoulder'],
    ['SpineShoulder', 'Neck'],
    ['Neck', 'Head'],
    ['SpineShoulder', 'ShoulderLeft'],
    ['ShoulderLeft', 'ElbowLeft'],
    ['ElbowLeft', 'WristLeft'],
    ['WristLeft', 'HandLeft'],
    ['HandLeft', 'HandTipLeft'],
    ['WristLeft', 'ThumbLeft'],
    ['SpineShoulder', 'ShoulderRight'],
    ['ShoulderRight', 'ElbowRight'],
    ['ElbowRight', 'WristRight'],
    ['WristRight', 'HandRight'],
    ['HandRight', 'HandTipRight'],
    ['WristRight', 'ThumbRight'],
    ['SpineBase', 'HipLeft'],
    ['HipLeft', 'KneeLeft'],
    ['KneeLeft', 'AnkleLeft'],
    ['AnkleLeft', 'FootLeft'],
    ['SpineBase', 'HipRight'],
    ['HipRight', 'KneeRight'],
    ['KneeRight', 'AnkleRight'],
    ['AnkleRight', 'FootRight'],
  ],
};

const blazeposeJoints = [
  'nose',
  'left_eye_inner',
  'left_eye',
  'left_eye_outer',
  'right_eye_inner',
  'right_eye',
  'right_eye_outer',
  'left_ear',
  'right_ear',
  'mouth_left',
  'mouth_right',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_pinky',
  'right_pinky',
  'left_index',
  'right_index',
  'left_thumb',
  'right_thumb',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
  'left_heel',
  'right_heel',
  'left_foot_index',
  'right_foot_index',
] as const;

/** MediaPipe's POSE_CONNECTIONS, by landmark index. */
const blazeposeLinks: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28],
  [27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32],
];

/** BlazePose (MediaPipe Pose): the 33 landmarks in model output order. */
const blazepose: SkeletonTopology = {
  name: 'blazepose',
  joints: blazeposeJoints,
  bones: blazeposeLinks.map(([a, b]) => [blazeposeJoints[a]!, blazeposeJoints[b]!] as const),
};

const coco17Joints = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;

/** The `skeleton` of the COCO person-keypoints annotations (there 1-based), by 0-based index. */
const coco17Links: readonly (readonly [number, number])[] = [
  [13, 15], [11, 13], [14, 16], [12, 14], [11, 12], [5, 11], [6, 12], [5, 6], [5, 7], [6, 8],
  [7, 9], [8, 10], [1, 2], [0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 6],
];

/** COCO keypoints (also MoveNet's and most 2-D pose models' output): 17 in annotation order. */
const coco17: SkeletonTopology = {
  name: 'coco17',
  joints: coco17Joints,
  bones: coco17Links.map(([a, b]) => [coco17Joints[a]!, coco17Joints[b]!] as const),
};

/** The dance skeleton of the motion format (see dance-skeleton.ts), a joint per rotation. */
const dance17: SkeletonTopology = {
  name: 'dance17',
  joints: danceJoints,
  bones: danceJoints.flatMap((child, j) => {
    const parent = restSkeleton.parents[j]!;
    return parent < 0 ? [] : [[danceJoints[parent]!, child] as const];
  }),
};

/**
 * OpenNI/NITE's 15 joints (Kinect v1, Xtion, Orbbec) under OSCeleton's names; NI mate sends the
 * same joints spelt Left_Hand and so on.
 */
const openni15: SkeletonTopology = {
  name: 'openni15',
  joints: ['head', 'neck', 'torso', 'l_shoulder', 'l_elbow', 'l_hand', 'r_shoulder', 'r_elbow', 'r_hand', 'l_hip', 'l_knee', 'l_foot', 'r_hip', 'r_knee', 'r_foot'],
  bones: [
    ['torso', 'neck'],
    ['neck', 'head'],
    ['neck', 'l_shoulder'],
    ['l_shoulder', 'l_elbow'],
    ['l_elbow', 'l_hand'],
    ['neck', 'r_shoulder'],
    ['r_shoulder', 'r_elbow'],
    ['r_elbow', 'r_hand'],
    ['torso', 'l_hip'],
    ['l_hip', 'l_knee'],
    ['l_knee', 'l_foot'],
    ['torso', 'r_hip'],
    ['r_hip', 'r_knee'],
    ['r_knee', 'r_foot'],
  ],
};

/** The skeleton topologies terpsi knows, by name. */
export const skeletonTopologies: Readonly<Record<TopologyName, SkeletonTopology>> = { kinect2, blazepose, coco17, dance17, openni15 };

/** The topology named `name`; an unknown name is an E_PARAM error listing the known ones. */
export function skeletonTopology(name: string): SkeletonTopology {
  if (!isTopologyName(name)) {
    throw new TerpsiError('E_PARAM', `unknown skeleton topology ${JSON.stringify(name)}; known: ${Object.keys(skeletonTopologies).join(', ')}`);
  }
  return skeletonTopologies[name];
}

/** True when `name` is one of the known topologies. */
export function isTopologyName(name: string): name is TopologyName {
  return Object.hasOwn(skeletonTopologies, name);
}
