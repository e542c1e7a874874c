import { z } from 'zod';
import { loadWeightsFile, saveWeightsFile, type NamedWeights } from '../weights-file.js';
import { styleModelConfigSchema, styleWeightShapes, type StyleModelConfig } from './style-model-config.js';

/** What a style model folder holds. */
export interface StyleModelFiles {
  readonly config: StyleModelConfig;
  readonly weights: NamedWeights;
}

const format = 'terpsi-style-recognizer';
const headerSchema = z.strictObject({ config: styleModelConfigSchema });

/** Writes `dir/model.json` and `dir/weights.bin`. */
export function saveStyleModel(dir: string, model: StyleModelFiles): void {
  saveWeightsFile(dir, format, { config: model.config }, styleWeightShapes(model.config), model.weights);
}

/** Reads a style model folder; a broken one, or one whose classes do not match its weights, is E_FILE_FORMAT naming the file. */
export function loadStyleModel(dir: string): StyleModelFiles {
  const { header, weights } = loadWeightsFile(dir, format, headerSchema, (h) => styleWeightShapes(h.config));
  return { config: header.config, weights };
}
