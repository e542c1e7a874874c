import { createRequire } from 'node:module';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { TerpsiError } from '../core/errors.js';
import type { Body, Frame, Joint, SkeletonFrame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { metres, normalized, type Seconds } from '../core/units.js';
import { bodyIds } from '../movement/body-ids.js';
import { skeletonTopology } from '../movement/skeleton-topology.js';

const params = z.strictObject({});

/** One joint as the kinect2 package hands it over (it sets more fields; these are the ones read). */
export interface Kinect2Joint {
  /** Camera space, metres: x to the sensor's left, y up, z away from it. */
  readonly cameraX: number;
  readonly cameraY: number;
  readonly cameraZ: number;
  /** The SDK's TrackingState: 0 NotTracked, 1 Inferred, 2 Tracked. */
  readonly trackingState: number;
}

/** One of the sensor's six body slots; `joints` is indexed by the SDK's JointType, and only a tracked body has them. */
export interface Kinect2Body {
  readonly tracked: boolean;
  /** The SDK's 64-bit tracking id, as a decimal string. */
  readonly trackingId?: string;
  readonly joints?: readonly (Kinect2Joint | undefined)[];
}

/** What the package's `bodyFrame` event carries. */
export interface Kinect2BodyFrame {
  readonly bodies: readonly Kinect2Body[];
}

/** The part of the package's Kinect2 class this source uses. */
interface Kinect2Device {
  open(): boolean;
  openBodyReader(): boolean;
  on(event: 'bodyFrame', listener: (frame: Kinect2BodyFrame) => void): unknown;
  close(): Promise<unknown>;
}

const alternatives =
  'without it, run KinectV2-OSC on the Windows machine the sensor is plugged into and read it with the osc-skeleton ' +
  'source (layout: kinectv2-osc); OSCeleton and NI mate bridges work through osc-skeleton too (layout: osceleton, ni-mate), ' +
  'and the pose source finds bodies with any camera';

/**
 * The kinect2 package's Kinect2 class. It drives the sensor through the Kinect for Windows SDK 2.0
 * and so exists on Windows only; anywhere else, or when the package or its native part cannot be
 * loaded, a coded error says what to use instead.
 */
export function loadKinect2(platform: string = process.platform, load: (name: string) => unknown = createRequire(import.meta.url)): new () => Kinect2Device {
  if (platform !== 'win32') {
    throw new TerpsiError('E_KINECT_UNAVAILABLE', `the kinect2 source needs Windows and the Kinect for Windows SDK 2.0 (this is ${platform}); ${alternatives}`);
  }
  try {
    return load('kinect2') as new () => Kinect2Device;
  } catch (e) {
    throw new TerpsiError(
      'E_KINECT_UNAVAILABLE',
      `the kinect2 package cannot be loaded (${(e as Error).message.split('\n')[0]}); it is an optional dependency: ` +
        `install the Kinect for Windows SDK 2.0, then npm install kinect2; ${alternatives}`,
      { cause: e },
    );
  }
}

const jointNames = skeletonTopology('kinect2').joints;
const confidences: readonly number[] = [0, 0.5, 1];

/**
 * A skeleton frame from one of the package's body frames: the tracked slots, each with its 25
 * joints by JointType (the kinect2 topology's order), in camera space. Inferred joints get
 * confidence 0.5 and NotTracked ones 0, as KinectV2-OSC's are read; `idOf` turns tracking ids
 * into small stable body ids.
 */
export function kinect2Skeleton(frame: Kinect2BodyFrame, t: Seconds, source: string, idOf: (trackingId: string) => number): SkeletonFrame {
  const bodies: Body[] = [];
  for (const body of frame.bodies) {
    if (!body.tracked || body.trackingId === undefined || !body.joints) continue;
    const joints: Record<string, Joint> = {};
    jointNames.forEach((name, type) => {
      const joint = body.joints![type];
      if (!joint) return;
      joints[name] = {
        x: metres(joint.cameraX),
        y: metres(joint.cameraY),
        z: metres(joint.cameraZ),
        confidence: normalized(confidences[joint.trackingState] ?? 0),
      };
    });
    bodies.push({ id: idOf(body.trackingId), joints });
  }
  return { kind: 'skeleton', t, source, space: 'camera', topology: 'kinect2', bodies };
}

/**
 * Skeletons straight from a Kinect v2 sensor through the optional `kinect2` package (Windows,
 * Kinect for Windows SDK 2.0): up to six bodies of 25 joints at the sensor's 30 frames a
 * second, stamped on arrival. On any other system the patch fails to start with
 * E_KINECT_UNAVAILABLE, which names the bridges that bring a Kinect's skeletons over OSC.
 */
export const kinect2: SourceType<z.infer<typeof params>> = {
  name: 'kinect2',
  description: 'skeletons from a Kinect v2 sensor through the Kinect for Windows SDK 2.0 (Windows only; the optional kinect2 package)',
  live: true,
  params,
  create(_p, ctx) {
    const Kinect2 = loadKinect2();
    return new Observable<Frame>((subscriber) => {
      const kinect = new Kinect2();
      if (!kinect.open() || !kinect.openBodyReader()) {
        subscriber.error(new TerpsiError('E_KINECT_UNAVAILABLE', 'no Kinect v2 sensor could be opened: is it plugged in, powered, and seen by the Kinect SDK 2.0?'));
        return;
      }
      const idOf = bodyIds();
      kinect.on('bodyFrame', (frame) => subscriber.next(kinect2Skeleton(frame, ctx.clock.now(), ctx.id, idOf)));
      return () => {
        kinect.close().catch((e: unknown) => ctx.log.warn(`closing the Kinect: ${(e as Error).message}`));
      };
    });
  },
};
