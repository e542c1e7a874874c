import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import type { LabeledDataset } from './labeled-clip.js';

/** Tags the standard MagnaTagATune benchmark keeps: the 50 most frequent. */
const topTags = 50;

/**
 * The MagnaTagATune dataset as published: `annotations_final.csv` (tab-separated despite its
 * name: `clip_id`, one 0/1 column per tag, `mp3_path`) and the mp3 folders, under `root` or
 * `root/mp3`. Tags: `tags` if given, else the 50 most frequent (ties by column order), in
 * column order. Rows without an mp3 path are skipped; a clip may have no tag. Clip-level labels
 * only: MagnaTagATune has no timings. A malformed row is E_FILE_FORMAT naming file and line.
 */
export function readMagnaTagAtune(root: string, options: { tags?: readonly string[] } = {}): LabeledDataset {
  const file = join(root, 'annotations_final.csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the MagnaTagATune annotations`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t').map((h) => h.replace(/^"|"$/g, ''));
  if (header[0] !== 'clip_id' || header.at(-1) !== 'mp3_path') throw new TerpsiError('E_FILE_FORMAT', `${file}: line 1: expected a tab-separated header from clip_id to mp3_path`);
  const columns = header.slice(1, -1);
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split('\t').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length !== header.length) throw new TerpsiError('E_FILE_FORMAT', `${file}: line ${i + 2}: ${cells.length} fields, the header has ${header.length}`);
    const values = cells.slice(1, -1).map((v, c) => {
      if (v !== '0' && v !== '1') throw new TerpsiError('E_FILE_FORMAT', `${file}: line ${i + 2}: ${columns[c]}: expected 0 or 1, got "${v}"`);
      return v === '1';
    });
    return { values, path: cells.at(-1)! };
  });
  const counts = columns.map((_, c) => rows.reduce((n, r) => n + (r.values[c] ? 1 : 0), 0));
  let tags: string[];
  if (options.tags) {
    const unknown = options.tags.find((t) => !columns.includes(t));
    if (unknown) throw new TerpsiError('E_USAGE', `${file}: no tag "${unknown}"`);
    tags = columns.filter((t) => options.tags!.includes(t));
  } else {
    const kept = new Set([...columns.keys()].sort((a, b) => counts[b]! - counts[a]! || a - b).slice(0, topTags));
    tags = columns.filter((_, c) => kept.has(c));
  }
  const audioDir = existsSync(join(root, 'mp3')) ? join(root, 'mp3') : root;
  const clips = rows
    .filter((r) => r.path !== '')
    .map((r) => ({ audio: join(audioDir, r.path), tags: tags.filter((t) => r.values[columns.indexOf(t)]) }));
  return { tags, clips };
}
