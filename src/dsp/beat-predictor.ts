export interface PredictorOptions {
  /** Longest beat period that will be asked for, in onset frames. */
  readonly maxPeriod: number;
  /** Past beats the phase is read from. */
  readonly beats: number;
  /** Weight of each beat relative to the next more recent one, 0..1. */
  readonly decay: number;
  /** Pull towards the phase the previous prediction implies, 0..1 (0: none). */
  readonly continuity: number;
}

/**
 * Causal beat phase and prediction from an onset envelope and a beat period. Half a period after
 * each announced beat it looks back over the last `beats` periods and finds the offset at which a
 * comb of one tooth per period, recent teeth weighing most, collects the most onset strength:
 * there the latest beat was, and the next is one period later. Because the phase is found afresh
 * from the recent onsets each time, a wrong start (the off-beat, say) corrects itself as soon as
 * the beats carry more energy than what lies between them. A mild pull towards the phase the
 * previous prediction implies keeps a steady train steady.
 */
export class BeatPredictor {
  readonly #onsets: Float64Array;
  #t = -1;
  /** Frame of the latest predicted beat; undefined before the first prediction. */
  #last: number | undefined;
  /** First frame whose onsets count: the tempo changed there, and what came before had other beats. */
  #since = 0;
  #hit = 0;

  constructor(readonly options: PredictorOptions) {
    this.#onsets = new Float64Array(Math.ceil(options.maxPeriod * (options.beats + 1)) + 2);
  }

  /** Frame of the latest predicted beat. */
  get last(): number | undefined {
    return this.#last;
  }

  /**
   * How the previous prediction fared, read when the next one is made: the strongest onset within
   * 30 ms of it over the mean onset of the last period. Well above 1 while the beats land on the
   * music; near 1 or below when the beat fell on nothing, as after the music changed.
   */
  get hit(): number {
    return this.#hit;
  }

  /**
   * Forgets the phase and the onsets but the last `keep` frames (the tempo changed: the old beats
   * say nothing of the new).
   */
  reset(keep = 0): void {
    this.#last = undefined;
    this.#since = Math.max(0, this.#t + 1 - Math.floor(keep));
  }

  /** Onset strength at a past frame, linearly interpolated; 0 before the history. */
  #at(frame: number): number {
    const i = Math.floor(frame);
    const n = this.#onsets.length;
    if (i < this.#since || i < this.#t - n + 2 || i > this.#t) return 0;
    const f = frame - i;
    const a = this.#onsets[i % n]!;
    const b = i + 1 <= this.#t ? this.#onsets[(i + 1) % n]! : a;
    return (1 - f) * a + f * b;
  }

  /**
   * Adds the onset value of the next frame with the current beat period (frames). Returns the
   * predicted frame (possibly fractional, in the future) of the next beat when a new one is due
   * to be announced, else undefined.
   */
  push(onset: number, period: number): number | undefined {
    this.#t++;
    const t = this.#t;
    this.#onsets[t % this.#onsets.length] = onset;
    if (this.#last !== undefined ? t < this.#last + period / 2 : t < this.#since + 2 * period) return undefined;

    const { beats, decay, continuity } = this.options;
    if (this.#last !== undefined) {
      const at = Math.round(this.#last);
      let peak = 0;
      for (let f = at - 3; f <= at + 3; f++) peak = Math.max(peak, this.#at(f));
      let sum = 0;
      const span = Math.ceil(period);
      for (let f = t - span + 1; f <= t; f++) sum += this.#at(f);
      this.#hit = sum > 0 ? (peak * span) / sum : 0;
    }
    const expected = this.#last === undefined ? undefined : t - this.#last;
    let best = 0;
    let bestScore = -Infinity;
    for (let d = 0; d < period; d++) {
      let score = 0;
      let weight = 1;
      for (let k = 0; k < beats; k++, weight *= decay) score += weight * this.#at(t - d - k * period);
      if (expected !== undefined) {
        // Distance on the circle of one period between this offset and the expected one.
        const gap = Math.abs(d - expected) % period;
        const distance = Math.min(gap, period - gap) / (period / 8);
        score *= 1 - continuity + continuity * Math.exp(-0.5 * distance * distance);
      }
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
    this.#last = t - best + period;
    return this.#last;
  }
}
