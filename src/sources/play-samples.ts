import { Observable } from 'rxjs';
import type { Clock } from '../core/clock.js';
import type { AudioFrame } from '../core/frames.js';
import { samplesToSeconds, seconds, type Hertz } from '../core/units.js';

/** PCM held in memory, ready to be played as a stream of blocks. */
export interface SampleBuffer {
  /** Interleaved float samples in -1..1, `channels` per sample frame. */
  readonly samples: Float32Array;
  readonly sampleRate: Hertz;
  readonly channels: number;
}

export interface PlayOptions {
  /** Id the frames carry as `source`. */
  readonly source: string;
  /** Sample frames per block. */
  readonly blockSize: number;
  /** Start again from the beginning at the end, seamlessly (blocks wrap around the end). */
  readonly loop: boolean;
}

/**
 * Plays `audio` as AudioFrames of `blockSize` sample frames paced on `clock`: block k is emitted at
 * t0 + k·blockSize/sampleRate, where t0 is the engine time at subscription, and carries that time
 * as `t` and the sample counter as `index`. On the virtual clock this runs as fast as the
 * subscribers allow, with the same times. Without `loop` the last block may be shorter and the
 * stream completes after it; an empty buffer completes at once.
 */
export function playSamples(clock: Clock, audio: SampleBuffer, options: PlayOptions): Observable<AudioFrame> {
  const { samples, sampleRate, channels } = audio;
  const { blockSize, loop, source } = options;
  const total = Math.floor(samples.length / channels);
  return new Observable<AudioFrame>((subscriber) => {
    const stop = new AbortController();
    const t0 = clock.now();
    const run = async () => {
      // `index` counts sample frames since the start, across loops; `at` is the position in the buffer.
      let index = 0;
      let at = 0;
      while (total > 0 && (loop || at < total)) {
        const t = seconds(t0 + samplesToSeconds(index, sampleRate));
        await clock.sleepUntil(t, stop.signal);
        if (stop.signal.aborted) return;
        const n = loop ? blockSize : Math.min(blockSize, total - at);
        const block = new Float32Array(n * channels);
        for (let filled = 0; filled < n; ) {
          const take = Math.min(n - filled, total - at);
          block.set(samples.subarray(at * channels, (at + take) * channels), filled * channels);
          filled += take;
          at += take;
          if (at === total && loop) at = 0;
        }
        subscriber.next({ kind: 'audio', t, source, sampleRate, channels, samples: block, index });
        index += n;
      }
      subscriber.complete();
    };
    run().catch((error: unknown) => subscriber.error(error));
    return () => stop.abort();
  });
}
