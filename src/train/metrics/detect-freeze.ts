import { TerpsiError } from '../../core/errors.js';
import { hertz, seconds, type Hertz, type Seconds } from '../../core/units.js';
import { danceJoints } from '../../movement/dance-skeleton.js';
import { meanJointSpeed } from '../../movement/mean-joint-speed.js';

export interface FreezeOptions {
  /** Motion frames per second; default 30 Hz. */
  readonly fps?: Hertz;
  /** Joints per pose, x, y, z metres each; default 17, the dance skeleton. */
  readonly joints?: number;
  /**
   * Mean joint speed below which the body counts as still, m/s; default 0.05: a body swinging
   * only its arms stays above it even as they reverse, and millimetre jitter on a still one below.
   */
  readonly stillSpeed?: number;
  /** A still stretch this long or longer is a freeze; default 2 s (a held pose of a beat or two is dance). */
  readonly limit?: Seconds;
}

export interface Freeze {
  /** Longest stretch of stillness. */
  readonly longest: Seconds;
  /** When it began (the time of its first frame); NaN when the body never stood still. */
  readonly start: Seconds;
  /** True when `longest` reaches the limit. */
  readonly frozen: boolean;
}

/**
 * Whether a dance stops moving: the longest run of consecutive frame-to-frame steps whose mean
 * joint speed (see meanJointSpeed) is below `stillSpeed`, in seconds (steps / fps), and whether
 * it reaches `limit`. Frames are joint positions, x, y, z metres per joint. A step touching a
 * pose with a non-finite coordinate counts as still: such a pose is never sent to a body, which
 * holds its last one. Fewer than two frames have no steps: longest 0, not frozen.
 */
export function detectFreeze(frames: readonly ArrayLike<number>[], options: FreezeOptions = {}): Freeze {
  const { fps = hertz(30), joints = danceJoints.length, stillSpeed = 0.05, limit = seconds(2) } = options;
  if (!(fps > 0 && fps < Infinity)) throw new TerpsiError('E_PARAM', `freeze: fps must be a positive frame rate, got ${fps}`);
  if (!(stillSpeed >= 0 && stillSpeed < Infinity)) throw new TerpsiError('E_PARAM', `freeze: stillSpeed must be a speed ≥ 0 m/s, got ${stillSpeed}`);
  if (!(limit >= 0 && limit < Infinity)) throw new TerpsiError('E_PARAM', `freeze: limit must be a duration ≥ 0 s, got ${limit}`);
  const i = frames.findIndex((f) => f.length !== 3 * joints);
  if (i >= 0) throw new TerpsiError('E_PARAM', `freeze: frame ${i} has ${frames[i]!.length} values; expected ${3 * joints} (x, y, z for ${joints} joints)`);

  let longest = 0;
  let longestFrom = -1;
  let run = 0;
  for (let n = 1; n < frames.length; n++) {
    const moving = meanJointSpeed(frames[n - 1]!, frames[n]!, joints, seconds(1 / fps)) >= stillSpeed;
    run = moving ? 0 : run + 1;
    if (run > longest) {
      longest = run;
      longestFrom = n - run;
    }
  }
  const duration = seconds(longest / fps);
  return { longest: duration, start: seconds(longestFrom >= 0 ? longestFrom / fps : NaN), frozen: longest > 0 && duration >= limit };
}
