import type { TopologyName } from '../movement/skeleton-topology.js';
import { skeletonTopology } from '../movement/skeleton-topology.js';
import type { OscMessage } from './osc-packet.js';

/** One joint as a bridge sent it: position in the bridge's units, confidence 0..1. */
export interface JointReading {
  /** The bridge's id of the body, as written (Kinect's tracking ids exceed 2^53, so they stay strings). */
  readonly body: string;
  readonly joint: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly confidence: number;
}

/**
 * How an OSC skeleton bridge lays out its messages. `read` gives the joint a message carries,
 * 'end' for a message that closes a frame, undefined for anything else the bridge sends
 * (hands, user events); it throws, saying why, on a message of the bridge's own shape whose
 * arguments are wrong.
 */
export interface SkeletonBridge {
  readonly topology: TopologyName;
  /** Coordinate space of the positions. */
  readonly space: 'camera' | 'world';
  /** The UDP port the bridge sends to unless told otherwise. */
  readonly port: number;
  read(message: OscMessage): JointReading | 'end' | undefined;
}

const trackingStates: Readonly<Record<string, number>> = { Tracked: 1, Inferred: 0.5, NotTracked: 0 };

/**
 * KinectV2-OSC (Windows, Kinect SDK 2.0): `/bodies/<tracking id>/joints/<JointType> x y z state`,
 * metres in camera space, state Tracked (confidence 1), Inferred (0.5) or NotTracked (0).
 */
const kinectV2Osc: SkeletonBridge = {
  topology: 'kinect2',
  space: 'camera',
  port: 12345,
  read({ address, args }) {
    const m = /^\/bodies\/([^/]+)\/joints\/([^/]+)$/.exec(address);
    if (!m) return undefined;
    const [, body, joint] = m as unknown as [string, string, string];
    if (!kinectJoints.has(joint)) throw new Error(`${address}: no Kinect v2 joint is called ${joint}`);
    const [x, y, z] = coordinates(address, args, 0);
    const state = args[3];
    const confidence = state === undefined ? 1 : typeof state === 'string' ? trackingStates[state] : undefined;
    if (confidence === undefined) throw new Error(`${address}: tracking state ${JSON.stringify(state)} is none of Tracked, Inferred, NotTracked`);
    return { body, joint, x, y, z, confidence };
  },
};

const kinectJoints = new Set(skeletonTopology('kinect2').joints);

/** OSCeleton's joint names, which are the openni15 topology's. */
const openniJoints = new Set(skeletonTopology('openni15').joints);

/**
 * OSCeleton (OpenNI/NITE, Kinect SDK ports): `/joint name user x y z [confidence]`, or
 * `/joint/<name>/<user> x y z` in its Quartz Composer mode. Joints NITE does not track
 * (collars, wrists, fingers, ankles) are left out. OSCeleton's default coordinates are fractions
 * of the image for x and y and a depth for z, not metres: set the source's `scale` accordingly.
 */
const osceleton: SkeletonBridge = {
  topology: 'openni15',
  space: 'camera',
  port: 7110,
  read({ address, args }) {
    if (address === '/joint') {
      const [joint, user] = args;
      if (typeof joint !== 'string' || typeof user !== 'number') throw new Error(`/joint: expected a joint name and a user id first, got ${describe(args)}`);
      if (!openniJoints.has(joint)) return undefined;
      const [x, y, z] = coordinates(address, args, 2);
      const confidence = typeof args[5] === 'number' ? clampUnit(args[5]) : 1;
      return { body: String(user), joint, x, y, z, confidence };
    }
    const m = /^\/joint\/([^/]+)\/([^/]+)$/.exec(address);
    if (!m || !openniJoints.has(m[1]!)) return undefined;
    const [x, y, z] = coordinates(address, args, 0);
    return { body: m[2]!, joint: m[1]!, x, y, z, confidence: 1 };
  },
};

/** NI mate's joint names, lower-cased, to the openni15 ones. */
const niMateJoints: Readonly<Record<string, string>> = {
  head: 'head',
  neck: 'neck',
  torso: 'torso',
  left_shoulder: 'l_shoulder',
  left_elbow: 'l_elbow',
  left_hand: 'l_hand',
  right_shoulder: 'r_shoulder',
  right_elbow: 'r_elbow',
  right_hand: 'r_hand',
  left_hip: 'l_hip',
  left_knee: 'l_knee',
  left_foot: 'l_foot',
  right_hip: 'r_hip',
  right_knee: 'r_knee',
  right_foot: 'r_foot',
};

/**
 * NI mate's Basic format: `/<Joint> x y z` for the first user and `/<Joint>_<user>` for the
 * others (Head, Neck, Torso, Left_Shoulder ... Right_Foot; its basic + orientation format adds
 * a quaternion, ignored here, and may prefix `skeleton_`), `/NI_mate_sync` after each frame.
 */
const niMate: SkeletonBridge = {
  topology: 'openni15',
  space: 'world',
  port: 7000,
  read({ address, args }) {
    if (address === '/NI_mate_sync') return 'end';
    const m = /^\/(?:skeleton_)?([a-z_]+?)(?:_(\d+))?$/i.exec(address);
    const joint = m && niMateJoints[m[1]!.toLowerCase()];
    if (!joint) return undefined;
    const [x, y, z] = coordinates(address, args, 0);
    return { body: m[2] ?? '1', joint, x, y, z, confidence: 1 };
  },
};

/** The bridges an osc-skeleton source can read, by the name a patch gives. */
export const skeletonBridges = { 'kinectv2-osc': kinectV2Osc, osceleton, 'ni-mate': niMate } as const;

export type SkeletonBridgeName = keyof typeof skeletonBridges;

/** Three numbers from `args[first]` on. Non-finite values pass: the skeleton-filter node drops them. */
function coordinates(address: string, args: OscMessage['args'], first: number): [number, number, number] {
  const xyz = args.slice(first, first + 3);
  if (xyz.length < 3 || !xyz.every((v) => typeof v === 'number')) throw new Error(`${address}: expected x, y, z at argument ${first + 1}, got ${describe(args)}`);
  return xyz as [number, number, number];
}

const clampUnit = (v: number) => (v > 1 ? 1 : v > 0 ? v : 0);

const describe = (args: OscMessage['args']) => (args.length === 0 ? 'no arguments' : JSON.stringify(args).slice(0, 80));
