import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';
import { loadStyleModel, type StyleModelFiles } from './style-model-files.js';

/** The ballroom style model terpsi ships: what `classify` and the style-recognizer node use by default. */
export const shippedStyleModel = join(packageRoot, 'presets/models/ballroom-style');

/** Reads a style model folder; a missing one is E_FILE_UNREADABLE saying how to train one. */
export function openStyleModel(dir: string = shippedStyleModel): StyleModelFiles {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) {
    throw new TerpsiError(
      'E_FILE_UNREADABLE',
      `${file}: no such file: no style model there. Train one: \`terpsi corpus styles corpora/styles-train\` and ` +
        `\`terpsi corpus styles corpora/styles-validate --split validate\`, then \`terpsi train style --corpus corpora/styles-train --validate corpora/styles-validate --out ${dir}\``,
    );
  }
  return loadStyleModel(dir);
}
