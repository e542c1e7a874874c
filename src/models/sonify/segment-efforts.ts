import { hertz } from '../../core/units.js';
import { actionKeyframes, type Pose } from '../../movement/action-segmentation.js';
import { butterworthLowPass, lowPassSignal } from '../../movement/butterworth-low-pass.js';
import type { Trajectory } from '../../movement/kinematics.js';
import { lmaEfforts, type LmaPreset } from '../../movement/lma-efforts.js';
import { skeletonTopology } from '../../movement/skeleton-topology.js';
import { effortsPerWindow, motionRate, type SonifyModelConfig } from './sonify-model-config.js';

/** The bones whose angles place keyframes, and the one they are measured from (the spine). */
const kinect2 = skeletonTopology('kinect2');
const reference = ['SpineBase', 'SpineShoulder'] as const;
/** Joint coordinates are low-passed at this cut-off before efforts, as the lma node does, Hz. */
const lowPass = 3;

/** The action windows of one segment and their efforts. */
export interface SegmentEfforts {
  /** [start, end) pose indices of each window, `windows` of them. */
  readonly windows: readonly (readonly [number, number])[];
  /** windows × 5 raw efforts (weight, time, space, flow, shape; see lmaEfforts for their units). */
  readonly efforts: Float32Array;
}

/**
 * The input of the mixture network for one segment of a body's movement (`poses` on kinect2
 * joint names at `motionRate`): the segment is cut at `windows + 1` keyframes (actionKeyframes)
 * and each window between two keyframes gets its raw LMA efforts (the preset's joint weights; its
 * ranges, tuned for a stage, are not used: the network scales its inputs itself). A segment where fewer keyframes
 * stand out (a still or barely moving body) is cut into equal windows instead, so every segment
 * gives an input. Coordinates are low-passed at 3 Hz over the whole segment first; a weighted
 * joint missing or not finite anywhere in the segment adds nothing.
 */
export function segmentEfforts(poses: readonly Pose[], c: SonifyModelConfig, preset: LmaPreset): SegmentEfforts {
  const found = actionKeyframes(poses, { bones: kinect2.bones, reference, keyframes: c.windows + 1 });
  const windows =
    found.windows.length === c.windows
      ? found.windows
      : Array.from({ length: c.windows }, (_, i) => [Math.floor((i * poses.length) / c.windows), Math.floor(((i + 1) * poses.length) / c.windows)] as const);
  const rate = hertz(motionRate);
  const design = butterworthLowPass(hertz(lowPass), rate);
  const tracks = new Map<string, Trajectory>();
  for (const name of Object.keys(preset.joints)) {
    if (!(preset.joints[name]! > 0)) continue;
    const axis = (a: 'x' | 'y' | 'z') => Float64Array.from(poses, (p) => p[name]?.[a] ?? Number.NaN);
    const [x, y, z] = [axis('x'), axis('y'), axis('z')];
    if (![x, y, z].every((values) => values.every(Number.isFinite))) continue;
    tracks.set(name, { x: lowPassSignal(design, x), y: lowPassSignal(design, y), z: lowPassSignal(design, z) });
  }
  const efforts = new Float32Array(c.windows * effortsPerWindow);
  windows.forEach(([start, end], w) => {
    // A window of one pose has no movement to measure; it is read with its neighbour.
    const [from, to] = end - start >= 2 ? [start, end] : [Math.max(0, end - 2), Math.max(end, 2)];
    const slice = new Map([...tracks].map(([name, t]) => [name, { x: t.x.subarray(from, to), y: t.y.subarray(from, to), z: t.z.subarray(from, to) }]));
    const e = lmaEfforts(slice, preset.joints, rate);
    efforts.set([e.weight, e.time, e.space, e.flow, e.shape], w * effortsPerWindow);
  });
  return { windows, efforts };
}
