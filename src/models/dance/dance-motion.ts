import type { OperatorFunction } from 'rxjs';
import type { Context } from '../../core/context.js';
import { TerpsiError } from '../../core/errors.js';
import type { Frame, FrameBase, MotionFrame } from '../../core/frames.js';
import { describeError } from '../../core/log.js';
import { frameOperator } from '../../core/operator.js';
import { seededRandom } from '../../core/seeded-random.js';
import { seconds, type Seconds } from '../../core/units.js';
import { danceAudioFraming, DanceAudioFeatures } from '../../dsp/dance-audio-features.js';
import { mixToMono } from '../../dsp/mix-to-mono.js';
import type { MotionNormalization } from '../../movement/motion-vector.js';
import type { DanceStream } from './dance-stream.js';
import { SafePoses } from './safe-poses.js';

/** What the live generator runs: a fresh stream per subscription, and the scaling of its poses. */
export interface DanceMotionModel {
  /** A new stream at rest, for one subscription; its `dancers` is the number of dancers. */
  readonly stream: () => DanceStream;
  readonly normalization: MotionNormalization;
}

const { sampleRate, fps, frames, bins } = danceAudioFraming;
const stackSize = frames * bins;
/** One motion frame, seconds: how far behind real time a slice may be computed. */
const slicePeriod = 1 / fps;
/**
 * Amplitude of the uniform noise added to the features of every dancer but the first. The model
 * is deterministic, so dancers fed the same audio would move as one; this much (2.5 % of the
 * features' −1..1 range) sets them apart within a few frames without changing what they hear.
 */
const dancerNoise = 0.05;

/**
 * The dance generator's live loop, audio frames in, motion frames out (see danceGenerator for
 * the node and its contract). Mono 16 kHz audio is cut into one slice per motion frame
 * (DanceAudioFeatures); per slice the stream steps every dancer at once, the decoder feeding back
 * its own previous pose (the stream starts at its rest: zero state, zero pose), and each dancer's
 * output becomes a motion frame through SafePoses. Slice k of the stream is at `t` = (time of its
 * first audio frame) + k/30 s.
 *
 * Held instead of computed, for every dancer, and reported once per audio frame:
 * - a slice with NaN or infinite samples in it (the stream keeps its state; the slice is not
 *   stepped);
 * - a slice whose step throws (the stream is put back to rest);
 * - on a live clock, a slice computed more than one motion frame (1/30 s) after the last sample
 *   of the audio frame that completed it was captured: processing has fallen behind, so it is
 *   skipped and the next slices are tried, until one is on time.
 * A dancer whose output has a non-finite value holds too (the stream puts it back to rest itself).
 * Audio at another rate is refused with E_PARAM once per rate; its frames are dropped.
 */
export function danceMotion(model: DanceMotionModel, ctx: Context): OperatorFunction<Frame, MotionFrame> {
  const { clock } = ctx;
  return frameOperator<Frame, MotionFrame>((emit) => {
    const stream = model.stream();
    const dancers = stream.dancers;
    const { motionSize } = stream.config;
    const poses = new SafePoses(dancers, model.normalization);
    const features = new DanceAudioFeatures();
    // Dancer d's noise is seeded with d, so a show's dancers move the same way on every run.
    const noise = Array.from({ length: dancers }, (_, d) => seededRandom(d));
    const spectra = new Float32Array(dancers * stackSize);
    const completed: { features: Float32Array; slice: number; finite: boolean }[] = [];
    let mono: Float32Array = new Float32Array(0);
    let start: Seconds | undefined;
    let refused: number | undefined;

    const send = (base: FrameBase, dancer: number) => emit({ ...base, kind: 'motion', dancer, ...poses.pose(dancer) });

    return (input) => {
      if (input.kind !== 'audio') return;
      if (input.sampleRate !== sampleRate) {
        if (refused === input.sampleRate) return;
        refused = input.sampleRate;
        throw new TerpsiError('E_PARAM', `input "${input.source}" is ${input.sampleRate} Hz audio; the dance generator takes ${sampleRate} Hz: set the source's sampleRate: ${sampleRate}`);
      }
      refused = undefined;
      start ??= input.t;
      const mixed = mixToMono(input.samples, input.channels, mono);
      if (mixed.buffer !== mono.buffer) mono = mixed;
      const n = mixed.length;
      const blockEnd = input.t + n / sampleRate;
      completed.length = 0;
      features.push(mono.subarray(0, n), (f, slice, finite) => completed.push({ features: f, slice, finite }));

      const late: number[] = [];
      const poisoned: number[] = [];
      const failed: unknown[] = [];
      const nonFinite = new Set<number>();
      for (const { features: f, slice, finite } of completed) {
        const base: FrameBase = { t: seconds(start + slice / fps), source: ctx.id, ...(input.rx === undefined ? {} : { rx: input.rx }) };
        if (!clock.virtual && clock.now() - blockEnd > slicePeriod) late.push(slice);
        else if (!finite) poisoned.push(slice);
        else {
          spectra.set(f);
          for (let d = 1; d < dancers; d++) {
            const random = noise[d]!;
            for (let i = 0; i < stackSize; i++) spectra[d * stackSize + i] = f[i]! + dancerNoise * (2 * random() - 1);
          }
          try {
            const out = stream.step(spectra);
            for (let d = 0; d < dancers; d++) if (!poses.offer(d, out.subarray(d * motionSize, (d + 1) * motionSize))) nonFinite.add(d);
          } catch (error) {
            failed.push(error);
            resetQuietly(stream);
          }
        }
        for (let d = 0; d < dancers; d++) send(base, d);
      }
      if (late.length > 0) ctx.report(new Error(`slice(s) ${late.join(', ')} came more than ${slicePeriod.toFixed(3)} s behind real time: skipped, holding the last pose`));
      if (poisoned.length > 0) ctx.report(new Error(`slice(s) ${poisoned.join(', ')}: the audio has NaN or infinite samples; holding the last pose`));
      if (failed.length > 0) ctx.report(new Error(`the dance model failed on ${failed.length} slice(s), holding the last pose and starting again from rest: ${describeError(failed[0])}`));
      if (nonFinite.size > 0) ctx.report(new Error(`dancer(s) ${[...nonFinite].join(', ')}: the model's output is not finite; holding the last safe pose`));
    };
  }, ctx.report);
}

/** A stream whose step threw may be half-way through its state: back to rest, or, failing that, left to fail again. */
function resetQuietly(stream: DanceStream): void {
  try {
    stream.reset();
  } catch {
    // The next step reports again; holding the pose is all that can be done meanwhile.
  }
}
