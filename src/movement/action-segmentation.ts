import { TerpsiError } from '../core/errors.js';
import type { Trajectory } from './kinematics.js';

/** A joint position, x, y, z in metres; a skeleton frame's `Joint` is one. */
export interface Position {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** One frame of a body: joint positions by joint name. A joint may be absent. */
export type Pose = Readonly<Record<string, Position | undefined>>;

/** A bone as [parent, child] joint names; its direction is child − parent. */
export type Bone = readonly [parent: string, child: string];

export interface ActionSegmentationOptions {
  /** The bones whose angles are followed; the reference among them is skipped. A `SkeletonTopology`'s bones fit. */
  readonly bones: readonly Bone[];
  /** The bone every angle is measured from, e.g. ['SpineBase', 'SpineShoulder'] for kinect2. */
  readonly reference: Bone;
  /** Gaussian kernel length, an odd number of frames; default 5. */
  readonly window?: number;
  /** σ of the narrow Gaussian, frames; the wide one has 2σ. Default 0.75. */
  readonly sigma?: number;
  /** Candidates of one bone less than this many frames apart form one cluster; default 5. */
  readonly clusterDistance?: number;
  /** Keyframes kept per clip, K; default 9. */
  readonly keyframes?: number;
}

/** Keyframes of a clip and the action windows between them, as frame indices. */
export interface ActionSegmentation {
  /** Ascending frame indices. */
  readonly keyframes: readonly number[];
  /** [start, end) frame ranges from each keyframe to the next: one fewer than the keyframes. */
  readonly windows: readonly (readonly [start: number, end: number])[];
}

/**
 * Keyframes of a clip of one body (`clip[i]` is frame i, positions in metres), after the
 * salience-based segmentation of the research on LMA-driven sound synthesis:
 * 1. Positions: a joint absent or with a non-finite coordinate in a frame takes its last valid
 *    position; frames before its first valid one take that first one. A bone with a joint never
 *    valid in the clip is left out (and with the reference never valid, there are no keyframes).
 * 2. Angles: for each bone other than the reference, θ_b[i] (radians, 0..π) is the angle between
 *    its direction and the reference's in frame i. Where either has zero length the angle is
 *    undefined and carried like a position (a bone never defined is left out).
 * 3. Salience: s_b = |G_σ θ_b − G_2σ θ_b|, both Gaussians `window` frames long (see `gaussianSmooth`).
 * 4. Candidates: frames where s_b is above its mean over the clip and a local maximum (see
 *    `salientPeaks`), so a salient event gives one candidate, not a run of frames. A still bone has
 *    s_b = 0 everywhere, nothing above its mean, and no candidates.
 * 5. Each bone's candidates are clustered and each cluster keeps its most extreme frame (see `clusterCandidates`).
 * 6. The union over bones, at most K of them kept (see `reduceKeyframes`, on the mean of θ_b over the bones).
 */
export function actionKeyframes(clip: readonly Pose[], options: ActionSegmentationOptions): ActionSegmentation {
  const { bones, reference, window = 5, sigma = 0.75, clusterDistance = 5, keyframes: count = 9 } = options;
  if (!Number.isInteger(clusterDistance) || clusterDistance < 1) {
    throw new TerpsiError('E_PARAM', `action keyframes: clusterDistance must be an integer ≥ 1 frame, got ${clusterDistance}`);
  }
  if (!Number.isInteger(count) || count < 1) throw new TerpsiError('E_PARAM', `action keyframes: keyframes must be an integer ≥ 1, got ${count}`);
  const track = jointTracks(clip);
  const angles: Float64Array[] = [];
  const referenceTracks = bonePair(track, reference);
  for (const bone of bones) {
    if (bone[0] === reference[0] && bone[1] === reference[1]) continue;
    const tracks = bonePair(track, bone);
    const theta = referenceTracks && tracks && boneAngles(tracks, referenceTracks);
    if (theta) angles.push(theta);
  }
  const union = new Set<number>();
  for (const theta of angles) {
    const salience = differenceOfGaussians(theta, sigma, window);
    for (const frame of clusterCandidates(salientPeaks(salience), theta, clusterDistance)) union.add(frame);
  }
  const meanAngle = new Float64Array(clip.length);
  for (const theta of angles) for (let i = 0; i < clip.length; i++) meanAngle[i] = meanAngle[i]! + theta[i]! / angles.length;
  const keyframes = reduceKeyframes([...union].sort((a, b) => a - b), meanAngle, count);
  return { keyframes, windows: keyframes.slice(1).map((end, i) => [keyframes[i]!, end] as const) };
}

/**
 * `signal` smoothed with a Gaussian of standard deviation `sigma` (samples) truncated to `window`
 * samples (odd) and normalised to sum 1; samples beyond either end repeat the end sample.
 */
export function gaussianSmooth(signal: ArrayLike<number>, sigma: number, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) {
    throw new TerpsiError('E_PARAM', `gaussian smoothing: window must be an odd number of samples, got ${window}`);
  }
  if (!(sigma > 0 && sigma < Infinity)) throw new TerpsiError('E_PARAM', `gaussian smoothing: sigma must be a positive number of samples, got ${sigma}`);
  const radius = (window - 1) / 2;
  const weights = Array.from({ length: window }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((a, b) => a + b, 0);
  const n = signal.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const centre = signal[i]!;
    let sum = 0;
    for (let k = 0; k < window; k++) sum += weights[k]! * (signal[Math.min(n - 1, Math.max(0, i + k - radius))]! - centre);
    // Summing deviations from the centre sample keeps a constant exactly constant: summing the
    // samples themselves would leave rounding noise, which a still body's salience (0) must not have.
    out[i] = centre + sum / total;
  }
  return out;
}

