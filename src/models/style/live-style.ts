import type { OperatorFunction } from 'rxjs';
import type { Context } from '../../core/context.js';
import { TerpsiError } from '../../core/errors.js';
import type { EventsFrame, Frame } from '../../core/frames.js';
import { frameOperator } from '../../core/operator.js';
import { hertz, normalized, seconds, type Normalized, type Seconds } from '../../core/units.js';
import { LogMel } from '../../dsp/log-mel.js';
import { MonoIntake } from '../../dsp/mono-intake.js';
import { silenceDbfs } from './classify-style.js';
import { StyleClassifier } from './style-classifier.js';
import type { StyleModelFiles } from './style-model-files.js';

export interface LiveStyleSettings {
  /** Seconds between verdicts. */
  readonly interval: Seconds;
  /** Silence this long ends a piece: the average starts again with the next music, seconds. */
  readonly forget: Seconds;
}

/**
 * The style recogniser live: mono audio at the model's rate through a streaming log-mel; every
 * `interval` (in whole hops, rounded down), once a whole segment has been heard, the CNN scores
 * the latest segment and the incremental average over the piece's segments so far becomes the
 * verdict. Each verdict is an
 * `events` frame (every class's averaged probability; `active` holds the most probable class,
 * or nothing while no music has been heard) at the time of the segment's last frame.
 *
 * A segment quieter than −60 dBFS RMS is silence: it is not averaged, and `forget` seconds of
 * silence start a new piece. Audio at another rate is refused with E_PARAM once per rate;
 * non-finite samples count as silence, and non-finite probabilities are reported and skipped.
 */
export function liveStyle(model: StyleModelFiles, settings: LiveStyleSettings, ctx: Context): OperatorFunction<Frame, EventsFrame> {
  const { config } = model;
  const { segmentFrames, nMels, hop, sampleRate } = config;
  const intervalFrames = Math.max(1, Math.floor((settings.interval * sampleRate) / hop));
  const forgetFrames = Math.round((settings.forget * sampleRate) / hop);
  return frameOperator<Frame, EventsFrame>((emit, onTeardown) => {
    const classifier = new StyleClassifier(model);
    onTeardown(() => classifier.dispose());
    const mel = new LogMel({ sampleRate: hertz(sampleRate), nFft: config.nFft, hop, nMels });
    const segment = new Float32Array(segmentFrames * nMels);
    // Sum of squares of the samples of each frame's hop, to judge a segment's loudness.
    const energy = new Float64Array(segmentFrames);
    const average = new Float32Array(config.classes.length);
    let counted = 0;
    let silentFrames = 0;
    let filled = 0;
    let sinceUpdate = 0;
    let pendingEnergy = 0;
    const intake = new MonoIntake(sampleRate, 'the style recogniser');

    const update = (frame: number, source: string) => {
      const total = energy.reduce((a, b) => a + b, 0);
      const silent = 10 * Math.log10(total / (segmentFrames * hop)) < silenceDbfs;
      if (silent) {
        silentFrames += intervalFrames;
        if (silentFrames >= forgetFrames) counted = 0;
      } else {
        silentFrames = 0;
        const p = classifier.segmentProbabilities({ frames: segmentFrames, size: nMels, data: segment }, [0])[0]!;
        if (!p.every(Number.isFinite)) throw new TerpsiError('E_PARAM', 'the style recogniser gave a non-finite probability; segment skipped');
        if (counted === 0) average.fill(0);
        counted++;
        for (let c = 0; c < average.length; c++) average[c]! += (p[c]! - average[c]!) / counted;
      }
      const probabilities: Record<string, Normalized> = {};
      config.classes.forEach((name, c) => (probabilities[name] = normalized(counted > 0 ? average[c]! : 1 / config.classes.length)));
      const best = average.indexOf(Math.max(...average));
      const end = frame * hop + config.nFft;
      emit({ kind: 'events', t: seconds(intake.start! + end / sampleRate), source, probabilities, active: counted > 0 ? [config.classes[best]!] : [] });
    };

    return (input) => {
      if (input.kind !== 'audio') return;
      const mixed = intake.take(input);
      if (!mixed) return;
      let error: unknown;
      // Energy is counted per hop of new samples; a frame completes once per hop after the first.
      let at = 0;
      const step = (chunk: Float32Array) => {
        for (const x of chunk) pendingEnergy += x * x;
        mel.push(chunk, (row, frame) => {
          segment.copyWithin(0, nMels);
          segment.set(row, (segmentFrames - 1) * nMels);
          energy.copyWithin(0, 1);
          energy[segmentFrames - 1] = pendingEnergy;
          pendingEnergy = 0;
          filled = Math.min(segmentFrames, filled + 1);
          if (filled < segmentFrames || ++sinceUpdate < intervalFrames) return;
          sinceUpdate = 0;
          try {
            update(frame, ctx.id);
          } catch (e) {
            error ??= e;
          }
        });
      };
      while (at < mixed.length) {
        const chunk = mixed.subarray(at, Math.min(mixed.length, at + hop));
        step(chunk);
        at += chunk.length;
      }
      if (error) throw error;
    };
  }, ctx.report);
}
