import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TerpsiError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';

/**
 * Which metrical level is the beat: given candidate tempi an octave apart (T/2, T, 2T), a linear
 * score over periodicity features of each candidate; the best-scoring candidate is the beat.
 * Features are standardised with the training set's mean and deviation before the weights apply.
 */
export interface TempoLevelModel {
  readonly features: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly number[];
}

const schema = z
  .strictObject({
    format: z.literal('terpsi-tempo-level'),
    version: z.literal(1),
    features: z.array(z.string()).min(1),
    mean: z.array(z.number()),
    std: z.array(z.number().positive()),
    weights: z.array(z.number()),
  })
  .refine((m) => m.mean.length === m.features.length && m.std.length === m.features.length && m.weights.length === m.features.length, {
    message: 'features, mean, std and weights must have the same length',
  });

/** Where the shipped model lives. */
export const shippedTempoLevelModel = join(packageRoot, 'presets/models/tempo-level/model.json');

/** Score of one candidate's features (higher: more likely the beat). */
export function levelScore(model: TempoLevelModel, features: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < model.weights.length; i++) s += model.weights[i]! * ((features[i]! - model.mean[i]!) / model.std[i]!);
  return s;
}

/** Reads a model file; a missing, corrupt or mismatched one is a coded error naming the file. */
export function loadTempoLevelModel(file: string, expected: readonly string[]): TempoLevelModel {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${why}`, { cause: e });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: not a tempo-level model: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.features.join() !== expected.join()) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: the model's features (${parsed.data.features.join(', ')}) are not the ones this terpsi computes (${expected.join(', ')})`);
  }
  return parsed.data;
}
