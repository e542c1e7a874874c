import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { packageRoot } from '../../core/paths.js';
import { loadEventModel, type EventModelFiles } from './event-model-files.js';

/** The instrument-family event model terpsi ships: what `events` and the event-detector node use by default. */
export const shippedEventModel = join(packageRoot, 'presets/models/instrument-events');

/** Reads an event model folder; a missing one is E_FILE_UNREADABLE saying how to train one. */
export function openEventModel(dir: string = shippedEventModel): EventModelFiles {
  const file = join(dir, 'model.json');
  if (!existsSync(file)) {
    throw new TerpsiError(
      'E_FILE_UNREADABLE',
      `${file}: no such file: no event model there. Train one: \`terpsi corpus instruments corpora/instruments-train\` and ` +
        `\`terpsi corpus instruments corpora/instruments-validate --split validate\`, then \`terpsi train events --corpus corpora/instruments-train --validate corpora/instruments-validate --out ${dir}\``,
    );
  }
  return loadEventModel(dir);
}
