import { TerpsiError } from '../core/errors.js';
import type { AudioFrame } from '../core/frames.js';
import { seconds, type Seconds } from '../core/units.js';
import { mixToMono } from './mix-to-mono.js';

/**
 * How a live model takes its audio: at one sample rate, mixed to mono, non-finite samples as
 * silence. `take` returns the frame's mono samples (a buffer reused from frame to frame) or, for
 * audio at another rate, throws E_PARAM saying which rate to set — once per rate, dropping the
 * frames quietly after that. `start` is the engine time of the stream's sample 0.
 */
export class MonoIntake {
  #mono: Float32Array = new Float32Array(0);
  #refused: number | undefined;
  start: Seconds | undefined;

  constructor(
    readonly sampleRate: number,
    readonly what: string,
  ) {}

  take(input: AudioFrame): Float32Array | undefined {
    if (input.sampleRate !== this.sampleRate) {
      if (this.#refused === input.sampleRate) return undefined;
      this.#refused = input.sampleRate;
      throw new TerpsiError('E_PARAM', `input "${input.source}" is ${input.sampleRate} Hz audio; ${this.what} takes ${this.sampleRate} Hz: set the source's sampleRate: ${this.sampleRate}`);
    }
    this.#refused = undefined;
    this.start ??= seconds(input.t - input.index / input.sampleRate);
    const mixed = mixToMono(input.samples, input.channels, this.#mono);
    if (mixed.buffer !== this.#mono.buffer) this.#mono = mixed;
    for (let i = 0; i < mixed.length; i++) if (!Number.isFinite(mixed[i])) mixed[i] = 0;
    return mixed;
  }
}
