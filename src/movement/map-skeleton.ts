import type { Body, Joint, SkeletonFrame } from '../core/frames.js';
import { metres, normalized } from '../core/units.js';
import { danceJointIndex } from './dance-skeleton.js';
import { restSkeleton } from './rest-skeleton.js';
import { isTopologyName, skeletonTopology, type TopologyName } from './skeleton-topology.js';

/**
 * The anatomical landmark each joint of a topology stands for. Landmark names are BlazePose's
 * where BlazePose has the point, so BlazePose and COCO map onto themselves; the spine, the
 * clavicles, the hands and their tips are added for Kinect and the dance skeleton. Where two
 * sources place a landmark a little differently it still counts as the same one: Kinect's
 * FootLeft (the forefoot) is BlazePose's left_foot_index (the toe tip); Kinect's ThumbLeft (the
 * tip) is BlazePose's left_thumb (a knuckle); the dance skeleton's head joint (the top of the
 * neck, where the head turns) is Kinect's Head (the middle of the head); NITE's neck sits on the
 * line of the shoulders, its torso at the middle of the spine, its hand at the palm and its foot
 * at the ankle.
 */
const landmarks: Readonly<Record<TopologyName, Readonly<Record<string, string>>>> = {
  kinect2: {
    SpineBase: 'pelvis',
    SpineMid: 'spine_mid',
    Neck: 'neck',
    Head: 'head',
    ShoulderLeft: 'left_shoulder',
    ElbowLeft: 'left_elbow',
    WristLeft: 'left_wrist',
    HandLeft: 'left_hand',
    ShoulderRight: 'right_shoulder',
    ElbowRight: 'right_elbow',
    WristRight: 'right_wrist',
    HandRight: 'right_hand',
    HipLeft: 'left_hip',
    KneeLeft: 'left_knee',
    AnkleLeft: 'left_ankle',
    FootLeft: 'left_foot_index',
    HipRight: 'right_hip',
    KneeRight: 'right_knee',
    AnkleRight: 'right_ankle',
    FootRight: 'right_foot_index',
    SpineShoulder: 'spine_shoulder',
    HandTipLeft: 'left_hand_tip',
    ThumbLeft: 'left_thumb',
    HandTipRight: 'right_hand_tip',
    ThumbRight: 'right_thumb',
  },
  blazepose: Object.fromEntries(skeletonTopology('blazepose').joints.map((j) => [j, j])),
  coco17: Object.fromEntries(skeletonTopology('coco17').joints.map((j) => [j, j])),
  // The dance skeleton names a joint after the bone it turns: the forearm turns at the elbow,
  // the thigh at the hip, the foot at the ankle.
  dance17: {
    pelvis: 'pelvis',
    spine1: 'spine_low',
    spine2: 'spine_mid',
    neck: 'spine_shoulder',
    head: 'head',
    left_clavicle: 'left_clavicle',
    left_shoulder: 'left_shoulder',
    left_forearm: 'left_elbow',
    right_clavicle: 'right_clavicle',
    right_shoulder: 'right_shoulder',
    right_forearm: 'right_elbow',
    left_thigh: 'left_hip',
    left_knee: 'left_knee',
    left_foot: 'left_ankle',
    right_thigh: 'right_hip',
    right_knee: 'right_knee',
    right_foot: 'right_ankle',
  },
  openni15: {
    head: 'head',
    neck: 'spine_shoulder',
    torso: 'spine_mid',
    l_shoulder: 'left_shoulder',
    l_elbow: 'left_elbow',
    l_hand: 'left_hand',
    r_shoulder: 'right_shoulder',
    r_elbow: 'right_elbow',
    r_hand: 'right_hand',
    l_hip: 'left_hip',
    l_knee: 'left_knee',
    l_foot: 'left_ankle',
    r_hip: 'right_hip',
    r_knee: 'right_knee',
    r_foot: 'right_ankle',
  },
};

type Term = readonly [landmark: string, weight: number];

const rest = (joint: keyof typeof danceJointIndex) => restSkeleton.offsets[danceJointIndex[joint]]!;
/** Where the lower spine sits between the pelvis and the base of the neck on the rest skeleton (0.22). */
const lowSpine = rest('spine1')[1] / (rest('spine1')[1] + rest('spine2')[1] + rest('neck')[1]);
/** Where the clavicle's root sits between the base of the neck and the shoulder on the rest skeleton (1/6). */
const clavicle = rest('left_clavicle')[0] / (rest('left_clavicle')[0] + rest('left_shoulder')[0]);

/**
 * Landmarks made from others when a source lacks them, as weighted sums of positions. No rule
 * refers to itself through another, so resolving one always ends.
 */
