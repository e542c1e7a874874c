import type { OperatorFunction } from 'rxjs';
import type { Context } from '../../core/context.js';
import { derive, type AudioFrame, type Frame } from '../../core/frames.js';
import { frameOperator } from '../../core/operator.js';
import { seededRandom } from '../../core/seeded-random.js';
import { hertz, seconds } from '../../core/units.js';
import type { Pose, Position } from '../../movement/action-segmentation.js';
import type { LmaPreset } from '../../movement/lma-efforts.js';
import { kinect2Bodies } from '../../movement/map-skeleton.js';
import { motionRate } from './sonify-model-config.js';
import type { SonifyModelFiles } from './sonify-model-files.js';
import { Sonifier } from './sonifier.js';
import { SonifyStream } from './sonify-stream.js';

export interface LiveSonifySettings {
  /** The body that is heard. */
  readonly body: number;
  readonly temperature: number;
  readonly seed: number;
  readonly crossfade: number;
  readonly longest: number;
}

/**
 * The learned sonification live: the chosen body of skeleton frames, on kinect2 joint names,
 * resampled by linear interpolation onto the model's motion grid (skeleton sources are
 * irregular), into a SonifyStream; each fragment it completes goes out as one mono `audio`
 * frame at the model's rate, stamped with the movement time it sounds, samples counted from the
 * first. Joints with confidence 0 or non-finite coordinates count as missing. A gap in the body
 * longer than one second starts the movement afresh (the sound carries on from where it was).
 */
export function liveSonify(model: SonifyModelFiles, preset: LmaPreset, settings: LiveSonifySettings, ctx: Context): OperatorFunction<Frame, AudioFrame> {
  const { config } = model;
  const step = 1 / motionRate;
  return frameOperator<Frame, AudioFrame>((emit, onTeardown) => {
    const sonifier = new Sonifier(model);
    onTeardown(() => sonifier.dispose());
    const random = seededRandom(`sonify/${settings.seed}`);
    const newStream = () => new SonifyStream({ sonifier, preset, temperature: settings.temperature, random, crossfade: settings.crossfade, longest: settings.longest });
    let stream = newStream();
    let last: { t: number; pose: Pose } | undefined;
    let next = 0;
    let index = 0;
    return (input) => {
      if (input.kind !== 'skeleton') return;
      const body = kinect2Bodies(input).find((b) => b.id === settings.body);
      if (!body || !Number.isFinite(input.t)) return;
      const pose: Record<string, Position> = {};
      for (const [name, j] of Object.entries(body.joints)) if (j.confidence > 0 && Number.isFinite(j.x + j.y + j.z)) pose[name] = j;
      if (!last || input.t - last.t > 1) {
        if (last) stream = newStream();
        last = { t: input.t, pose };
        next = input.t;
      }
      if (input.t < last.t) return;
      for (; next <= input.t; next += step) {
        const f = input.t > last.t ? (next - last.t) / (input.t - last.t) : 1;
        const fragment = stream.push(blend(last.pose, pose, f), next);
        if (!fragment) continue;
        emit({ ...derive(input, ctx.id), kind: 'audio', t: seconds(fragment.t), sampleRate: hertz(config.sampleRate), channels: 1, samples: fragment.samples, index });
        index += fragment.samples.length;
      }
      last = { t: input.t, pose };
    };
  }, ctx.report);
}

/** Joint positions a fraction f of the way from a to b; a joint missing from either is taken from the other. */
function blend(a: Pose, b: Pose, f: number): Pose {
  const out: Record<string, Position> = {};
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const p = a[name];
    const q = b[name];
    out[name] = p && q ? { x: p.x + f * (q.x - p.x), y: p.y + f * (q.y - p.y), z: p.z + f * (q.z - p.z) } : (p ?? q)!;
  }
  return out;
}
