import { TerpsiError } from '../core/errors.js';
import type { Hertz } from '../core/units.js';

/**
 * One second-order section, y[i] = b0·x[i] + b1·x[i−1] + b2·x[i−2] − a1·y[i−1] − a2·y[i−2]
 * (a0 = 1). A first-order section has b2 = a2 = 0.
 */
export interface FilterSection {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** A digital low-pass as a cascade of sections, for one sample rate. */
export interface LowPassDesign {
  readonly cutoff: Hertz;
  readonly sampleRate: Hertz;
  readonly order: number;
  readonly sections: readonly FilterSection[];
}

/**
 * Fifth order: −100 dB per decade above the cut-off, so at 3 Hz the 30 Hz jitter of a camera
 * tracker loses five orders of magnitude while movement below 2 Hz keeps over 99 % of its
 * amplitude.
 */
const order = 5;

/**
 * A 5th-order Butterworth low-pass with its −3 dB point at `cutoff` Hz for samples at
 * `sampleRate` Hz, designed from the formulas: the analogue prototype's poles lie on a circle,
 * p_k = Ωc·exp(iπ(2k + n − 1)/(2n)), k = 1..n; Ωc is pre-warped, Ωc = 2·fs·tan(π·fc/fs), so that
 * the bilinear transform s = 2·fs·(z − 1)/(z + 1) puts the cut-off exactly at fc. Each conjugate
 * pair becomes one second-order section, the real pole (n odd) one first-order section, and each
 * section has a gain of exactly 1 at 0 Hz. The digital magnitude is then
 * 1 / sqrt(1 + (tan(π·f/fs) / tan(π·fc/fs))^(2n)).
 * The cut-off must lie strictly between 0 and fs/2 (E_PARAM otherwise).
 */
export function butterworthLowPass(cutoff: Hertz, sampleRate: Hertz): LowPassDesign {
  if (!(sampleRate > 0) || !(cutoff > 0) || !(cutoff < sampleRate / 2) || !Number.isFinite(sampleRate)) {
    throw new TerpsiError('E_PARAM', `a low-pass at ${cutoff} Hz needs a sample rate above twice that; got ${sampleRate} Hz`);
  }
  // Ωc / (2·fs): the bilinear transform's variable scaled so the sample rate drops out.
  const k = Math.tan((Math.PI * cutoff) / sampleRate);
  const k2 = k * k;
  const sections: FilterSection[] = [];
  // Poles k and n + 1 − k are conjugates; walking k up to n/2 takes each pair once.
  for (let p = 1; p <= Math.floor(order / 2); p++) {
    // The pair's damping: −Re(p_k)/Ωc = −cos θ_k, so the analogue section is Ωc² / (s² + 2ζΩc·s + Ωc²).
    const zeta = -Math.cos((Math.PI * (2 * p + order - 1)) / (2 * order));
    const a0 = 1 + 2 * zeta * k + k2;
    sections.push({ b0: k2 / a0, b1: (2 * k2) / a0, b2: k2 / a0, a1: (2 * (k2 - 1)) / a0, a2: (1 - 2 * zeta * k + k2) / a0 });
  }
  if (order % 2 === 1) sections.push({ b0: k / (1 + k), b1: k / (1 + k), b2: 0, a1: (k - 1) / (k + 1), a2: 0 });
  return { cutoff, sampleRate, order, sections };
}

/**
 * The streaming (causal) form for one channel: call it with each sample in turn, get the
 * filtered sample. Each section runs in transposed direct form II. The state starts as if the
 * first sample had always been there, so a constant signal passes unchanged from its first
 * sample instead of rising from 0; a signal that is already moving at its first sample lags
 * for a few periods of the cut-off while the filter catches up. A sample that is not finite is
 * skipped: it leaves the state as it was and the previous output is returned (NaN before any
 * finite sample), so one bad coordinate cannot poison the filter for good.
 */
export function lowPassChannel(design: LowPassDesign): (x: number) => number {
  const { sections } = design;
  const s1 = new Float64Array(sections.length);
  const s2 = new Float64Array(sections.length);
  let started = false;
  let last = Number.NaN;
  return (x) => {
    if (!Number.isFinite(x)) return last;
    if (!started) {
      // Steady state for a constant input x: every section outputs x (unit gain at 0 Hz).
      sections.forEach(({ b1, b2, a1, a2 }, i) => {
        s2[i] = (b2 - a2) * x;
        s1[i] = (b1 - a1) * x + s2[i]!;
      });
      started = true;
    }
    let v = x;
    for (let i = 0; i < sections.length; i++) {
      const { b0, b1, b2, a1, a2 } = sections[i]!;
      const y = b0 * v + s1[i]!;
      s1[i] = b1 * v - a1 * y + s2[i]!;
      s2[i] = b2 * v - a2 * y;
      v = y;
    }
    last = v;
    return v;
  };
}

/**
 * The whole-signal form: the streaming filter run over `signal` from its first sample, with the
 * same edge handling (state at the first sample's value; non-finite samples skipped).
 */
export function lowPassSignal(design: LowPassDesign, signal: ArrayLike<number>): Float64Array {
  const step = lowPassChannel(design);
  return Float64Array.from({ length: signal.length }, (_, i) => step(signal[i]!));
}
