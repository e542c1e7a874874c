import { TerpsiError } from '../core/errors.js';
import { analysisWindow, type WindowKind } from './analysis-window.js';
import { Fft } from './fft.js';

/** Mono samples as the STFT takes them. */
export type Samples = Float32Array | Float64Array;

/**
 * How a whole signal is padded so that frame i is centred on sample i·hop (librosa center=True):
 * ⌊nFft/2⌋ samples on both sides, zeros (librosa's pad_mode 'constant', its default) or the
 * signal mirrored about its first and last sample (numpy's 'reflect').
 */
export type Centering = 'zeros' | 'reflect';

export interface StftOptions {
  /** Frame length and FFT size, samples: any integer ≥ 1. */
  readonly nFft: number;
  /** Samples from the start of one frame to the start of the next: any integer ≥ 1. */
  readonly hop: number;
  /** Periodic analysis window of nFft samples; default 'hann'. */
  readonly window?: WindowKind;
  /** |X|² ('power', the default) or |X| ('magnitude') of the windowed frame, unnormalised. */
  readonly spectrum?: 'power' | 'magnitude';
  /** Samples at the start of the stream that precede frame 0; default 0. */
  readonly offset?: number;
}

/**
 * Receives each frame's spectrum (⌊nFft/2⌋ + 1 bins; a buffer the STFT reuses, so copy what you
 * keep) and the frame's index.
 */
export type SpectrumSink = (spectrum: Float64Array, frame: number) => void;

/**
 * Largest magnitude a sample may have: anything a Float32Array holds finitely. Values beyond it,
 * NaN and ±Infinity count as 0, so a bad sample never turns a spectrum into NaN or Infinity.
 */
const maxSample = 3.4028234663852886e38;

/**
 * Streaming short-time Fourier transform, causal: frame i covers stream samples
 * [offset + i·hop, offset + i·hop + nFft) (librosa center=False), and its spectrum is delivered
 * as soon as its last sample has been pushed. Blocks of any size may be pushed; the frames do
 * not depend on how the stream was cut. Allocates nothing per frame.
 */
export class Stft {
  readonly nFft: number;
  readonly hop: number;
  /** Bins per spectrum: ⌊nFft/2⌋ + 1, bin k at k·sampleRate/nFft Hz. */
  readonly bins: number;
  readonly #magnitude: boolean;
  readonly #fft: Fft;
  readonly #window: Float64Array;
  /** The samples of the frame being filled, from its first sample on. */
  readonly #buffer: Float64Array;
  readonly #windowed: Float64Array;
  readonly #spectrum: Float64Array;
  #filled = 0;
  /** Samples still to drop before the next frame starts (the offset, or the gap when hop > nFft). */
  #skip: number;
  #frame = 0;

  constructor(options: StftOptions) {
    const { nFft, hop, window = 'hann', spectrum = 'power', offset = 0 } = options;
    if (!Number.isInteger(nFft) || nFft < 1) throw new TerpsiError('E_PARAM', `STFT: nFft must be an integer ≥ 1, got ${nFft}`);
    if (!Number.isInteger(hop) || hop < 1) throw new TerpsiError('E_PARAM', `STFT: hop must be an integer ≥ 1 sample, got ${hop}`);
    if (!Number.isInteger(offset) || offset < 0) throw new TerpsiError('E_PARAM', `STFT: offset must be an integer ≥ 0 samples, got ${offset}`);
    this.nFft = nFft;
    this.hop = hop;
    this.#fft = new Fft(nFft);
    this.bins = this.#fft.bins;
    this.#magnitude = spectrum === 'magnitude';
    this.#window = analysisWindow(window, nFft);
    this.#buffer = new Float64Array(nFft);
    this.#windowed = new Float64Array(nFft);
    this.#spectrum = new Float64Array(this.bins);
    this.#skip = offset;
  }

  /** Feeds the next samples of the stream; `sink` gets every frame they complete, in order. */
  push(samples: Samples, sink: SpectrumSink): void {
    const n = samples.length;
    const nFft = this.nFft;
    const buffer = this.#buffer;
    let i = 0;
    while (i < n) {
      if (this.#skip > 0) {
        const dropped = Math.min(this.#skip, n - i);
        this.#skip -= dropped;
        i += dropped;
        continue;
      }
      const take = Math.min(nFft - this.#filled, n - i);
      const at = this.#filled - i;
      for (const end = i + take; i < end; i++) {
        const v = samples[i]!;
        buffer[at + i] = v >= -maxSample && v <= maxSample ? v : 0;
      }
      this.#filled += take;
      if (this.#filled < nFft) return;
      this.#analyse(sink);
      if (this.hop < nFft) {
        buffer.copyWithin(0, this.hop, nFft);
        this.#filled = nFft - this.hop;
      } else {
        this.#filled = 0;
        this.#skip = this.hop - nFft;
      }
    }
  }

  #analyse(sink: SpectrumSink): void {
    const windowed = this.#windowed;
    const buffer = this.#buffer;
    const window = this.#window;
    for (let j = 0; j < windowed.length; j++) windowed[j] = buffer[j]! * window[j]!;
    const spectrum = this.#spectrum;
    this.#fft.power(windowed, spectrum);
    if (this.#magnitude) for (let k = 0; k < spectrum.length; k++) spectrum[k] = Math.sqrt(spectrum[k]!);
    sink(spectrum, this.#frame++);
  }
}

/**
 * Pushes a whole signal through `push`, padded by `pad` samples on both sides as `centering` says
 * (see Centering); the signal itself goes through unpadded and uncopied.
 */
export function pushCentered(signal: Samples, pad: number, centering: Centering, push: (samples: Samples) => void): void {
  const left = new Float64Array(pad);
  const right = new Float64Array(pad);
  const n = signal.length;
  if (centering === 'reflect' && n > 0) {
    // numpy's 'reflect' mirrors about the edge sample without repeating it, again and again
    // when the padding is longer than the signal: the padded signal has period 2(n − 1).
    const period = 2 * (n - 1);
    const at = (j: number) => {
      if (period === 0) return signal[0]!;
      const r = ((j % period) + period) % period;
      return signal[r < n ? r : period - r]!;
    };
    for (let k = 0; k < pad; k++) {
      left[k] = at(k - pad);
      right[k] = at(n + k);
    }
  }
  push(left);
  push(signal);
  push(right);
}

/**
 * Whole-signal STFT through the streaming core: one spectrum per frame (see Stft for the frame
 * positions). With `center`, the signal is first padded by ⌊nFft/2⌋ on both sides (librosa
 * center=True), giving 1 + ⌊length/hop⌋ frames, frame i starting at sample i·hop − ⌊nFft/2⌋.
 */
export function stft(signal: Samples, options: StftOptions & { readonly center?: Centering }): Float64Array[] {
  const core = new Stft(options);
  const frames: Float64Array[] = [];
  const keep: SpectrumSink = (spectrum) => frames.push(spectrum.slice());
  const push = (samples: Samples) => core.push(samples, keep);
  if (options.center) pushCentered(signal, Math.floor(options.nFft / 2), options.center, push);
  else push(signal);
  return frames;
}
