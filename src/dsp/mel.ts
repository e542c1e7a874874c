import { TerpsiError } from '../core/errors.js';
import type { Hertz } from '../core/units.js';

/*
 * The mel scale and the mel filterbank as librosa defines them (librosa.hz_to_mel, mel_to_hz,
 * mel_frequencies, filters.mel). Slaney's scale (the default, htk = false) is linear below
 * 1 kHz, 200/3 Hz per mel, and logarithmic above, 27 mels per factor 6.4; HTK's is
 * 2595·log10(1 + f/700).
 */

const slaneyHzPerMel = 200 / 3;
const slaneyBreakHz = 1000;
const slaneyBreakMel = slaneyBreakHz / slaneyHzPerMel;
const slaneyLogStep = Math.log(6.4) / 27;

/** Frequency in Hz to mels (Slaney's scale, or HTK's when `htk`). */
export function hzToMel(f: Hertz, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  if (f >= slaneyBreakHz) return slaneyBreakMel + Math.log(f / slaneyBreakHz) / slaneyLogStep;
  return f / slaneyHzPerMel;
}

/** Mels to frequency in Hz (Slaney's scale, or HTK's when `htk`). */
export function melToHz(mel: number, htk = false): Hertz {
  if (htk) return (700 * (10 ** (mel / 2595) - 1)) as Hertz;
  if (mel >= slaneyBreakMel) return (slaneyBreakHz * Math.exp(slaneyLogStep * (mel - slaneyBreakMel))) as Hertz;
  return (mel * slaneyHzPerMel) as Hertz;
}

/** `count` frequencies (Hz) evenly spaced in mels from fMin to fMax, both included (librosa.mel_frequencies). */
export function melFrequencies(count: number, fMin: Hertz, fMax: Hertz, htk = false): Float64Array {
  const lo = hzToMel(fMin, htk);
  const hi = hzToMel(fMax, htk);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = melToHz(count === 1 ? lo : lo + ((hi - lo) * i) / (count - 1), htk);
  return out;
}

export interface MelFilterbankOptions {
  readonly sampleRate: Hertz;
  /** FFT size the spectra come from: bin k is at k·sampleRate/nFft Hz, k = 0..⌊nFft/2⌋. */
  readonly nFft: number;
  /** Number of mel bands; default 128. */
  readonly nMels?: number;
  /** Lower edge of the lowest band, Hz; default 0. */
  readonly fMin?: Hertz;
  /** Upper edge of the highest band, Hz; default sampleRate/2. */
  readonly fMax?: Hertz;
  /** HTK's mel scale instead of Slaney's; default false. */
  readonly htk?: boolean;
}

/**
 * librosa.filters.mel with norm='slaney', stored sparse. Band b is the triangle rising from
 * f[b] to 1 at f[b+1] and falling to 0 at f[b+2] (f = melFrequencies(nMels + 2, fMin, fMax)),
 * linear in Hz, sampled at the bin frequencies and scaled by 2/(f[b+2] − f[b]) so that its area
 * in Hz is 1: every band then holds the same energy density for white noise.
 */
export class MelFilterbank {
  readonly nMels: number;
  /** Bins of the spectra it takes: ⌊nFft/2⌋ + 1. */
  readonly bins: number;
  /** Band edges and centres, Hz: band b spans edges[b]..edges[b+2] and peaks at edges[b+1]. */
  readonly edges: Float64Array;
  /** First bin of each band's non-zero run. */
  readonly starts: Int32Array;
  /** Each band's weights from its first bin on (empty for a band that falls between bins). */
  readonly weights: readonly Float64Array[];
  /** All bands' weights end to end, band b at ends[b]..ends[b+1]: one array for the hot loop. */
  readonly #flat: Float64Array;
  readonly #ends: Int32Array;

  constructor(options: MelFilterbankOptions) {
    const { sampleRate, nFft, nMels = 128, htk = false } = options;
    const fMin = options.fMin ?? (0 as Hertz);
    const fMax = options.fMax ?? ((sampleRate / 2) as Hertz);
    if (!(sampleRate > 0)) throw new TerpsiError('E_PARAM', `mel filterbank: sampleRate must be > 0 Hz, got ${sampleRate}`);
    if (!Number.isInteger(nFft) || nFft < 1) throw new TerpsiError('E_PARAM', `mel filterbank: nFft must be an integer ≥ 1, got ${nFft}`);
    if (!Number.isInteger(nMels) || nMels < 1) throw new TerpsiError('E_PARAM', `mel filterbank: nMels must be an integer ≥ 1, got ${nMels}`);
    if (!(fMin >= 0 && fMax > fMin)) throw new TerpsiError('E_PARAM', `mel filterbank: need 0 ≤ fMin < fMax, got fMin ${fMin} Hz, fMax ${fMax} Hz`);
    this.nMels = nMels;
    this.bins = Math.floor(nFft / 2) + 1;
    const f = (this.edges = melFrequencies(nMels + 2, fMin, fMax, htk));
    const starts = (this.starts = new Int32Array(nMels));
    const weights: Float64Array[] = [];
    const row = new Float64Array(this.bins);
    for (let b = 0; b < nMels; b++) {
      const rise = f[b + 1]! - f[b]!;
      const fall = f[b + 2]! - f[b + 1]!;
      const norm = 2 / (f[b + 2]! - f[b]!);
      let first = -1;
      let last = -1;
      for (let k = 0; k < this.bins; k++) {
        const hz = (k * sampleRate) / nFft;
        const w = Math.max(0, Math.min((hz - f[b]!) / rise, (f[b + 2]! - hz) / fall));
        row[k] = w * norm;
        if (w > 0) {
          if (first < 0) first = k;
          last = k;
        }
      }
      starts[b] = Math.max(first, 0);
      weights.push(first < 0 ? new Float64Array(0) : row.slice(first, last + 1));
    }
    this.#ends = new Int32Array(nMels + 1);
    for (let b = 0; b < nMels; b++) this.#ends[b + 1] = this.#ends[b]! + weights[b]!.length;
    this.#flat = new Float64Array(this.#ends[nMels]!);
    this.weights = weights.map((w, b) => {
      this.#flat.set(w, this.#ends[b]!);
      return this.#flat.subarray(this.#ends[b]!, this.#ends[b + 1]!);
    });
  }

  /** Band energies of one spectrum: out[b] = Σ_k weight[b][k]·spectrum[k] (`nMels` values). */
  apply(spectrum: Float64Array, out: Float64Array): void {
    const starts = this.starts;
    const flat = this.#flat;
    const ends = this.#ends;
    for (let b = 0; b < this.nMels; b++) {
      const end = ends[b + 1]!;
      // flat[j] weighs bin j + shift.
      const shift = starts[b]! - ends[b]!;
      let sum = 0;
      for (let j = ends[b]!; j < end; j++) sum += flat[j]! * spectrum[j + shift]!;
      out[b] = sum;
    }
  }
}
