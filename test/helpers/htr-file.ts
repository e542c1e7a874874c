import { danceJoints, type DanceJoint } from '../../src/movement/dance-skeleton.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';
import { conjugate, multiply, normalize, quaternionAt, rotate, shortestArc, toEuler, type EulerOrder, type Quaternion, type Vector3 } from '../../src/movement/quaternion.js';
import { restSkeleton } from '../../src/movement/rest-skeleton.js';

/** The Unreal Engine mannequin's name for each dance joint: the 17 segments of the public data set's HTR files. */
export const unrealNames: Readonly<Record<DanceJoint, string>> = {
  pelvis: 'pelvis',
  spine1: 'spine_01',
  spine2: 'spine_02',
  neck: 'neck_01',
  head: 'head',
  left_clavicle: 'clavicle_l',
  left_shoulder: 'upperarm_l',
  left_forearm: 'lowerarm_l',
  right_clavicle: 'clavicle_r',
  right_shoulder: 'upperarm_r',
  right_forearm: 'lowerarm_r',
  left_thigh: 'thigh_l',
  left_knee: 'calf_l',
  left_foot: 'foot_l',
  right_thigh: 'thigh_r',
  right_knee: 'calf_r',
  right_foot: 'foot_r',
};

export interface HtrOptions {
  /** Turn from the dance skeleton's axes (y up, facing +z) to the file's. */
  readonly axes: Quaternion;
  /** The file's vertical axis, which `axes` turns y onto. */
  readonly gravity: 'X' | 'Y' | 'Z';
  /** File length units per metre: 100 for centimetres. */
  readonly unitsPerMetre: number;
  readonly frameRate: number;
  readonly order: 'XYZ' | 'ZYX' | 'ZXY';
}

const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vector3, k: number): Vector3 => [a[0] * k, a[1] * k, a[2] * k];
const degrees = (r: number) => (r * 180) / Math.PI;

/**
 * An HTR file of `frames` (poses on the dance skeleton) as a Motion Analysis exporter writes one:
 * CRLF lines, the mannequin's segment names, the base pose the rest T-pose with each segment's Y
 * axis along its bone (so every base rotation is different from the identity), and frame values
 * relative to the base pose. The data set's own reader finds NumFrames on the sixth line and each
 * segment's frames on the lines right after its [name], as here.
 */
export function writeHtr(frames: readonly MotionPose[], options: HtrOptions): string {
  const { parents, offsets, ends } = restSkeleton;
  const { axes, unitsPerMetre: units } = options;
  const order = options.order.toLowerCase() as EulerOrder;
  const rest: Vector3[] = [];
  offsets.forEach((o, j) => rest.push(parents[j]! < 0 ? o : add(rest[parents[j]!]!, o)));
  const bone = danceJoints.map((_, j): Vector3 => {
    const child = parents.indexOf(j);
    return child >= 0 ? offsets[child]! : ends[j]!;
  });
  const restFrame = bone.map((b) => shortestArc([0, 1, 0], b));
  const fileFrame = restFrame.map((r) => multiply(axes, r));
  const filePosition = rest.map((p) => scale(rotate(axes, p), units));
  const parentFrame = (j: number): Quaternion => (parents[j]! < 0 ? [1, 0, 0, 0] : fileFrame[parents[j]!]!);
  const parentPosition = (j: number): Vector3 => (parents[j]! < 0 ? [0, 0, 0] : filePosition[parents[j]!]!);
  const baseRotation = danceJoints.map((_, j) => multiply(conjugate(parentFrame(j)), fileFrame[j]!));
  const baseTranslation = danceJoints.map((_, j) => rotate(conjugate(parentFrame(j)), sub(filePosition[j]!, parentPosition(j))));
  const euler = (q: Quaternion) => {
    const angles = toEuler(order, q);
    const byAxis = Object.fromEntries(order.split('').map((a, k) => [a, degrees(angles[k]!)]));
    return [byAxis.x!, byAxis.y!, byAxis.z!];
  };
  const f6 = (x: number) => x.toFixed(6);

  const lines = [
    '[Header]', 'FileType htr', 'DataType HTRS', 'FileVersion 1', `NumSegments ${danceJoints.length}`, `NumFrames ${frames.length}`,
    `DataFrameRate ${options.frameRate}`, `EulerRotationOrder ${options.order}`, 'CalibrationUnits cm', 'RotationUnits Degrees',
    `GlobalAxisofGravity ${options.gravity}`, 'BoneLengthAxis Y', 'ScaleFactor 1.000000',
    '[SegmentNames&Hierarchy]', '#CHILD\tPARENT',
    ...danceJoints.map((name, j) => `${unrealNames[name]}\t${parents[j]! < 0 ? 'GLOBAL' : unrealNames[danceJoints[parents[j]!]!]}`),
    '[BasePosition]', '#SegmentName Tx, Ty, Tz, Rx, Ry, Rz, BoneLength',
    ...danceJoints.map((name, j) =>
      [unrealNames[name], ...baseTranslation[j]!.map(f6), ...euler(baseRotation[j]!).map(f6), f6(Math.hypot(...bone[j]!) * units)].join('\t'),
    ),
    '#Beginning of Data. Separated by tabs',
  ];
  const world = frames.map((pose) => {
    const out: Quaternion[] = [];
    danceJoints.forEach((_, j) => {
      const q = normalize(quaternionAt(pose.rotations, j));
      out.push(parents[j]! < 0 ? q : multiply(out[parents[j]!]!, q));
    });
    return out.map((w, j) => multiply(axes, multiply(w, restFrame[j]!)));
  });
  danceJoints.forEach((name, j) => {
    lines.push(`[${unrealNames[name]}]`);
    frames.forEach((pose, f) => {
      const above = parents[j]! < 0 ? ([1, 0, 0, 0] as Quaternion) : world[f]![parents[j]!]!;
      const local = multiply(conjugate(above), world[f]![j]!);
      const frameRotation = multiply(conjugate(baseRotation[j]!), local);
      const translation = parents[j]! < 0 ? sub(scale(rotate(axes, add(rest[j]!, pose.root)), units), baseTranslation[j]!) : ([0, 0, 0] as Vector3);
      lines.push([String(f + 1), ...translation.map(f6), ...euler(frameRotation).map(f6), '1.000000'].join('\t'));
    });
  });
  lines.push('[EndOfFile]');
  return lines.join('\r\n') + '\r\n';
}
