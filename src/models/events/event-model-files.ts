import { z } from 'zod';
import { loadWeightsFile, saveWeightsFile, type NamedWeights } from '../weights-file.js';
import { eventModelConfigSchema, eventWeightShapes, type EventModelConfig } from './event-model-config.js';

/** What an event model folder holds. */
export interface EventModelFiles {
  readonly config: EventModelConfig;
  /** Per tag, in the config's order: the probability at which a frame counts as the tag sounding. */
  readonly thresholds: readonly number[];
  readonly weights: NamedWeights;
}

const format = 'terpsi-event-detector';

const headerSchema = z
  .strictObject({ config: eventModelConfigSchema, thresholds: z.record(z.string(), z.number().min(0).max(1)) })
  .refine((h) => Object.keys(h.thresholds).join() === h.config.tags.join(), { message: 'thresholds must name the tags, in order', path: ['thresholds'] });

/** Writes `dir/model.json` and `dir/weights.bin`. */
export function saveEventModel(dir: string, model: EventModelFiles): void {
  const thresholds = Object.fromEntries(model.config.tags.map((t, i) => [t, model.thresholds[i]!]));
  saveWeightsFile(dir, format, { config: model.config, thresholds }, eventWeightShapes(model.config), model.weights);
}

/** Reads an event model folder; a broken one, or one whose tags do not match its weights, is E_FILE_FORMAT naming the file. */
export function loadEventModel(dir: string): EventModelFiles {
  const { header, weights } = loadWeightsFile(dir, format, headerSchema, (h) => eventWeightShapes(h.config));
  return { config: header.config, thresholds: header.config.tags.map((t) => header.thresholds[t]!), weights };
}
