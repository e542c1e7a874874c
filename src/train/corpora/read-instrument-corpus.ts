import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { seconds } from '../../core/units.js';
import type { LabeledClip, LabeledDataset, TagInterval } from '../datasets/labeled-clip.js';
import { readText } from '../datasets/read-text.js';
import { instrumentTags, type InstrumentTag } from './instrument-tags.js';

/** The suffix of a clip's label file: `<name>.labels.json` beside `<name>.wav`. */
export const labelsSuffix = '.labels.json';

/**
 * The clips of a folder buildInstrumentCorpus wrote, in name order: one per `<name>.labels.json`
 * (written last, so only complete clips are listed), whose audio is `<name>.wav`, with the
 * instrument tags in their fixed order. A folder that cannot be listed, or a label file or WAV
 * that cannot be read, is E_FILE_UNREADABLE; a label file that is not what
 * buildInstrumentCorpus writes is E_FILE_FORMAT naming the file and the field.
 */
export function readInstrumentCorpus(dir: string): LabeledDataset {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${dir}: cannot list the instrument corpus folder`);
  }
  const clips = entries
    .filter((f) => f.endsWith(labelsSuffix))
    .sort()
    .map((f) => {
      const audio = join(dir, `${f.slice(0, -labelsSuffix.length)}.wav`);
      if (!existsSync(audio)) throw new TerpsiError('E_FILE_UNREADABLE', `${audio}: the audio of ${join(dir, f)} is missing`);
      return readInstrumentLabels(join(dir, f), audio);
    });
  return { tags: instrumentTags, clips };
}

/**
 * One clip from its label file `file`, `{"tags": [...], "intervals": [{"tag", "onset", "offset"}, ...]}`
 * (seconds), with `audio` as its audio: tags known and each once (returned in tag order), every
 * interval of a listed tag with 0 ≤ onset < offset, every tag with an interval. Anything else is
 * E_FILE_FORMAT naming `file` and the field.
 */
export function readInstrumentLabels(file: string, audio: string): LabeledClip {
  const fail = (field: string, why: string) => new TerpsiError('E_FILE_FORMAT', `${file}: ${field}: ${why}`);
  let data: unknown;
  try {
    data = JSON.parse(readText(file, 'instrument labels'));
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_FORMAT', `${file}: not JSON`);
  }
  const { tags, intervals } = (typeof data === 'object' && data !== null ? data : {}) as { tags?: unknown; intervals?: unknown };
  if (!Array.isArray(tags)) throw fail('tags', `expected a list of tags, got ${JSON.stringify(tags)}`);
  if (!Array.isArray(intervals)) throw fail('intervals', `expected a list of intervals, got ${JSON.stringify(intervals)}`);
  const known: readonly string[] = instrumentTags;
  tags.forEach((tag: unknown, i) => {
    if (typeof tag !== 'string' || !known.includes(tag)) throw fail(`tags[${i}]`, `expected one of ${instrumentTags.join(', ')}, got ${JSON.stringify(tag)}`);
    if (tags.indexOf(tag) !== i) throw fail(`tags[${i}]`, `"${tag}" is listed twice`);
  });
  const read = intervals.map((interval: unknown, i): TagInterval => {
    const { tag, onset, offset } = (typeof interval === 'object' && interval !== null ? interval : {}) as Record<string, unknown>;
    const field = `intervals[${i}]`;
    if (typeof tag !== 'string' || !tags.includes(tag)) throw fail(`${field}.tag`, `expected one of the clip's tags (${tags.join(', ')}), got ${JSON.stringify(tag)}`);
    if (typeof onset !== 'number' || !(onset >= 0)) throw fail(`${field}.onset`, `expected seconds ≥ 0, got ${JSON.stringify(onset)}`);
    if (typeof offset !== 'number' || !(offset > onset) || !Number.isFinite(offset)) throw fail(`${field}.offset`, `expected seconds after the onset (${onset}), got ${JSON.stringify(offset)}`);
    return { tag, onset: seconds(onset), offset: seconds(offset) };
  });
  const silent = tags.find((tag: string) => !read.some((r) => r.tag === tag));
  if (silent !== undefined) throw fail('tags', `"${silent}" has no interval`);
  return { audio, tags: instrumentTags.filter((t: InstrumentTag) => tags.includes(t)), intervals: read };
}
