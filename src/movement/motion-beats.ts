import { TerpsiError } from '../core/errors.js';
import { hertz, radians, seconds, type Hertz, type Seconds } from '../core/units.js';
import { danceJoints } from './dance-skeleton.js';
import { meanJointSpeed } from './mean-joint-speed.js';

/**
 * The motion-beat rule's constants. A motion beat is a frame where the body's mean joint speed
 * reaches a clear local minimum while the joints carrying most of the movement reverse or
 * sharply turn. This combines the two readings of the literature: Kim et al. (SIGGRAPH 2003) and
 * Ho et al. (ICASSP 2013, the rule the paper's public code adapts) put motion beats where the
 * movement changes direction; Shiratori et al. (2004) and Li et al. (AIST++, 2021) at local
 * minima of speed. Requiring both rejects a pause that goes on in the same direction (a minimum
 * without a turn) and a joint sweeping round a curve at constant speed (a turn without a minimum).
 * The numbers were chosen for 30 fps dance motion; spans in seconds are rounded to whole frames.
 */
export const motionBeatRule = {
  /** Weights of the smoothing of the mean joint speed (binomial, ±2 frames: σ ≈ 1 frame), summing to 1. */
  smoothing: [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16],
  /** Frames on each side that the smoothed speed at a candidate must be below (left) or not above (right). */
  neighbourhood: 2,
  /** The smoothed speed at a candidate must be below this fraction of its mean over the trailing window. */
  depth: 0.7,
  /** Trailing window of that mean, ending at the candidate frame. */
  averageWindow: seconds(1),
  /** A joint's direction before and after frame t: its displacement over [t − span, t] and [t, t + span]. */
  directionSpan: seconds(0.1),
  /** A joint turns when the angle between those two displacements is at least this. */
  turnAngle: radians(Math.PI / 3),
  /** A joint whose mean speed over either span is below this, m/s, is not moving and cannot turn. */
  minJointSpeed: 0.02,
  /** Turning joints must carry at least this share of the movement (the summed length of both displacements of every joint). */
  turnShare: 0.5,
  /** Beats at least this far apart; a beat too soon after the last one is dropped (first come, first kept). */
  minInterval: seconds(0.2),
} as const;

export interface MotionBeatOptions {
  /** Motion frames per second; default 30 Hz. */
  readonly fps?: Hertz;
  /** Joints per pose, x, y, z metres each; default 17, the dance skeleton. */
  readonly joints?: number;
  /** Time of the first frame; default 0 s. */
  readonly start?: Seconds;
}

const radius = (motionBeatRule.smoothing.length - 1) / 2;

/**
 * Streaming motion-beat detector: push joint positions one frame at a time; each push decides
 * whether the frame `delayFrames` earlier was a beat. Frames are indexed from 0 as pushed.
 *
 * The rule (p: positions, fps: frame rate):
 * 1. Speed: V[t] = mean_j |p_j[t] − p_j[t−1]|·fps, the mean joint speed of the step into frame t;
 *    S[t] = (V[t] + V[t+1])/2, the speed at frame t, which is small exactly where the joints
 *    stop, whether they reverse or turn (a central difference is not, at a turn); Ŝ is S
 *    smoothed with `smoothing`.
 * 2. A candidate is a frame c where Ŝ[c] is below Ŝ of the `neighbourhood` frames before it and
 *    not above those after (a flat bottom counts once, at its first frame), and below `depth`
 *    × the mean of Ŝ over the trailing `averageWindow` (fewer frames at the start).
 * 3. Smoothing moves the minimum of an uneven stop towards its slower side, so the beat is placed
 *    at the frame t of lowest S among c − 1, c, c + 1 (the first, on a tie).
 * 4. Direction change at t: with a = p_j[t] − p_j[t−h] and b = p_j[t+h] − p_j[t] (h =
 *    `directionSpan`), the joints moving over both spans at `minJointSpeed` or more with
 *    angle(a, b) ≥ `turnAngle` carry at least `turnShare` of Σ_j (|a| + |b|).
 * 5. At least `minInterval` after the previous beat.
 * Deciding frame t needs frames up to t + neighbourhood + 4 and t + h: the delay is
 * max(neighbourhood + 4, h) frames (6 at 30 fps), and no beat falls in the first 4 frames or
 * the last `delayFrames`. A pose with a non-finite coordinate is replaced by the last good one (the origin
 * before any), so bad frames read as stillness and never turn the running values into NaN.
 * Memory is bounded.
 */
