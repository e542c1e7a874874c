import type { Bpm, Hertz, Metres, Normalized, Seconds } from './units.js';

/** Fields every frame carries. */
export interface FrameBase {
  /** Capture time on the engine clock: when what the frame describes happened (or will happen). */
  readonly t: Seconds;
  /** Id of the patch source or node that produced the frame. */
  readonly source: string;
  /**
   * Engine time at which the input this frame derives from entered the engine. Stamped by the
   * runtime on source frames and carried through operators; outputs measure engine latency from it.
   */
  readonly rx?: Seconds;
}

/** A block of PCM audio. `t` is the capture time of the first sample. */
export interface AudioFrame extends FrameBase {
  readonly kind: 'audio';
  readonly sampleRate: Hertz;
  readonly channels: number;
  /** Interleaved float samples in -1..1, `channels` per sample frame. */
  readonly samples: Float32Array;
  /** Sample counter of the first sample since the source started: the master time for audio. */
  readonly index: number;
}

/** One tracked joint of a body. */
export interface Joint {
  readonly x: Metres;
  readonly y: Metres;
  readonly z: Metres;
  readonly confidence: Normalized;
}

export interface Body {
  /** Stable id for as long as the body stays tracked. */
  readonly id: number;
  readonly joints: Readonly<Record<string, Joint>>;
}

/** Bodies seen at one instant, in the coordinate space the source declares. */
export interface SkeletonFrame extends FrameBase {
  readonly kind: 'skeleton';
  readonly space: 'camera' | 'world';
  /** Joint naming: 'kinect2', 'blazepose', 'coco17', 'dance17', 'openni15' (see movement/skeleton-topology.ts). */
  readonly topology: string;
  readonly bodies: readonly Body[];
}

/** One camera or video image. */
export interface VideoFrame extends FrameBase {
  readonly kind: 'video';
  readonly width: number;
  readonly height: number;
  readonly format: 'rgb24' | 'gray8';
  readonly data: Uint8Array;
}

/** A beat; `t` is the beat's time, in the future when `predicted`. */
export interface BeatFrame extends FrameBase {
  readonly kind: 'beat';
  /** Running beat count since the tracker locked. */
  readonly index: number;
  /** Position in the bar, 1-based, when the meter is known. */
  readonly bar?: number;
  readonly tempo: Bpm;
  readonly confidence: Normalized;
  readonly predicted: boolean;
}

/** A dancer's pose on the dance skeleton (see movement/dance-skeleton.ts). */
export interface MotionFrame extends FrameBase {
  readonly kind: 'motion';
  readonly dancer: number;
  /** Root translation x, y, z in metres. */
  readonly root: readonly [Metres, Metres, Metres];
  /** One unit quaternion (w, x, y, z) per joint of the dance skeleton, in its joint order. */
  readonly rotations: Float32Array;
  /** Joint positions (x, y, z metres per joint) when forward kinematics has run. */
  readonly positions?: Float32Array;
}

/** What is sounding or happening now: tag → probability, and the tags judged on. */
export interface EventsFrame extends FrameBase {
  readonly kind: 'events';
  readonly probabilities: Readonly<Record<string, Normalized>>;
  readonly active: readonly string[];
}

/** Laban effort qualities of one body over a recent window. */
export interface LmaFrame extends FrameBase {
  readonly kind: 'lma';
  readonly body: number;
  readonly raw: LmaEfforts;
  readonly normalized: LmaEfforts;
}

export interface LmaEfforts {
  readonly weight: number;
  readonly time: number;
  readonly space: number;
  readonly flow: number;
  readonly shape: number;
}

/**
 * A named vector of numbers: features (`level`, `onset`), incoming OSC controls, parameter
 * changes. `name` may contain '/' to form a path; on OSC it becomes `/terpsi/<name>`.
 */
export interface ControlFrame extends FrameBase {
  readonly kind: 'control';
  readonly name: string;
  readonly values: readonly number[];
}

export type Frame =
  | AudioFrame
  | SkeletonFrame
  | VideoFrame
  | BeatFrame
  | MotionFrame
  | EventsFrame
  | LmaFrame
  | ControlFrame;

export type FrameKind = Frame['kind'];

export const frameKinds: readonly FrameKind[] = [
  'audio',
  'skeleton',
  'video',
  'beat',
  'motion',
  'events',
  'lma',
  'control',
];

/** For the `default` branch of a switch on `kind`: fails to compile if a kind is missed. */
export function unreachable(x: never): never {
  throw new Error(`unhandled frame kind ${JSON.stringify(x)}`);
}

/**
 * The base fields of a frame derived from `input` by the node `source`: same capture time,
 * same engine arrival time, so latency is measured from the original input.
 */
export function derive(input: FrameBase, source: string): FrameBase {
  return input.rx === undefined ? { t: input.t, source } : { t: input.t, source, rx: input.rx };
}