/**
 * Frames where `salience` is above its mean and a local maximum: above the frame before and not
 * below the frame after (a flat top counts once, at its first frame; a neighbour beyond the clip
 * does not count). An empty or constant curve has none.
 */
export function salientPeaks(salience: ArrayLike<number>): number[] {
  const n = salience.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += salience[i]! / n;
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = salience[i]!;
    if (s > mean && !(i > 0 && salience[i - 1]! >= s) && !(i < n - 1 && salience[i + 1]! > s)) peaks.push(i);
  }
  return peaks;
}

/**
 * One bone's candidate frames (ascending) clustered: a candidate less than `distance` frames after
 * the previous one joins its cluster, so a chain of close candidates is one cluster. Each cluster
 * keeps the frame whose angle (radians) is farthest from the bone's mean angle over the clip (the
 * first, on a tie).
 */
export function clusterCandidates(candidates: readonly number[], angles: ArrayLike<number>, distance: number): number[] {
  let mean = 0;
  for (let i = 0; i < angles.length; i++) mean += angles[i]! / angles.length;
  const extremity = (frame: number) => Math.abs(angles[frame]! - mean);
  const kept: number[] = [];
  candidates.forEach((frame, i) => {
    if (i > 0 && frame - candidates[i - 1]! < distance) {
      if (extremity(frame) > extremity(kept[kept.length - 1]!)) kept[kept.length - 1] = frame;
    } else {
      kept.push(frame);
    }
  });
  return kept;
}

/**
 * At most `count` of the candidate `frames` (ascending): with more, exact 1-D k-means into
 * `count` clusters and, from each, the member nearest its centroid (the earlier, on a tie).
 * Frame t's feature is meanAngle[t] + π·t, the mean bone angle (radians) plus π per frame: a mean
 * angle lies in 0..π, so the feature never decreases with t and every cluster is a run of
 * consecutive candidates in time. Time therefore dominates; the angle shifts a candidate by at
 * most one frame's worth, towards grouping frames of similar pose. The optimum is found by dynamic
 * programming over the sorted features (Wang & Song, "Ckmeans.1d.dp", 2011): deterministic, no
 * initialisation, and no cluster can come out empty.
 */
