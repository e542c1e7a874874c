import { z } from 'zod';
import { loadWeightsFile, saveWeightsFile, type NamedWeights } from '../weights-file.js';
import { sonifyModelConfigSchema, sonifyWeightShapes, type SonifyModelConfig } from './sonify-model-config.js';

/** What a sonify model folder holds. */
export interface SonifyModelFiles {
  readonly config: SonifyModelConfig;
  readonly weights: NamedWeights;
}

const format = 'terpsi-sonify';

const headerSchema = z.strictObject({ config: sonifyModelConfigSchema });

/** Writes `dir/model.json` and `dir/weights.bin`. */
export function saveSonifyModel(dir: string, model: SonifyModelFiles): void {
  saveWeightsFile(dir, format, { config: model.config }, sonifyWeightShapes(model.config), model.weights);
}

/** Reads a sonify model folder; a broken one, or one whose weights do not fit its config, is E_FILE_FORMAT naming the file. */
export function loadSonifyModel(dir: string): SonifyModelFiles {
  const { header, weights } = loadWeightsFile(dir, format, headerSchema, (h) => sonifyWeightShapes(h.config));
  return { config: header.config, weights };
}
