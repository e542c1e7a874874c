import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import { MotionNormalization, motionVectorLength } from '../../movement/motion-vector.js';
import type { DanceModelConfig } from './dance-model-config.js';
import { loadDanceModel } from './dance-model-files.js';
import type { DanceWeights } from './dance-weights.js';

/** Where the dance model terpsi ships lives: what the dance generator uses when no model is given. */
export const shippedDanceModel = join(packageRoot, 'presets/models/dance-basic');

/** A dance model ready for the streaming generator. */
export interface OpenDanceModel {
  /** The model folder, for messages. */
  readonly dir: string;
  readonly config: DanceModelConfig;
  readonly normalization: MotionNormalization;
  readonly weights: DanceWeights;
}

/**
 * Reads a model folder written by saveDanceModel and checks that it fits the live generator: its
 * input is the dance audio features (5 × 129 per motion frame) and its output the 71-value
 * motion vector, scaled by the MotionNormalization stored with it. A folder without model.json
 * is E_FILE_UNREADABLE naming the file and saying how to train a model; a corrupt one, or one
 * made for other sizes, E_FILE_FORMAT naming the file and the field.
 */
export function openDanceModel(dir: string): OpenDanceModel {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) {
    const which = dir === shippedDanceModel ? 'terpsi has no trained dance model yet' : 'no dance model there';
    throw new TerpsiError(
      'E_FILE_UNREADABLE',
      `${file}: no such file: ${which}. Train one: \`terpsi corpus dance corpora/dance-train\`, then ` +
        `\`terpsi train dance --corpus corpora/dance-train --out ${dir}\` (or give a trained model's folder: \`model:\` in a patch, --model on the command line)`,
    );
  }
  const { config, normalization, weights } = loadDanceModel(dir);
  const fits: readonly [string, number, number][] = [
    ['config.spectrumFrames', config.spectrumFrames, danceAudioFraming.frames],
    ['config.spectrumBins', config.spectrumBins, danceAudioFraming.bins],
    ['config.motionSize', config.motionSize, motionVectorLength],
  ];
  for (const [field, actual, expected] of fits) {
    if (actual !== expected) {
      throw new TerpsiError('E_FILE_FORMAT', `${file}: ${field} is ${actual}; the live dance generator needs ${expected} (its audio features and motion format)`);
    }
  }
  return { dir, config, normalization: MotionNormalization.fromJSON(normalization, `${file}: normalization`), weights };
}