export function reduceKeyframes(frames: readonly number[], meanAngle: ArrayLike<number>, count: number): number[] {
  const m = frames.length;
  if (m <= count) return [...frames];
  // Centred, so that the prefix sums of squares below keep their precision on long clips.
  const raw = frames.map((t) => meanAngle[t]! + Math.PI * t);
  const offset = raw.reduce((a, b) => a + b, 0) / m;
  const feature = raw.map((f) => f - offset);
  const sum = [0];
  const squares = [0];
  feature.forEach((f, i) => {
    sum.push(sum[i]! + f);
    squares.push(squares[i]! + f * f);
  });
  /** Within-cluster sum of squares of features i..j inclusive. */
  const cost = (i: number, j: number) => squares[j + 1]! - squares[i]! - (sum[j + 1]! - sum[i]!) ** 2 / (j + 1 - i);
  // best[k][j]: least cost of features 0..j in k + 1 clusters; start[k][j]: where the last of them begins.
  const best = [feature.map((_, j) => cost(0, j))];
  const start = [feature.map(() => 0)];
  for (let k = 1; k < count; k++) {
    const row = new Array<number>(m).fill(Infinity);
    const from = new Array<number>(m).fill(k);
    for (let j = k; j < m; j++) {
      for (let i = k; i <= j; i++) {
        const c = best[k - 1]![i - 1]! + cost(i, j);
        if (c < row[j]!) {
          row[j] = c;
          from[j] = i;
        }
      }
    }
    best.push(row);
    start.push(from);
  }
  const kept: number[] = [];
  for (let k = count - 1, end = m - 1; k >= 0; k--) {
    const first = start[k]![end]!;
    const centroid = (sum[end + 1]! - sum[first]!) / (end + 1 - first);
    let nearest = first;
    for (let i = first + 1; i <= end; i++) if (Math.abs(feature[i]! - centroid) < Math.abs(feature[nearest]! - centroid)) nearest = i;
    kept.push(frames[nearest]!);
    end = first - 1;
  }
  return kept.reverse();
}

/** Both Gaussians' difference, |G_σ − G_2σ|, of an angle curve. */
function differenceOfGaussians(theta: Float64Array, sigma: number, window: number): Float64Array {
  const narrow = gaussianSmooth(theta, sigma, window);
  const wide = gaussianSmooth(theta, 2 * sigma, window);
  return narrow.map((v, i) => Math.abs(v - wide[i]!));
}

/** Every joint's positions over the clip, missing values carried (see `actionKeyframes`), by name; undefined for a joint never valid. */
function jointTracks(clip: readonly Pose[]): (name: string) => Trajectory | undefined {
  const cache = new Map<string, Trajectory | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    const t = { x: new Float64Array(clip.length), y: new Float64Array(clip.length), z: new Float64Array(clip.length) };
    clip.forEach((pose, i) => {
      const p = Object.hasOwn(pose, name) ? pose[name] : undefined;
      const valid = p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z);
      t.x[i] = valid ? p.x : NaN;
      t.y[i] = valid ? p.y : NaN;
      t.z[i] = valid ? p.z : NaN;
    });
    // A joint is valid or not as a whole, so carrying each coordinate carries the joint.
    const track = carryForward(t.x) && carryForward(t.y) && carryForward(t.z) ? t : undefined;
    cache.set(name, track);
    return track;
  };
}

function bonePair(track: (name: string) => Trajectory | undefined, [parent, child]: Bone): readonly [Trajectory, Trajectory] | undefined {
  const p = track(parent);
  const c = track(child);
  return p && c ? [p, c] : undefined;
}

/** Angle (radians, 0..π) between a bone and the reference in each frame; undefined when never defined. */
function boneAngles([p, c]: readonly [Trajectory, Trajectory], [rp, rc]: readonly [Trajectory, Trajectory]): Float64Array | undefined {
  const theta = new Float64Array(p.x.length);
  for (let i = 0; i < theta.length; i++) {
    const ax = c.x[i]! - p.x[i]!;
    const ay = c.y[i]! - p.y[i]!;
    const az = c.z[i]! - p.z[i]!;
    const bx = rc.x[i]! - rp.x[i]!;
    const by = rc.y[i]! - rp.y[i]!;
    const bz = rc.z[i]! - rp.z[i]!;
    const zero = (ax === 0 && ay === 0 && az === 0) || (bx === 0 && by === 0 && bz === 0);
    // atan2(|a × b|, a·b) keeps its precision near 0 and π, where acos of the cosine does not.
    const cross = Math.hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
    theta[i] = zero ? NaN : Math.atan2(cross, ax * bx + ay * by + az * bz);
  }
  return carryForward(theta) ? theta : undefined;
}

/** Replaces each NaN by the value before it and those before the first number by it, in place; false when all are NaN. */
function carryForward(values: Float64Array): boolean {
  const first = values.findIndex((v) => !Number.isNaN(v));
  if (first < 0) return false;
  values.fill(values[first]!, 0, first);
  for (let i = first + 1; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = values[i - 1]!;
  return true;
}
