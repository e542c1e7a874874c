import { z } from 'zod';
import type { NodeType } from '../../core/registries.js';
import { loadLmaPreset } from '../../movement/lma-efforts.js';
import { ensureBackend } from '../backend.js';
import { openSonifyModel } from './open-sonify-model.js';

const params = z.strictObject({
  /** Model folder (model.json + weights.bin), relative to the patch; the shipped presets/models/sonify-demo when left out. */
  model: z.string().min(1).optional(),
  /** Id of the body that is heard. */
  body: z.number().int().min(0).default(0),
  /** Sampling temperature: 0 always gives the likeliest sound for a movement, higher more variety. */
  temperature: z.number().min(0).max(2).default(0.5),
  /** Seed of the sampling. */
  seed: z.number().int().min(0).default(1),
  /** Overlap faded between consecutive fragments, seconds. */
  crossfade: z.number().min(0).max(1).default(0.05),
  /** Longest fragment, seconds: a body giving no new keyframe still sounds this often. */
  longest: z.number().min(0.2).max(8).default(2),
});

export type SonifyParams = z.infer<typeof params>;

let live: typeof import('./live-sonify.js') | undefined;

/**
 * The learned movement-to-sound model live: skeleton frames in, one `audio` frame per action
 * window out (mono, at the model's rate; see liveSonify and SonifyStream).
 */
export const sonify: NodeType<SonifyParams> = {
  name: 'sonify',
  description: 'sound from movement with a learned model: skeletons to audio frames, a fragment per action window',
  params,
  async prepare(log) {
    await ensureBackend(log);
    live = await import('./live-sonify.js');
  },
  create({ model, ...settings }, ctx) {
    const files = openSonifyModel(model === undefined ? undefined : ctx.resolve(model));
    const preset = loadLmaPreset(files.config.lmaPreset, ctx.resolve('.'));
    return live!.liveSonify(files, preset, settings, ctx);
  },
};
