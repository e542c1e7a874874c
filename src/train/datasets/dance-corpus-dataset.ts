import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { seconds } from '../../core/units.js';
import { readBvh } from '../../movement/bvh.js';
import { readBeatsFile } from '../beats-file.js';
import { danceTrack, type DanceTrackSource } from './dance-track.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import { readAudio } from './read-audio.js';
import { readText } from './read-text.js';
import { resampleMotion } from './resample-motion.js';

/** Audio and motion written together differ by rounding only: two frames of slack. */
const tolerance = seconds(2 / 30);

/**
 * The tracks of a folder in the layout buildDanceCorpus writes, in name order: one per
 * `<name>.json` (written last, so only complete tracks are listed), whose `split` field says
 * `train` or `test`; its other fields are not needed, so captures of one's own can sit in the
 * same layout with `{"split": "train"}`. Loading a track reads `<name>.wav` (any rate or channels:
 * resampled to 16 kHz mono), `<name>.beats` and `<name>.bvh` (resampled to 30 fps if need be),
 * and cuts audio and motion to their common span, which may differ by two frames at most. A
 * folder that cannot be listed, or a file that cannot be read, is E_FILE_UNREADABLE; a bad
 * `.json` (its `split`), `.beats` or `.bvh`, or lengths further apart, E_FILE_FORMAT naming the file.
 */
export function danceCorpusDataset(dir: string): DanceTrackSource[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${dir}: cannot list the corpus folder`);
  }
  return entries
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f): DanceTrackSource => {
      const name = basename(f, '.json');
      const file = (ext: string) => join(dir, `${name}.${ext}`);
      return {
        name,
        split: readSplit(file('json')),
        async load() {
          const motionFile = file('bvh');
          const motion = readBvh(readText(motionFile, 'motion'), motionFile);
          return danceTrack({
            name,
            audio: await readAudio(file('wav'), danceAudioFraming.sampleRate),
            beats: readBeatsFile(file('beats')),
            motion: resampleMotion(motion.frames, motion.frameTime),
            audioFile: file('wav'),
            motionFile,
            tolerance,
          });
        },
      };
    });
}

function readSplit(file: string): 'train' | 'test' {
  let data: unknown;
  try {
    data = JSON.parse(readText(file, 'track description'));
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_FORMAT', `${file}: not JSON`);
  }
  const split = (data as { split?: unknown } | null)?.split;
  if (split !== 'train' && split !== 'test') throw new TerpsiError('E_FILE_FORMAT', `${file}: split: expected "train" or "test", got ${JSON.stringify(split)}`);
  return split;
}
