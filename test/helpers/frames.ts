import { lastValueFrom, of, toArray, type OperatorFunction } from 'rxjs';
import type { AudioFrame, Frame } from '../../src/core/frames.js';
import { hertz, seconds } from '../../src/core/units.js';

/**
 * Mono audio cut into frames of `block` samples, timed from 0 by the sample counter, each
 * arriving (`rx`) when its last sample has been captured, as from a live input.
 */
export function audioFrames(samples: Float32Array, sampleRate: number, block: number, source = 'audio'): AudioFrame[] {
  const frames: AudioFrame[] = [];
  for (let i = 0; i + block <= samples.length; i += block) {
    frames.push({
      kind: 'audio',
      t: seconds(i / sampleRate),
      rx: seconds((i + block) / sampleRate),
      source,
      sampleRate: hertz(sampleRate),
      channels: 1,
      samples: samples.subarray(i, i + block),
      index: i,
    });
  }
  return frames;
}

/** Runs frames through an operator and collects what comes out. */
export function through<O extends Frame>(frames: readonly Frame[], op: OperatorFunction<Frame, O>): Promise<O[]> {
  return lastValueFrom(of(...frames).pipe(op, toArray()));
}
