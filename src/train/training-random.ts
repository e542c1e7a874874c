import { mulberry32Step, mulberry32Value } from '../core/seeded-random.js';

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
    this.#state = mulberry32Step(this.#state);
    return mulberry32Value(this.#state);
  };

  /** A whole number in 0..n − 1, uniformly. */
  below(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
}
