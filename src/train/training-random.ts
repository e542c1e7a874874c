/**
 * The random numbers of a training run (mulberry32, uniform in [0, 1)), whose whole state is one
 * 32-bit number: a checkpoint stores it and a resumed run draws exactly what the uninterrupted run
 * would have drawn next.
 */
export class TrainingRandom {
  #state: number;

  /** Starts from `state`: a seed, or a value `state` returned earlier. */
  constructor(state: number) {
    this.#state = state >>> 0;
  }

  /** The state to resume from: a whole number in 0..2³² − 1. */
  get state(): number {
    return this.#state;
  }

  /** The next number, uniform in [0, 1). */
  next = (): number => {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** A whole number in 0..n − 1, uniformly. */
  below(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
}
