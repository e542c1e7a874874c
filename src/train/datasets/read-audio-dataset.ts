import { existsSync, readdirSync } from 'node:fs';
import { TerpsiError } from '../../core/errors.js';
import { labelsSuffix, readInstrumentCorpus } from '../corpora/read-instrument-corpus.js';
import { readStyleCorpus } from '../corpora/style-corpus.js';
import type { LabeledDataset } from './labeled-clip.js';

/** A dataset layout: how to recognise a folder of it, and how to read it. */
interface Layout {
  readonly name: string;
  readonly matches: (dir: string) => boolean;
  readonly read: (dir: string) => LabeledDataset;
}

const has = (dir: string, test: (file: string) => boolean) => {
  try {
    return readdirSync(dir).some(test);
  } catch {
    return false;
  }
};

const eventLayouts: readonly Layout[] = [{ name: 'terpsi corpus instruments', matches: (dir) => has(dir, (f) => f.endsWith(labelsSuffix)), read: readInstrumentCorpus }];

const styleLayouts: readonly Layout[] = [{ name: 'terpsi corpus styles', matches: (dir) => has(dir, (f) => f.endsWith('.json')), read: readStyleCorpus }];

function readLayout(layouts: readonly Layout[], dir: string, option: string): LabeledDataset {
  if (!existsSync(dir)) throw new TerpsiError('E_FILE_UNREADABLE', `${dir} (--${option}): no such folder`);
  const layout = layouts.find((l) => l.matches(dir));
  if (!layout) throw new TerpsiError('E_FILE_FORMAT', `${dir} (--${option}): not a dataset terpsi reads; layouts: ${layouts.map((l) => l.name).join('; ')}`);
  const dataset = layout.read(dir);
  if (dataset.clips.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${dir} (--${option}): no clips in this ${layout.name} folder`);
  return dataset;
}

/** A tagged dataset for the event detector, whichever published layout `dir` has. */
export const readEventDataset = (dir: string, option: string) => readLayout(eventLayouts, dir, option);

/** A ballroom dataset for the style recogniser, whichever layout `dir` has. */
export const readStyleDataset = (dir: string, option: string) => readLayout(styleLayouts, dir, option);

