import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { seconds } from '../../core/units.js';
import type { LabeledClip, LabeledDataset } from './labeled-clip.js';

/**
 * UrbanSound8K as published: `metadata/UrbanSound8K.csv` (`slice_file_name, fsID, start, end,
 * salience, fold, classID, class`) and `audio/fold<k>/<slice>`. Tags: the ten classes in classID
 * order. Each slice is its class throughout, so its one interval spans it. `folds` keeps only
 * those folds (the dataset's ten-fold protocol). A malformed row is E_FILE_FORMAT naming file and line.
 */
export function readUrbanSound8k(root: string, options: { folds?: readonly number[] } = {}): LabeledDataset {
  const file = join(root, 'metadata', 'UrbanSound8K.csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the UrbanSound8K metadata`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',');
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new TerpsiError('E_FILE_FORMAT', `${file}: line 1: no "${name}" column`);
    return i;
  };
  const [nameAt, startAt, endAt, foldAt, idAt, classAt] = ['slice_file_name', 'start', 'end', 'fold', 'classID', 'class'].map(at) as [number, number, number, number, number, number];
  const names: string[] = [];
  const clips: { clip: LabeledClip; id: number }[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    const where = `${file}: line ${i + 2}`;
    if (cells.length !== header.length) throw new TerpsiError('E_FILE_FORMAT', `${where}: ${cells.length} fields, the header has ${header.length}`);
    const [start, end, fold, id] = [startAt, endAt, foldAt, idAt].map((k) => Number(cells[k]));
    if (![start, end, fold, id].every(Number.isFinite) || !(end! > start!)) throw new TerpsiError('E_FILE_FORMAT', `${where}: start, end, fold and classID must be numbers with end after start`);
    const tag = cells[classAt]!;
    names[id!] ??= tag;
    if (names[id!] !== tag) throw new TerpsiError('E_FILE_FORMAT', `${where}: classID ${id} is "${names[id!]}" elsewhere, "${tag}" here`);
    if (options.folds && !options.folds.includes(fold!)) return;
    const clip = { audio: join(root, 'audio', `fold${fold}`, cells[nameAt]!), tags: [tag], intervals: [{ tag, onset: seconds(0), offset: seconds(end! - start!) }] };
    clips.push({ clip, id: id! });
  });
  return { tags: names.filter((n) => n !== undefined), clips: clips.map((c) => c.clip) };
}
