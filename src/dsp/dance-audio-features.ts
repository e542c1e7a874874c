import { hertz } from '../core/units.js';
import { analysisWindow } from './analysis-window.js';
import { Fft } from './fft.js';
import { powerToDb } from './power-to-db.js';
import type { Samples } from './stft.js';

/**
 * The dance generator's audio framing (Yalta et al., IJCNN 2019), with the STFT its public code
 * used (256-sample Hamming window, hop 80, 129 bins) rather than the 160-sample window the paper
 * states: the two agree on the hop, and the 129 bins are what that code's networks took in.
 */
export const danceAudioFraming = {
  sampleRate: hertz(16000),
  /** Motion frames per second: one slice per motion frame. */
  fps: hertz(30),
  /** Samples per slice: the longest of the 533- and 534-sample steps between slice starts. */
  sliceLength: 534,
  nFft: 256,
  hop: 80,
  /** STFT frames per slice: 1 + ⌈(534 − 256)/80⌉, as python_speech_features.framesig counts them. */
  frames: 5,
  bins: 129,
  /** Power (|X|²/nFft) below this counts as this before the logarithm: −100 dB. */
  floor: 1e-10,
} as const;

const { sampleRate, fps, sliceLength, nFft, hop, frames, bins, floor } = danceAudioFraming;
/** Samples a slice's frames span: the slice zero-padded at its end. */
const paddedLength = (frames - 1) * hop + nFft;
/** Below this spread (dB) a spectrum counts as flat: silence, or the same power in every bin. */
const flat = 1e-6;
/** Largest sample magnitude taken as is (the float32 range); others, NaN and ±Infinity count as 0. */
const maxSample = 3.4028234663852886e38;

/**
 * First sample of slice k: ⌊k·16000/30⌋. Slices start on the motion-frame clock itself, so they
 * never drift from it: every third slice start lies exactly on k/30 s, the others at most 2/3 of a
 * sample (42 µs) before it, and three slices advance exactly 1600 samples.
 */
export function sliceStart(k: number): number {
  return Math.floor((k * sampleRate) / fps);
}

/**
 * numpy.hamming(256), the symmetric window python_speech_features applied: the periodic window of
 * 255 samples with its first sample repeated at the end.
 */
function symmetricHamming(size: number): Float64Array {
  const w = new Float64Array(size);
  w.set(analysisWindow('hamming', size - 1));
  w[size - 1] = w[0]!;
  return w;
}

/**
 * Receives slice k's features: `frames` × `bins` values, frame-major (frame f, bin b at f·bins + b),
 * a new array the receiver may keep. `finite` is false when the slice had samples that were NaN,
 * infinite or beyond the float32 range (taken as 0).
 */
export type DanceAudioSink = (features: Float32Array, slice: number, finite: boolean) => void;

/**
 * Streaming audio input of the dance generator, one feature matrix per motion frame, from 16 kHz
 * mono samples:
 * - Slice k is the 534 samples from sliceStart(k) (real samples: where slices are 533 apart the
 *   next slice's first sample is included, where the public code padded a zero). Its matrix is
 *   the input of motion frame k, at k/30 s from the stream's start.
 * - The slice is zero-padded at its end to 576 samples and cut into 5 frames of 256 starting at
 *   0, 80, 160, 240, 320 (python_speech_features.framesig), each weighted by numpy.hamming(256).
 * - Per frame: power |X[b]|²/256 for bins b = 0..128 (bin b at b·62.5 Hz), in dB with a floor at
 *   1e-10 (−100 dB), then min–max normalised over the 129 bins to −1..1: the quietest bin −1, the
 *   loudest 1. A frame whose bins all lie within 1e-6 dB of each other (silence, or a spectrum
 *   flat to rounding) is −1 in every bin.
 * The paper normalises over frequency; its public code instead took the log power relative to
 * the slice's loudest bin and mapped −230..5 dB to −0.9..0.9. Samples that are NaN, infinite or
 * beyond the float32 range count as 0, so every value is finite. Blocks of any size may be
 * pushed: the matrices do not depend on how the stream was cut.
 */
export class DanceAudioFeatures {
  readonly #fft = new Fft(nFft);
  readonly #window = symmetricHamming(nFft);
  /** The current slice from its first sample on; the rest stays zero: the padding. */
  readonly #slice = new Float64Array(paddedLength);
  readonly #frame = new Float64Array(nFft);
  readonly #power = new Float64Array(bins);
  readonly #db = new Float64Array(bins);
  #filled = 0;
  /** Samples to drop before the next slice starts (none at 16 kHz and 30 fps: slices overlap or abut). */
  #skip = 0;
  #index = 0;
  /** Samples taken so far, and the stream index of the last one taken as 0 for not being finite. */
  #taken = 0;
  #lastBad = -1;

  /** Feeds the next samples of the stream; `sink` gets the matrix of every slice they complete, in order. */
  push(samples: Samples, sink: DanceAudioSink): void {
    const slice = this.#slice;
    let i = 0;
    while (i < samples.length) {
      if (this.#skip > 0) {
        const dropped = Math.min(this.#skip, samples.length - i);
        this.#skip -= dropped;
        i += dropped;
        continue;
      }
      while (this.#filled < sliceLength && i < samples.length) {
        const v = samples[i++]!;
        const finite = v >= -maxSample && v <= maxSample;
        if (!finite) this.#lastBad = this.#taken;
        this.#taken++;
        slice[this.#filled++] = finite ? v : 0;
      }
      if (this.#filled < sliceLength) return;
      sink(this.#analyse(), this.#index, this.#lastBad < this.#taken - sliceLength);
      const step = sliceStart(this.#index + 1) - sliceStart(this.#index);
      this.#index++;
      if (step < sliceLength) {
        slice.copyWithin(0, step, sliceLength);
        this.#filled = sliceLength - step;
      } else {
        this.#filled = 0;
        this.#skip = step - sliceLength;
      }
    }
  }

  #analyse(): Float32Array {
    const out = new Float32Array(frames * bins);
    const slice = this.#slice;
    for (let f = 0; f < frames; f++) {
      for (let j = 0; j < nFft; j++) this.#frame[j] = slice[f * hop + j]! * this.#window[j]!;
      this.#fft.power(this.#frame, this.#power);
      for (let b = 0; b < bins; b++) this.#power[b] = this.#power[b]! / nFft;
      powerToDb(this.#power, this.#db, { amin: floor, topDb: null });
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of this.#db) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const row = out.subarray(f * bins, (f + 1) * bins);
      if (hi - lo < flat) row.fill(-1);
      else for (let b = 0; b < bins; b++) row[b] = (2 * (this.#db[b]! - lo)) / (hi - lo) - 1;
    }
    return out;
  }
}

/**
 * The feature matrices of a whole 16 kHz mono signal, one per complete slice (slice k needs
 * samples up to sliceStart(k) + 534), through the streaming core: see DanceAudioFeatures.
 */
export function danceAudioFeatures(signal: Samples): Float32Array[] {
  const out: Float32Array[] = [];
  new DanceAudioFeatures().push(signal, (features) => out.push(features));
  return out;
}
