import type { Hertz } from '../core/units.js';
import { melFrequencies } from './mel.js';
import { TempoEstimator } from './tempo-estimator.js';

/** Onset envelopes the tempo is read from: all bands, and low (kick, bass), mid and high (hats) bands. */
const bands = [
  ['all', 0, Infinity],
  ['low', 0, 250],
  ['mid', 250, 2000],
  ['high', 2000, Infinity],
] as const;

/** Names of the features of a tempo candidate, in order (the tempo-level model is trained on them). */
export const tempoFeatureNames: readonly string[] = [
  ...bands.flatMap(([name]) => [`${name}@beat`, `${name}@slower`, `${name}@faster`]),
  'octave',
  'octave²',
];

/** A tempo the beat may be, and what the music says about it. */
export interface TempoCandidate {
  readonly bpm: number;
  /** Beat period in onset frames. */
  readonly period: number;
  /** Values of `tempoFeatureNames`. */
  readonly features: Float64Array;
}

export interface TempoTrackerOptions {
  /** Onset frames per second. */
  readonly frameRate: number;
  readonly minBpm: number;
  readonly maxBpm: number;
  /** Centre frequency of each log-mel band the rows will have. */
  readonly melCentres: ArrayLike<number>;
}

/** Time constant of each envelope's running mean, seconds: the autocorrelation sees the envelope minus it. */
const meanTime = 1;
/** Time constant of the peaks the beat onset is scaled by, seconds. */
const peakTime = 5;
/** How long the autocorrelation remembers, seconds. */
const memory = 2;

/**
 * The tempo side of the beat tracker. From each log-mel row it takes the spectral flux of four
 * band groups, keeps a running autocorrelation of each, and on request proposes the best comb
 * tempo of the full band with its half and double, each with the periodicity features a
 * tempo-level model uses to pick the metrical level the beat is at.
 */
export class TempoTracker {
  readonly #estimators: TempoEstimator[];
  readonly #members: number[][];
  readonly #means = new Float64Array(bands.length);
  readonly #rises = new Float64Array(bands.length);
  /** Low-band rise in linear magnitude, and decaying peaks that scale it and the full-band flux to about 0..1. */
  #lowRise = 0;
  #lowPeak = 1e-9;
  #allPeak = 1e-9;
  readonly #peakDecay: number;
  readonly #decay: number;
  #previous: Float32Array | undefined;

  constructor(readonly options: TempoTrackerOptions) {
    const { frameRate, minBpm, maxBpm, melCentres } = options;
    this.#estimators = bands.map(() => new TempoEstimator({ frameRate, minBpm, maxBpm, memory }));
    this.#members = bands.map(([, lo, hi]) => Array.from(melCentres, (f, i) => (f >= lo && f < hi ? i : -1)).filter((i) => i >= 0));
    this.#decay = 1 / (meanTime * frameRate);
    this.#peakDecay = Math.exp(-1 / (peakTime * frameRate));
  }

  /** Mel band centres for a log-mel front end of `nMels` bands up to `fMax` (Slaney scale, fMin 0). */
  static melCentres(nMels: number, fMax: Hertz): Float64Array {
    return melFrequencies(nMels + 2, 0 as Hertz, fMax).slice(1, nMels + 1);
  }

  /** Adds the next log-mel row (dB). */
  push(row: Float32Array): void {
    const previous = this.#previous;
    this.#previous = row;
    let lowRise = 0;
    if (previous) {
      for (const i of this.#members[1]!) {
        const d = 10 ** (row[i]! / 20) - 10 ** (previous[i]! / 20);
        if (d > 0) lowRise += d;
      }
    }
    this.#lowRise = lowRise;
    this.#lowPeak = Math.max(lowRise, this.#lowPeak * this.#peakDecay);
    for (let b = 0; b < bands.length; b++) {
      let rise = 0;
      const members = this.#members[b]!;
      if (previous) {
        for (const i of members) {
          const d = row[i]! - previous[i]!;
          if (d > 0) rise += d;
        }
        rise /= Math.max(1, members.length);
      }
      this.#rises[b] = rise;
      if (b === 0) this.#allPeak = Math.max(rise, this.#allPeak * this.#peakDecay);
      this.#means[b]! += this.#decay * (rise - this.#means[b]!);
      this.#estimators[b]!.push(rise - this.#means[b]!);
    }
  }

  /** The full band's best comb tempo and its half and double, those within the tempo range, with their features. */
  candidates(): TempoCandidate[] {
    const { minBpm, maxBpm, frameRate } = this.options;
    const best = this.#estimators[0]!.estimate();
    return [best.bpm / 2, best.bpm, best.bpm * 2]
      .filter((bpm) => bpm >= minBpm && bpm <= maxBpm)
      .map((bpm) => {
        const period = (60 / bpm) * frameRate;
        const features = new Float64Array(tempoFeatureNames.length);
        let k = 0;
        for (const e of this.#estimators) {
          features[k++] = e.salience(period);
          features[k++] = e.salience(2 * period);
          features[k++] = e.salience(period / 2);
        }
        const octave = Math.log2(bpm / 120);
        features[k++] = octave;
        features[k] = octave * octave;
        return { bpm, period, features };
      });
  }

  /**
   * Onset strength of the latest row for placing beats: the full-band flux (dB) plus the low
   * band's rise in linear magnitude, each over its recent peak. The low end in linear terms is the
   * kick, the loudest thing there, which listeners hear as the beat; in dB any bass note starting
   * after a rest would weigh as much, and a syncopated bass line would pull the beat off.
   */
  get beatOnset(): number {
    return this.#rises[0]! / this.#allPeak + this.#lowRise / this.#lowPeak;
  }

  /** Forgets everything but the last `frames` frames in every band (see TempoEstimator.restart). */
  restart(frames: number): void {
    for (const e of this.#estimators) e.restart(frames);
  }


  /** Periodicity of the full-band envelope at a period, 0..1. */
  salience(period: number): number {
    return this.#estimators[0]!.salience(period);
  }
}
