import { TerpsiError } from '../../core/errors.js';
import { hertz, type Hertz } from '../../core/units.js';

export interface StepCrossEntropyOptions {
  /** Music beats the reference step spans (1 or more). */
  readonly stepBeats: number;
  /** Frames per second of both motions; default 30 Hz. */
  readonly fps?: Hertz;
  /** Beats tried as the first beat of the segmenting, 0..starts − 1; default 16, as the paper's code. */
  readonly starts?: number;
}

export interface StepCrossEntropy {
  /** Mean over the segments of the divergence summed over dimensions, nats; NaN when no segmenting could be scored. */
  readonly entropy: number;
  /** Index of the music beat the best segmenting starts at; −1 when none. */
  readonly startBeat: number;
  /** Segments averaged for that start. */
  readonly segments: number;
}

/**
 * The paper's "cross entropy" between a generated dance and the reference dancer's basic step
 * (Yalta et al., IJCNN 2019), as its public code computes it: the generated motion is cut at
 * music beats into segments of `stepBeats` beats, from beat s, s + stepBeats, ...; each segment
 * is compared with the step resampled to its length by scipy.stats.entropy(segment, step), that
 * is, per dimension the Kullback–Leibler divergence Σ_t P_t·ln(P_t/Q_t) of the two curves each
 * normalised to sum to 1 over the segment's frames; the divergences are summed over dimensions,
 * averaged over segments, and the start s (0..starts − 1) with the lowest average is reported.
 * A beat at b seconds falls on frame ⌊b·fps⌋; a segment must lie within the motion.
 *
 * Two changes make it well defined on joint positions in metres:
 * - scipy takes the values as weights, so a coordinate that crosses zero makes its dimension
 *   infinite (the public code then counted it as 0). Here each dimension of a segment is first
 *   moved into [r, 2r], subtracting the lower of both curves' minima and adding r, the spread of
 *   both curves together: every dimension counts, the result is finite and the same wherever the
 *   origin is and whatever the unit. A dimension constant and equal in both adds 0.
 * - The step is resampled by linear interpolation at scipy.signal.resample's sample positions
 *   (frame t of M at step frame t·N/M, wrapping to the first, as a basic step repeats) rather
 *   than band-limited interpolation.
 * Frames are any fixed number of values each (e.g. joint positions, x, y, z per joint); `step`
 * is the reference dancer's frames from one music beat to `stepBeats` beats later. Identical
 * motion scores 0; values compare between runs of this function, not with the paper's table.
 * A segmenting that meets a non-finite value is not scored.
 */
export function stepCrossEntropy(
  generated: readonly ArrayLike<number>[],
  step: readonly ArrayLike<number>[],
  musicBeats: readonly number[],
  options: StepCrossEntropyOptions,
): StepCrossEntropy {
  const { stepBeats, fps = hertz(30), starts = 16 } = options;
  if (!Number.isInteger(stepBeats) || stepBeats < 1) throw new TerpsiError('E_PARAM', `step cross entropy: stepBeats must be an integer ≥ 1, got ${stepBeats}`);
  if (!Number.isInteger(starts) || starts < 1) throw new TerpsiError('E_PARAM', `step cross entropy: starts must be an integer ≥ 1, got ${starts}`);
  if (!(fps > 0 && fps < Infinity)) throw new TerpsiError('E_PARAM', `step cross entropy: fps must be a positive frame rate, got ${fps}`);
  if (step.length === 0) throw new TerpsiError('E_PARAM', 'step cross entropy: the reference step has no frames');
  const dims = step[0]!.length;
  for (const [which, frames] of [['reference step', step], ['generated motion', generated]] as const) {
    const i = frames.findIndex((f) => f.length !== dims);
    if (i >= 0) throw new TerpsiError('E_PARAM', `step cross entropy: ${which} frame ${i} has ${frames[i]!.length} values; expected ${dims}`);
  }
  musicBeats.forEach((b, i) => {
    if (!Number.isFinite(b)) throw new TerpsiError('E_PARAM', `step cross entropy: music beat ${i} is ${b}; expected a time in seconds`);
    if (i > 0 && b < musicBeats[i - 1]!) throw new TerpsiError('E_PARAM', `step cross entropy: music beats must not decrease: beat ${i} at ${b} s follows ${musicBeats[i - 1]} s`);
  });

  const frameOf = (beat: number) => Math.floor(beat * fps);
  let best: StepCrossEntropy = { entropy: NaN, startBeat: -1, segments: 0 };
  for (let s = 0; s < starts; s++) {
    let sum = 0;
    let segments = 0;
    for (let k = s; k + stepBeats < musicBeats.length; k += stepBeats) {
      const from = frameOf(musicBeats[k]!);
      const to = frameOf(musicBeats[k + stepBeats]!);
      if (from < 0 || to <= from || to > generated.length) continue;
      sum += segmentDivergence(generated, from, to, step, dims);
      segments++;
    }
    const entropy = sum / segments;
    if (segments > 0 && (entropy < best.entropy || (Number.isNaN(best.entropy) && !Number.isNaN(entropy)))) best = { entropy, startBeat: s, segments };
  }
  return best;
}

/** Σ over dimensions of KL(segment ‖ resampled step), nats (NaN when a value is not finite). */
function segmentDivergence(generated: readonly ArrayLike<number>[], from: number, to: number, step: readonly ArrayLike<number>[], dims: number): number {
  const m = to - from;
  const n = step.length;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  let total = 0;
  for (let d = 0; d < dims; d++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < m; t++) {
      const position = (t * n) / m;
      const i = Math.floor(position);
      const f = position - i;
      x[t] = generated[from + t]![d]!;
      y[t] = (1 - f) * step[i]![d]! + f * step[(i + 1) % n]![d]!;
      lo = Math.min(lo, x[t]!, y[t]!);
      hi = Math.max(hi, x[t]!, y[t]!);
    }
    const spread = hi - lo;
    if (!Number.isFinite(spread)) return NaN;
    if (spread === 0) continue;
    let sx = 0;
    let sy = 0;
    for (let t = 0; t < m; t++) {
      x[t] = x[t]! - lo + spread;
      y[t] = y[t]! - lo + spread;
      sx += x[t]!;
      sy += y[t]!;
    }
    for (let t = 0; t < m; t++) {
      const p = x[t]! / sx;
      total += p * Math.log(p / (y[t]! / sy));
    }
  }
  return total;
}
