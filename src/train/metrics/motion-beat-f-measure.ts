import { TerpsiError } from '../../core/errors.js';
import { seconds, type Seconds } from '../../core/units.js';
import { beatFMeasure, minBeatTime, type BeatScore } from './beat-f-measure.js';

export interface MotionBeatScoreOptions {
  /**
   * Beats before this are dropped from both lists before scoring; default 0 s. mir_eval skips
   * 5 s to let a beat tracker settle; a dancer has nothing to settle (the paper's evaluation
   * toolbox skipped nothing), and a 10 s render would lose half its beats.
   */
  readonly skip?: Seconds;
}

/**
 * How well a dance's motion beats (see movement/motion-beats.ts) fall on the music's beats: the
 * beat F-measure of beatFMeasure (maximum one-to-one matching within ±70 ms, P, R, F) with the
 * music beats as reference and the motion beats as estimate, both first trimmed to beats at or
 * after `skip`. Times in seconds, non-decreasing and finite (RangeError otherwise, as beatFMeasure). Unlike
 * the paper's public code, motion beats far from any music beat are kept: dropping them first
 * would score every dancer's precision as perfect.
 */
export function motionBeatFMeasure(musicBeats: readonly number[], motionBeats: readonly number[], options: MotionBeatScoreOptions = {}): BeatScore {
  const skip = options.skip ?? seconds(0);
  if (!Number.isFinite(skip)) throw new TerpsiError('E_PARAM', `motion beat F-measure: skip must be a time in seconds, got ${skip}`);
  // The trim below would drop NaN silently; beatFMeasure refuses every other bad time itself.
  for (const [which, beats] of [['music', musicBeats], ['motion', motionBeats]] as const) {
    const i = beats.findIndex(Number.isNaN);
    if (i >= 0) throw new RangeError(`${which} beat ${i} is NaN; expected a time in seconds`);
  }
  // beatFMeasure trims at its fixed 5 s: trim at `skip` here and move what is left to start at
  // 5 s. Differences between beats change by rounding only; the max() keeps a beat at `skip`
  // from rounding below 5 s.
  const shift = (beats: readonly number[]) => beats.filter((t) => t >= skip).map((t) => Math.max(minBeatTime, t - skip + minBeatTime));
  return beatFMeasure(shift(musicBeats), shift(motionBeats));
}
