import { TerpsiError } from '../core/errors.js';
import type { Hertz } from '../core/units.js';
import type { WindowKind } from './analysis-window.js';
import { MelFilterbank } from './mel.js';
import { powerToDb } from './power-to-db.js';
import { pushCentered, Stft, type Centering, type Samples } from './stft.js';

export interface LogMelOptions {
  readonly sampleRate: Hertz;
  /** Frame length and FFT size, samples. */
  readonly nFft: number;
  /** Samples between frame starts. */
  readonly hop: number;
  /** Periodic analysis window; default 'hann'. */
  readonly window?: WindowKind;
  /** Mel bands; default 128. */
  readonly nMels?: number;
  /** Lower edge of the lowest band, Hz; default 0. */
  readonly fMin?: Hertz;
  /** Upper edge of the highest band, Hz; default sampleRate/2. */
  readonly fMax?: Hertz;
  /** HTK's mel scale instead of Slaney's; default false. */
  readonly htk?: boolean;
  /** Mel power that maps to 0 dB; default 1. */
  readonly ref?: number;
  /** Smallest mel power before the logarithm; default 1e-10 (−100 dB re 1). */
  readonly amin?: number;
  /** Floor, dB below the loudest band of the same frame; null for none. Default 80. */
  readonly topDb?: number | null;
  /** Samples at the start of the stream that precede frame 0; default 0. */
  readonly offset?: number;
}

/** Receives each frame's log-mel row (nMels values in dB, a new array the receiver may keep) and its index. */
export type LogMelSink = (row: Float32Array, frame: number) => void;

/**
 * Streaming log-mel spectrogram: librosa.power_to_db(librosa.feature.melspectrogram(...)) with
 * power 2, norm 'slaney', frames placed as Stft places them (causal, center=False). One
 * deviation, so that a frame never depends on the future: topDb floors each frame at its own
 * loudest band, where librosa floors the whole spectrogram at its loudest value. With
 * topDb: null the two agree up to rounding. Allocates only the output row per frame.
 */
export class LogMel {
  readonly nMels: number;
  readonly nFft: number;
  readonly hop: number;
  readonly #stft: Stft;
  readonly #bank: MelFilterbank;
  readonly #mel: Float64Array;
  readonly #db: { ref: number; amin: number; topDb: number | null };

  constructor(options: LogMelOptions) {
    const { sampleRate, nFft, hop, window = 'hann', offset = 0, ref = 1, amin = 1e-10, topDb = 80 } = options;
    this.#stft = new Stft({ nFft, hop, window, offset });
    this.#bank = new MelFilterbank({
      sampleRate,
      nFft,
      nMels: options.nMels ?? 128,
      fMin: options.fMin ?? (0 as Hertz),
      fMax: options.fMax ?? ((sampleRate / 2) as Hertz),
      htk: options.htk ?? false,
    });
    // Checked here, once, so a bad setting fails at construction rather than on the first frame.
    powerToDb([1], new Float64Array(1), { ref, amin, topDb });
    this.#db = { ref, amin, topDb };
    this.nMels = this.#bank.nMels;
    this.nFft = nFft;
    this.hop = hop;
    this.#mel = new Float64Array(this.nMels);
  }

  /** Feeds the next samples of the stream; `sink` gets a row for every frame they complete. */
  push(samples: Samples, sink: LogMelSink): void {
    this.#stft.push(samples, (spectrum, frame) => {
      this.#bank.apply(spectrum, this.#mel);
      const row = new Float32Array(this.nMels);
      powerToDb(this.#mel, row, this.#db);
      sink(row, frame);
    });
  }
}

/**
 * Whole-signal log-mel through the streaming core: one row (nMels dB values) per frame. With
 * `center` the signal is padded by ⌊nFft/2⌋ on both sides first (librosa center=True).
 */
export function logMel(signal: Samples, options: LogMelOptions & { readonly center?: Centering }): Float32Array[] {
  const core = new LogMel(options);
  const rows: Float32Array[] = [];
  const keep: LogMelSink = (row) => rows.push(row);
  const push = (samples: Samples) => core.push(samples, keep);
  if (options.center) pushCentered(signal, Math.floor(options.nFft / 2), options.center, push);
  else push(signal);
  return rows;
}

export interface MultiScaleLogMelOptions extends Omit<LogMelOptions, 'nFft' | 'offset'> {
  /** One frame length per scale, samples, e.g. [512, 2048, 8192]. */
  readonly nFfts: readonly number[];
}

/** Receives frame i's rows, one per scale in the order of nFfts (a new array the receiver may keep), and i. */
export type MultiScaleSink = (rows: Float32Array[], frame: number) => void;

/**
 * Log-mel at several frame lengths on one hop, with the frames of all scales centred on the same
 * sample: frame i of the scale of length n covers stream samples [i·hop + ⌊N/2⌋ − ⌊n/2⌋, … + n),
 * N the longest length, so every scale's frame i is centred near sample i·hop + ⌊N/2⌋ and
 * complete once the longest one is. Frame i is delivered, all scales at once, when that happens.
 */
export class MultiScaleLogMel {
  readonly nFfts: readonly number[];
  readonly hop: number;
  /** ⌊N/2⌋, N the longest frame: frame i is centred on stream sample i·hop + centre. */
  readonly centre: number;
  readonly #scales: LogMel[];
  readonly #pending: Float32Array[][];
  readonly #collect: LogMelSink[];
  #frame = 0;

  constructor(options: MultiScaleLogMelOptions) {
    const { nFfts } = options;
    if (nFfts.length === 0) throw new TerpsiError('E_PARAM', 'multi-scale log-mel: nFfts must name at least one frame length');
    this.nFfts = [...nFfts];
    this.hop = options.hop;
    const longest = Math.max(...nFfts);
    this.centre = Math.floor(longest / 2);
    this.#scales = nFfts.map((nFft) => new LogMel({ ...options, nFft, offset: this.centre - Math.floor(nFft / 2) }));
    this.#pending = nFfts.map(() => []);
    this.#collect = this.#pending.map((queue) => (row: Float32Array) => queue.push(row));
  }

  /** Feeds the next samples of the stream; `sink` gets every frame that is now complete at all scales. */
  push(samples: Samples, sink: MultiScaleSink): void {
    for (let s = 0; s < this.#scales.length; s++) this.#scales[s]!.push(samples, this.#collect[s]!);
    let ready = Infinity;
    for (const queue of this.#pending) ready = Math.min(ready, queue.length);
    for (let j = 0; j < ready; j++) sink(this.#pending.map((queue) => queue[j]!), this.#frame++);
    for (const queue of this.#pending) queue.splice(0, ready);
  }
}

/**
 * Whole-signal multi-scale log-mel through the streaming core: per frame, one row per scale. With
 * `center` the signal is padded by ⌊N/2⌋ on both sides (N the longest frame) so that frame i of
 * every scale is centred on sample i·hop: each scale's rows are then exactly those of logMel
 * with center for that frame length (1 + ⌊length/hop⌋ frames when N is even).
 */
export function multiScaleLogMel(signal: Samples, options: MultiScaleLogMelOptions & { readonly center?: Centering }): Float32Array[][] {
  const core = new MultiScaleLogMel(options);
  const frames: Float32Array[][] = [];
  const keep: MultiScaleSink = (rows) => frames.push(rows);
  const push = (samples: Samples) => core.push(samples, keep);
  if (options.center) pushCentered(signal, core.centre, options.center, push);
  else push(signal);
  return frames;
}
