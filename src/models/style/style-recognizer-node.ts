import { z } from 'zod';
import type { NodeType } from '../../core/registries.js';
import { seconds } from '../../core/units.js';
import { ensureBackend } from '../backend.js';
import { openStyleModel } from './open-style-model.js';

const params = z.strictObject({
  /** Model folder (model.json + weights.bin), relative to the patch; the shipped presets/models/ballroom-style when left out. */
  model: z.string().min(1).optional(),
  /** Seconds between verdicts. */
  interval: z.number().min(0.1).max(60).default(1),
  /** Seconds of silence after which the next music counts as a new piece. */
  forget: z.number().min(1).max(600).default(5),
});

export type StyleRecognizerParams = z.infer<typeof params>;

let live: typeof import('./live-style.js') | undefined;

/**
 * Which dance the music is for: audio at the model's rate (16 kHz for the shipped ballroom
 * model) in, an `events` frame every `interval` out with each class's probability averaged over
 * the piece so far, the most probable one active (/terpsi/events/<class> on OSC). See liveStyle.
 */
export const styleRecognizer: NodeType<StyleRecognizerParams> = {
  name: 'style-recognizer',
  description: 'which ballroom dance the music is for: audio to events frames, class → probability (/terpsi/events/<class>)',
  params,
  async prepare(log) {
    await ensureBackend(log);
    live = await import('./live-style.js');
  },
  create({ model, interval, forget }, ctx) {
    const files = openStyleModel(model === undefined ? undefined : ctx.resolve(model));
    return live!.liveStyle(files, { interval: seconds(interval), forget: seconds(forget) }, ctx);
  },
};
