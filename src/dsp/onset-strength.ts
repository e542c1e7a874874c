import { LogMel, type LogMelOptions } from './log-mel.js';
import { pushCentered, type Centering, type Samples } from './stft.js';

/**
 * Receives each frame's onset strength (mean dB rise per mel band, ≥ 0), the frame's index and
 * its log-mel row (a new array the receiver may keep), so a consumer of both computes the
 * log-mel once.
 */
export type OnsetStrengthSink = (strength: number, frame: number, row: Float32Array) => void;

/**
 * Streaming onset strength: spectral flux on the log-mel rows S of LogMel (dB), as
 * librosa.onset.onset_strength computes it with lag 1, max_size 1, aggregate mean, detrend off:
 * strength[i] = mean over bands b of max(0, S[i][b] − S[i−1][b]), and strength[0] = 0.
 * Differences from librosa: frames are causal (see Stft), and topDb floors each frame on its own
 * (see LogMel). librosa's centred envelope at frame i looks at the frame that ends at sample
 * i·hop: it is this strength for frame i − nFft/hop when hop divides nFft. `onsetStrength` with
 * `center` reproduces librosa's alignment.
 */
export class OnsetStrength {
  readonly #logMel: LogMel;
  #previous: Float32Array | undefined;

  constructor(options: LogMelOptions) {
    this.#logMel = new LogMel(options);
  }

  /** Feeds the next samples of the stream; `sink` gets every frame they complete. */
  push(samples: Samples, sink: OnsetStrengthSink): void {
    this.#logMel.push(samples, (row, frame) => {
      const previous = this.#previous;
      this.#previous = row;
      let rise = 0;
      if (previous) {
        for (let b = 0; b < row.length; b++) {
          const d = row[b]! - previous[b]!;
          if (d > 0) rise += d;
        }
        rise /= row.length;
      }
      sink(rise, frame, row);
    });
  }
}

/**
 * Whole-signal onset strength through the streaming core, one value per frame. With `center`
 * the log-mel frames are centred (librosa center=True) and, as librosa does, the envelope is
 * delayed by ⌊nFft/(2·hop)⌋ frames (zeros in front) and cut to the number of frames, so that
 * value i equals librosa.onset.onset_strength's value i but for the topDb convention.
 */
export function onsetStrength(signal: Samples, options: LogMelOptions & { readonly center?: Centering }): Float64Array {
  const core = new OnsetStrength(options);
  const values: number[] = [];
  const keep: OnsetStrengthSink = (strength) => values.push(strength);
  const push = (samples: Samples) => core.push(samples, keep);
  if (!options.center) {
    push(signal);
    return Float64Array.from(values);
  }
  pushCentered(signal, Math.floor(options.nFft / 2), options.center, push);
  const delay = Math.floor(options.nFft / (2 * options.hop));
  const out = new Float64Array(values.length);
  if (delay < out.length) out.set(values.slice(0, out.length - delay), delay);
  return out;
}
