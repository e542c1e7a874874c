import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { labelsSuffix, readInstrumentCorpus } from '../corpora/read-instrument-corpus.js';
import { readStyleCorpus } from '../corpora/style-corpus.js';
import type { LabeledDataset } from './labeled-clip.js';
import { looksLikeBallroomFolders, readExtendedBallroom } from './read-extended-ballroom.js';
import { readMagnaTagAtune } from './read-magnatagatune.js';
import { looksLikeMedleyDb, readMedleyDb } from './read-medleydb.js';
import { readUrbanSound8k } from './read-urbansound8k.js';

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

const eventLayouts: readonly Layout[] = [
  { name: 'terpsi corpus instruments', matches: (dir) => has(dir, (f) => f.endsWith(labelsSuffix)), read: readInstrumentCorpus },
  { name: 'MagnaTagATune (annotations_final.csv)', matches: (dir) => existsSync(join(dir, 'annotations_final.csv')), read: (dir) => readMagnaTagAtune(dir) },
  { name: 'UrbanSound8K (metadata/UrbanSound8K.csv)', matches: (dir) => existsSync(join(dir, 'metadata', 'UrbanSound8K.csv')), read: (dir) => readUrbanSound8k(dir) },
  { name: 'MedleyDB (<Track>_METADATA.yaml and activation files)', matches: looksLikeMedleyDb, read: (dir) => readMedleyDb(dir) },
];

const styleLayouts: readonly Layout[] = [
  { name: 'terpsi corpus styles', matches: (dir) => has(dir, (f) => f.endsWith('.json')), read: readStyleCorpus },
  { name: 'Extended Ballroom (a folder per style)', matches: looksLikeBallroomFolders, read: readExtendedBallroom },
];

function readLayout(layouts: readonly Layout[], dir: string, role: string): LabeledDataset {
  if (!existsSync(dir)) throw new TerpsiError('E_FILE_UNREADABLE', `${dir} (${role}): no such folder`);
  const layout = layouts.find((l) => l.matches(dir));
  if (!layout) throw new TerpsiError('E_FILE_FORMAT', `${dir} (${role}): not a dataset terpsi reads; layouts: ${layouts.map((l) => l.name).join('; ')}`);
  const dataset = layout.read(dir);
  if (dataset.clips.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${dir} (${role}): no clips in this ${layout.name} folder`);
  return dataset;
}

/** A tagged dataset for the event detector, whichever published layout `dir` has; `role` says in messages what the folder was given as. */
export const readEventDataset = (dir: string, role: string) => readLayout(eventLayouts, dir, role);

/** A ballroom dataset for the style recogniser, whichever layout `dir` has. */
export const readStyleDataset = (dir: string, role: string) => readLayout(styleLayouts, dir, role);