export class MotionBeats {
  readonly fps: Hertz;
  readonly joints: number;
  /** Frames from a beat to the push that reports it. */
  readonly delayFrames: number;
  /** `delayFrames` in seconds. */
  readonly delay: Seconds;
  readonly #start: Seconds;
  readonly #span: number;
  readonly #window: number;
  readonly #gap: number;
  /** Displacement over one span below which a joint counts as still, metres. */
  readonly #still: number;
  readonly #cosTurn: number;
  /** First frame Ŝ is known for. */
  readonly #firstSmoothed = radius + 1;
  readonly #poses: Float64Array[];
  readonly #speed: Float64Array;
  readonly #smooth: Float64Array;
  #frames = 0;
  #lastStep = 0;
  #lastBeat = -Infinity;

  constructor(options: MotionBeatOptions = {}) {
    const { fps = hertz(30), joints = danceJoints.length, start = seconds(0) } = options;
    if (!(fps > 0 && fps < Infinity)) throw new TerpsiError('E_PARAM', `motion beats: fps must be a positive frame rate, got ${fps}`);
    if (!Number.isInteger(joints) || joints < 1) throw new TerpsiError('E_PARAM', `motion beats: joints must be an integer ≥ 1, got ${joints}`);
    if (!Number.isFinite(start)) throw new TerpsiError('E_PARAM', `motion beats: start must be a time in seconds, got ${start}`);
    this.fps = fps;
    this.joints = joints;
    this.#start = start;
    const rule = motionBeatRule;
    this.#span = Math.max(1, Math.round(rule.directionSpan * fps));
    this.#window = Math.max(1, Math.round(rule.averageWindow * fps));
    this.#gap = Math.round(rule.minInterval * fps);
    this.#still = (rule.minJointSpeed * this.#span) / fps;
    this.#cosTurn = Math.cos(rule.turnAngle);
    this.delayFrames = Math.max(rule.neighbourhood + radius + 2, this.#span);
    this.delay = seconds(this.delayFrames / fps);
    this.#poses = Array.from({ length: this.delayFrames + this.#span + 1 }, () => new Float64Array(3 * joints));
    this.#speed = new Float64Array(this.delayFrames + 3);
    this.#smooth = new Float64Array(this.#window + this.delayFrames + 1);
  }

  /**
   * Takes the next frame's joint positions (x, y, z metres per joint). Returns the time of the
   * beat at the frame `delayFrames` back, in seconds, or null when that frame is not a beat.
   */
  push(positions: ArrayLike<number>): Seconds | null {
    if (positions.length !== 3 * this.joints) {
      throw new TerpsiError('E_PARAM', `motion beats: a pose has ${positions.length} values; expected ${3 * this.joints} (x, y, z for ${this.joints} joints)`);
    }
    const n = this.#frames++;
    this.#store(n, positions);
    if (n >= 1) {
      const step = meanJointSpeed(this.#pose(n - 1), this.#pose(n), this.joints, seconds(1 / this.fps));
      if (n >= 2) this.#speed[(n - 1) % this.#speed.length] = (this.#lastStep + step) / 2;
      this.#lastStep = step;
    }
    const u = n - 1 - radius;
    if (u >= this.#firstSmoothed) {
      let sum = 0;
      motionBeatRule.smoothing.forEach((w, k) => (sum += w * this.#rawSpeed(u - radius + k)));
      this.#smooth[u % this.#smooth.length] = sum;
    }
    const t = n - this.delayFrames;
    if (t < this.#span || !this.#isBeat(t)) return null;
    this.#lastBeat = t;
    return seconds(this.#start + t / this.fps);
  }

  #store(n: number, positions: ArrayLike<number>): void {
    const pose = this.#pose(n);
    for (let i = 0; i < positions.length; i++) {
      if (!Number.isFinite(positions[i])) {
        if (n > 0) pose.set(this.#pose(n - 1));
        else pose.fill(0);
        return;
      }
    }
    for (let i = 0; i < positions.length; i++) pose[i] = positions[i]!;
  }

  #pose(n: number): Float64Array {
    return this.#poses[n % this.#poses.length]!;
  }

  #rawSpeed(t: number): number {
    return this.#speed[t % this.#speed.length]!;
  }

  #smoothed(u: number): number {
    return this.#smooth[u % this.#smooth.length]!;
  }

  #isBeat(t: number): boolean {
    if (t - this.#lastBeat < this.#gap) return false;
    let placed = false;
    for (let c = t - 1; c <= t + 1 && !placed; c++) placed = this.#isCandidate(c) && this.#lowest(c) === t;
    return placed && this.#turnShare(t) >= motionBeatRule.turnShare;
  }

  /** Step 2: a clear local minimum of the smoothed speed at frame c. */
  #isCandidate(c: number): boolean {
    const reach = motionBeatRule.neighbourhood;
    if (c - reach < this.#firstSmoothed) return false;
    const s = this.#smoothed(c);
    for (let u = c - reach; u < c; u++) if (!(s < this.#smoothed(u))) return false;
    for (let u = c + 1; u <= c + reach; u++) if (!(s <= this.#smoothed(u))) return false;
    const from = Math.max(this.#firstSmoothed, c - this.#window + 1);
    let sum = 0;
    for (let u = from; u <= c; u++) sum += this.#smoothed(u);
    return s < (motionBeatRule.depth * sum) / (c - from + 1);
  }

  /** Step 3: the frame of lowest raw speed among c − 1, c, c + 1. */
  #lowest(c: number): number {
    let best = c - 1;
    for (let u = c; u <= c + 1; u++) if (this.#rawSpeed(u) < this.#rawSpeed(best)) best = u;
    return best;
  }

  /** Step 4: share of the movement around frame t carried by joints that turn there (0 when nothing moves). */
  #turnShare(t: number): number {
    const before = this.#pose(t - this.#span);
    const at = this.#pose(t);
    const after = this.#pose(t + this.#span);
    let total = 0;
    let turning = 0;
    for (let i = 0; i < at.length; i += 3) {
      const ax = at[i]! - before[i]!;
      const ay = at[i + 1]! - before[i + 1]!;
      const az = at[i + 2]! - before[i + 2]!;
      const bx = after[i]! - at[i]!;
      const by = after[i + 1]! - at[i + 1]!;
      const bz = after[i + 2]! - at[i + 2]!;
      const a = Math.sqrt(ax * ax + ay * ay + az * az);
      const b = Math.sqrt(bx * bx + by * by + bz * bz);
      total += a + b;
      if (a >= this.#still && b >= this.#still && ax * bx + ay * by + az * bz <= this.#cosTurn * a * b) turning += a + b;
    }
    return total > 0 ? turning / total : 0;
  }
}

/**
 * Motion beats of a whole motion, seconds: the streaming detector run over every frame, so the
 * beats are exactly those MotionBeats reports (see there for the rule). Frames are joint
 * positions, x, y, z metres per joint.
 */
export function motionBeats(frames: readonly ArrayLike<number>[], options: MotionBeatOptions = {}): Seconds[] {
  const detector = new MotionBeats(options);
  const beats: Seconds[] = [];
  for (const frame of frames) {
    const beat = detector.push(frame);
    if (beat !== null) beats.push(beat);
  }
  return beats;
}