const synthesised: Readonly<Record<string, readonly Term[]>> = {
  pelvis: [['left_hip', 0.5], ['right_hip', 0.5]],
  spine_shoulder: [['left_shoulder', 0.5], ['right_shoulder', 0.5]],
  head: [['left_ear', 0.5], ['right_ear', 0.5]],
  neck: [['spine_shoulder', 0.5], ['head', 0.5]],
  spine_mid: [['pelvis', 0.5], ['spine_shoulder', 0.5]],
  spine_low: [['pelvis', 1 - lowSpine], ['spine_shoulder', lowSpine]],
  left_clavicle: [['spine_shoulder', 1 - clavicle], ['left_shoulder', clavicle]],
  right_clavicle: [['spine_shoulder', 1 - clavicle], ['right_shoulder', clavicle]],
  left_hand: [['left_wrist', 0.5], ['left_pinky', 0.25], ['left_index', 0.25]],
  right_hand: [['right_wrist', 0.5], ['right_pinky', 0.25], ['right_index', 0.25]],
};

/** How one joint of the target is made: a weighted sum of source joints (one of weight 1 when carried over). */
interface Recipe {
  readonly joint: string;
  readonly terms: readonly (readonly [joint: string, weight: number])[];
}

const plans = new Map<string, readonly Recipe[]>();

function plan(from: TopologyName, to: TopologyName): readonly Recipe[] {
  const key = `${from}>${to}`;
  const known = plans.get(key);
  if (known) return known;
  const source = new Map(Object.entries(landmarks[from]).map(([joint, landmark]) => [landmark, joint]));
  const resolve = (landmark: string): [string, number][] | undefined => {
    const joint = source.get(landmark);
    if (joint !== undefined) return [[joint, 1]];
    const rule = synthesised[landmark];
    if (!rule) return undefined;
    const terms: [string, number][] = [];
    for (const [part, weight] of rule) {
      const resolved = resolve(part);
      if (!resolved) return undefined;
      for (const [joint, w] of resolved) terms.push([joint, w * weight]);
    }
    return terms;
  };
  const recipes: Recipe[] = [];
  for (const joint of skeletonTopology(to).joints) {
    const terms = resolve(landmarks[to][joint]!);
    if (terms) recipes.push({ joint, terms });
  }
  plans.set(key, recipes);
  return recipes;
}

/**
 * A body in topology `from` as a body in topology `to` (names as in `skeletonTopologies`;
 * an unknown one is an E_PARAM error), same id, same coordinate space, metres.
 *
 * A joint both topologies have (the same landmark under either name) is carried over as it is.
 * A joint only the target has is synthesised where the source has what anatomy needs, with the
 * confidence of the least confident joint it is made from; otherwise, or when one of those
 * joints is missing from the body, it is left out. The synthesised joints:
 * - pelvis (Kinect SpineBase, dance pelvis): the midpoint of the hips;
 * - base of the neck (Kinect SpineShoulder, dance neck): the midpoint of the shoulders;
 * - head (Kinect Head, dance head): the midpoint of the ears;
 * - Kinect Neck: halfway from the base of the neck to the head;
 * - middle of the spine (Kinect SpineMid, dance spine2): halfway from the pelvis to the base of the neck;
 * - dance spine1: 0.22 of the way from the pelvis to the base of the neck, as on the rest skeleton;
 * - dance clavicles: 1/6 of the way from the base of the neck to the shoulder, as on the rest skeleton;
 * - Kinect HandLeft/HandRight (the palm): ½ wrist + ¼ pinky knuckle + ¼ index knuckle.
 * These chain: COCO to Kinect gets its Neck from the shoulders and the ears. Nothing else is
 * guessed: a Kinect body gives COCO no face, a dance body gives no wrists (its forearm ends there
 * but has no joint) and Kinect no hand tips or thumbs. Coordinates are combined as they are, so
 * a joint made from a NaN is NaN; the skeleton-filter node is what removes bad values.
 */
export function mapBody(body: Body, from: string, to: string): Body {
  const source = skeletonTopology(from).name as TopologyName;
  const target = skeletonTopology(to).name as TopologyName;
  const joints: Record<string, Joint> = {};
  for (const { joint, terms } of plan(source, target)) {
    if (terms.length === 1) {
      const carried = body.joints[terms[0]![0]];
      if (carried) joints[joint] = carried;
      continue;
    }
    let x = 0;
    let y = 0;
    let z = 0;
    let confidence = 1;
    let complete = true;
    for (const [name, weight] of terms) {
      const part = body.joints[name];
      if (!part) {
        complete = false;
        break;
      }
      x += weight * part.x;
      y += weight * part.y;
      z += weight * part.z;
      confidence = Math.min(confidence, part.confidence);
    }
    if (complete) joints[joint] = { x: metres(x), y: metres(y), z: metres(z), confidence: normalized(confidence) };
  }
  return { id: body.id, joints };
}

/**
 * The bodies of a skeleton frame on Kinect v2 joint names, the names presets use: bodies of the
 * other known topologies mapped (see mapBody), kinect2 and unknown topologies as they are.
 */
export function kinect2Bodies(frame: SkeletonFrame): readonly Body[] {
  const { topology } = frame;
  return topology === 'kinect2' || !isTopologyName(topology) ? frame.bodies : frame.bodies.map((b) => mapBody(b, topology, 'kinect2'));
}
