import { analysisWindow, type WindowKind } from './analysis-window.js';
import { Fft } from './fft.js';

export interface GriffinLimOptions {
  /** Frame length and FFT size of the magnitudes, samples. */
  readonly nFft: number;
  /** Samples between frames. */
  readonly hop: number;
  /** Iterations of phase estimation; default 32. */
  readonly iterations?: number;
  /** Analysis and synthesis window; default 'hann'. */
  readonly window?: WindowKind;
  /** Weight of the previous estimate in fast Griffin–Lim (Perraudin et al. 2013); 0 is the original algorithm. Default 0.99. */
  readonly momentum?: number;
}

/**
 * A signal whose short-time magnitudes are close to `magnitudes` (frames of ⌊nFft/2⌋ + 1
 * |X| values, frame i starting at sample i·hop, uncentred): Griffin & Lim's alternation of
 * projections, accelerated as in fast Griffin–Lim. The phases start at zero; each iteration
 * resynthesises with the window (overlap-add divided by the summed squared window: the least-
 * squares inverse), analyses again and keeps the new phases with the given magnitudes. Returns
 * (frames − 1)·hop + nFft samples.
 */
export function griffinLim(magnitudes: readonly ArrayLike<number>[], options: GriffinLimOptions): Float32Array {
  const { nFft, hop, iterations = 32, window = 'hann', momentum = 0.99 } = options;
  const frames = magnitudes.length;
  const fft = new Fft(nFft);
  const bins = fft.bins;
  const w = analysisWindow(window, nFft);
  const length = frames === 0 ? 0 : (frames - 1) * hop + nFft;
  const norm = new Float64Array(length);
  for (let f = 0; f < frames; f++) for (let j = 0; j < nFft; j++) norm[f * hop + j]! += w[j]! * w[j]!;

  // Current complex estimate per frame, and the projection before it (for the momentum step).
  const re = magnitudes.map((m) => Float64Array.from({ length: bins }, (_, k) => m[k]!));
  const im = magnitudes.map(() => new Float64Array(bins));
  const lastRe = re.map((r) => r.slice());
  const lastIm = im.map((i) => i.slice());
  const signal = new Float64Array(length);
  const frame = new Float64Array(nFft);
  const specRe = new Float64Array(bins);
  const specIm = new Float64Array(bins);

  const synthesise = () => {
    signal.fill(0);
    for (let f = 0; f < frames; f++) {
      fft.inverse(re[f]!, im[f]!, frame);
      for (let j = 0; j < nFft; j++) signal[f * hop + j]! += frame[j]! * w[j]!;
    }
    for (let i = 0; i < length; i++) signal[i] = norm[i]! > 1e-10 ? signal[i]! / norm[i]! : 0;
  };

  for (let it = 0; it < iterations; it++) {
    synthesise();
    for (let f = 0; f < frames; f++) {
      for (let j = 0; j < nFft; j++) frame[j] = signal[f * hop + j]! * w[j]!;
      fft.forward(frame, specRe, specIm);
      const m = magnitudes[f]!;
      const r = re[f]!;
      const i = im[f]!;
      const pr = lastRe[f]!;
      const pi = lastIm[f]!;
      for (let k = 0; k < bins; k++) {
        const abs = Math.hypot(specRe[k]!, specIm[k]!);
        // The consistent spectrum's phase with the wanted magnitude; silence keeps phase 0.
        const cr = abs > 1e-12 ? (m[k]! * specRe[k]!) / abs : m[k]!;
        const ci = abs > 1e-12 ? (m[k]! * specIm[k]!) / abs : 0;
        r[k] = cr + momentum * (cr - pr[k]!);
        i[k] = ci + momentum * (ci - pi[k]!);
        pr[k] = cr;
        pi[k] = ci;
      }
    }
  }
  // The last projection, without the momentum overshoot.
  for (let f = 0; f < frames; f++) {
    re[f]!.set(lastRe[f]!);
    im[f]!.set(lastIm[f]!);
  }
  synthesise();
  return Float32Array.from(signal);
}
