import type { OperatorFunction } from 'rxjs';
import type { Context } from '../../core/context.js';
import { TerpsiError } from '../../core/errors.js';
import type { EventsFrame, Frame } from '../../core/frames.js';
import { frameOperator } from '../../core/operator.js';
import { hertz, normalized, seconds, type Normalized, type Seconds } from '../../core/units.js';
import { MultiScaleLogMel } from '../../dsp/log-mel.js';
import { MonoIntake } from '../../dsp/mono-intake.js';
import { EventDetector } from './event-detector.js';
import { eventInputSize, segmentStride } from './event-model-config.js';
import type { EventModelFiles } from './event-model-files.js';

export interface LiveEventSettings {
  /** Audio the detector looks at for each update, seconds (at least two segments). */
  readonly window: Seconds;
  /** Seconds between updates. */
  readonly interval: Seconds;
  /** A tag turns off when its probability falls this far below its threshold. */
  readonly hysteresis: number;
}

/**
 * The event detector live: mono audio at the model's rate through the streaming multi-scale
 * log-mel, and every `interval` (in whole hops, rounded down) the detector run over the last
 * `window` of frames. The frame it reports is a segment and a half back from the newest, where
 * the convolutions see audio on both sides. A tag turns on when its probability reaches its threshold and off when it falls
 * `hysteresis` below it. Each update is an `events` frame (probabilities of every tag, the
 * active ones) at the time of the reported frame's centre.
 *
 * Audio at another rate is refused with E_PARAM once per rate; non-finite samples count as
 * silence, and an update whose probabilities are not all finite is reported and skipped, the
 * tags keeping their state.
 */
export function liveEvents(model: EventModelFiles, settings: LiveEventSettings, ctx: Context): OperatorFunction<Frame, EventsFrame> {
  const { config, thresholds } = model;
  const size = eventInputSize(config);
  const stride = segmentStride(config);
  const windowFrames = Math.max(2 * stride, Math.round((settings.window * config.sampleRate) / config.hop));
  const intervalFrames = Math.max(1, Math.floor((settings.interval * config.sampleRate) / config.hop));
  const lag = Math.min(windowFrames - 1, stride + Math.floor(stride / 2));
  return frameOperator<Frame, EventsFrame>((emit, onTeardown) => {
    const detector = new EventDetector(model);
    onTeardown(() => detector.dispose());
    const mel = new MultiScaleLogMel({ sampleRate: hertz(config.sampleRate), hop: config.hop, nFfts: config.nFfts, nMels: config.nMels });
    const window = new Float32Array(windowFrames * size);
    const active = new Set<string>();
    let filled = 0;
    let sinceUpdate = 0;
    const intake = new MonoIntake(config.sampleRate, 'the event detector');

    const update = (newest: number, source: string) => {
      const probabilities = detector.frameProbabilities({ frames: windowFrames, size, data: window });
      const row = probabilities.subarray((windowFrames - 1 - lag) * config.tags.length, (windowFrames - lag) * config.tags.length);
      if (!row.every(Number.isFinite)) throw new TerpsiError('E_PARAM', `the event detector gave a non-finite probability; update skipped`);
      const named: Record<string, Normalized> = {};
      config.tags.forEach((tag, c) => {
        const p = row[c]!;
        named[tag] = normalized(p);
        if (p >= thresholds[c]!) active.add(tag);
        else if (p < thresholds[c]! - settings.hysteresis) active.delete(tag);
      });
      const centre = (newest - lag) * config.hop + mel.centre;
      emit({ kind: 'events', t: seconds(intake.start! + centre / config.sampleRate), source, probabilities: named, active: config.tags.filter((t) => active.has(t)) });
    };

    return (input) => {
      if (input.kind !== 'audio') return;
      const mixed = intake.take(input);
      if (!mixed) return;
      let error: unknown;
      mel.push(mixed, (rows, frame) => {
        window.copyWithin(0, size);
        rows.forEach((row, s) => window.set(row, (windowFrames - 1) * size + s * config.nMels));
        filled = Math.min(windowFrames, filled + 1);
        if (filled < windowFrames || ++sinceUpdate < intervalFrames) return;
        sinceUpdate = 0;
        try {
          update(frame, ctx.id);
        } catch (e) {
          error ??= e;
        }
      });
      if (error) throw error;
    };
  }, ctx.report);
}
