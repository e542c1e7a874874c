/** What the tempo estimator believes after the latest onset frame. */
export interface TempoEstimate {
  /** Beat period in onset frames (fractional). */
  readonly period: number;
  /** Tempo in beats per minute. */
  readonly bpm: number;
  /** Strength of the periodicity at that period, 0..1 (see `salience`). */
  readonly salience: number;
}

export interface TempoOptions {
  /** Onset frames per second. */
  readonly frameRate: number;
  readonly minBpm: number;
  readonly maxBpm: number;
  /** Time constant of the autocorrelation's memory, seconds: how fast an old tempo is forgotten. */
  readonly memory: number;
}

/** Multiples of the beat period the comb sums, and their weights. */
const comb = [1, 0.5, 0.33, 0.25];
/** Resolution of the tempo grid, BPM. */
const bpmStep = 0.5;

/**
 * Causal tempo from an onset-strength envelope. A running autocorrelation, updated per frame
 * and decaying with `memory`, holds the envelope's periodicities; each candidate tempo is scored
 * by a comb over its first four multiples of the period, so that a tempo whose beats carry
 * energy at every multiple wins over its half or double. Cost per frame: one multiply-add per
 * lag for the autocorrelation, and the comb when asked.
 */
export class TempoEstimator {
  readonly #history: Float64Array;
  readonly #acf: Float64Array;
  readonly #decay: number;
  readonly #periods: Float64Array;
  readonly #bpms: Float64Array;
  readonly #scores: Float64Array;
  #write = 0;
  #frames = 0;

  constructor(readonly options: TempoOptions) {
    const maxPeriod = (60 / options.minBpm) * options.frameRate;
    const maxLag = Math.ceil(maxPeriod * comb.length) + 2;
    this.#history = new Float64Array(maxLag + 1);
    this.#acf = new Float64Array(maxLag + 1);
    this.#decay = Math.exp(-1 / (options.memory * options.frameRate));
    const count = Math.floor((options.maxBpm - options.minBpm) / bpmStep) + 1;
    this.#bpms = Float64Array.from({ length: count }, (_, i) => options.minBpm + i * bpmStep);
    this.#periods = this.#bpms.map((b) => (60 / b) * options.frameRate);
    this.#scores = new Float64Array(count);
  }

  /**
   * Rebuilds the autocorrelation from the last `frames` frames alone, as if the music had started
   * there: what came before (another song, another tempo) is forgotten exactly.
   */
  restart(frames: number): void {
    const h = this.#history;
    const n = h.length;
    const span = Math.min(Math.floor(frames), this.#frames, n);
    this.#acf.fill(0);
    let weight = 1;
    for (let k = 0; k < span; k++, weight *= this.#decay) {
      const x = h[(this.#write - k + n) % n]!;
      for (let lag = 0; lag < span - k; lag++) this.#acf[lag]! += weight * x * h[(this.#write - k - lag + 2 * n) % n]!;
    }
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.#frames;
  }

  /** Adds one frame of the (mean-removed) onset envelope. */
  push(value: number): void {
    const h = this.#history;
    const n = h.length;
    this.#write = (this.#write + 1) % n;
    h[this.#write] = value;
    const acf = this.#acf;
    const decay = this.#decay;
    const lags = Math.min(n, this.#frames + 1);
    for (let lag = 0; lag < lags; lag++) {
      acf[lag] = decay * acf[lag]! + value * h[(this.#write - lag + n) % n]!;
    }
    for (let lag = lags; lag < n; lag++) acf[lag] = decay * acf[lag]!;
    this.#frames++;
  }

  /** The autocorrelation at a fractional lag, interpolated linearly. */
  #at(lag: number): number {
    const i = Math.floor(lag);
    const f = lag - i;
    return (1 - f) * this.#acf[i]! + f * this.#acf[i + 1]!;
  }

  /**
   * Periodicity at a period (frames, fractional), 0..1: the autocorrelation there above its mean
   * over the tempo range, relative to lag 0. Slow drifts of the envelope (noise, a crowd, a fade)
   * lift every lag alike and so do not read as a beat.
   */
  salience(period: number): number {
    const energy = this.#acf[0]!;
    const baseline = this.#baseline();
    return energy > baseline ? Math.max(0, (this.#at(period) - baseline) / (energy - baseline)) : 0;
  }

  #baseline(): number {
    const from = Math.floor(this.#periods[this.#periods.length - 1]!);
    const to = Math.ceil(this.#periods[0]!);
    let sum = 0;
    for (let lag = from; lag <= to; lag++) sum += this.#acf[lag]!;
    return sum / (to - from + 1);
  }

  /** The tempo on the grid with the best comb score, each score weighted by `prior(bpm)`. */
  estimate(prior: (bpm: number) => number = () => 1): TempoEstimate {
    let best = 0;
    for (let c = 0; c < this.#periods.length; c++) {
      const period = this.#periods[c]!;
      let score = 0;
      for (let k = 0; k < comb.length; k++) score += comb[k]! * this.#at(period * (k + 1));
      this.#scores[c] = score * prior(this.#bpms[c]!);
      if (this.#scores[c]! > this.#scores[best]!) best = c;
    }
    const period = this.#periods[best]!;
    return { period, bpm: this.#bpms[best]!, salience: this.salience(period) };
  }
}
