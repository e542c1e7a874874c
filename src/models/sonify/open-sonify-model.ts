import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';
import { loadSonifyModel, type SonifyModelFiles } from './sonify-model-files.js';

/** The demo sonify model terpsi ships: what `sonify` and the sonify node use by default. */
export const shippedSonifyModel = join(packageRoot, 'presets/models/sonify-demo');

/** Reads a sonify model folder; a missing one is E_FILE_UNREADABLE saying how to train one. */
export function openSonifyModel(dir: string = shippedSonifyModel): SonifyModelFiles {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) {
    throw new TerpsiError(
      'E_FILE_UNREADABLE',
      `${file}: no such file: no sonify model there. Train one: \`terpsi corpus dance corpora/dance-train\`, then \`terpsi train sonify --corpus corpora/dance-train --out ${dir}\``,
    );
  }
  return loadSonifyModel(dir);
}
