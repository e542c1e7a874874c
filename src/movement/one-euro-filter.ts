import type { Hertz, Seconds } from '../core/units.js';

/** Smoothing factor of a first-order low-pass at `cutoff` Hz for samples `dt` seconds apart. */
function smoothing(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
}

/**
 * The 1€ filter (Casiez, Roussel, Vogel, CHI 2012) for one scalar signal: a first-order
 * low-pass whose cutoff rises with the signal's speed, cutoff = minCutoff + beta × |speed|, so
 * jitter at rest is smoothed hard while a fast move lags little. The speed is the derivative of
 * the filtered signal, itself low-passed at dCutoff. Each step uses the time since the previous
 * sample, so irregular rates are filtered as they come.
 */
export class OneEuroFilter {
  #t = Number.NaN;
  #x = Number.NaN;
  #dx = 0;

  /**
   * @param minCutoff cutoff at rest, Hz: lower smooths more and lags more on slow moves.
   * @param beta how fast the cutoff rises with speed, Hz per (signal unit per second).
   * @param dCutoff cutoff of the speed estimate, Hz.
   */
  constructor(
    readonly minCutoff: Hertz,
    readonly beta: number,
    readonly dCutoff: Hertz,
  ) {}

  /**
   * The filtered value for sample `value` taken at `t` seconds. The first sample passes
   * through unchanged. A sample whose value or time is not finite, or whose time is not later
   * than the last sample taken, is ignored: the last output is returned again (NaN before any).
   */
  filter(value: number, t: Seconds): number {
    if (!Number.isFinite(value) || !Number.isFinite(t)) return this.#x;
    if (Number.isNaN(this.#t)) {
      this.#t = t;
      this.#x = value;
      return value;
    }
    const dt = t - this.#t;
    if (!(dt > 0)) return this.#x;
    const speed = (value - this.#x) / dt;
    this.#dx += smoothing(this.dCutoff, dt) * (speed - this.#dx);
    const cutoff = this.minCutoff + this.beta * Math.abs(this.#dx);
    this.#x += smoothing(cutoff, dt) * (value - this.#x);
    this.#t = t;
    return this.#x;
  }
}
