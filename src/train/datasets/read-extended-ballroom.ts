import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError } from '../../core/errors.js';
import { ballroomStyles, type BallroomStyle } from '../corpora/ballroom-styles.js';
import type { LabeledDataset } from './labeled-clip.js';

/**
 * Folder names of the Extended Ballroom dataset (and of the original Ballroom dataset) and the
 * class each holds; lower case. Salsa and West Coast swing are not among the ten classes.
 */
const folders: Readonly<Record<string, BallroomStyle>> = {
  chacha: 'cha_cha_cha',
  chachacha: 'cha_cha_cha',
  foxtrot: 'slow_foxtrot',
  jive: 'jive',
  pasodoble: 'paso_doble',
  quickstep: 'quickstep',
  rumba: 'rumba',
  'rumba-american': 'rumba',
  'rumba-international': 'rumba',
  'rumba-misc': 'rumba',
  samba: 'samba',
  slowwaltz: 'slow_waltz',
  waltz: 'slow_waltz',
  tango: 'tango',
  viennesewaltz: 'viennese_waltz',
};

/**
 * The Extended Ballroom dataset as published (a folder per style of .mp3 files: Chacha, Foxtrot,
 * Jive, Pasodoble, Quickstep, Rumba, Salsa, Samba, Slowwaltz, Tango, Viennesewaltz, Waltz,
 * Wcswing), or the original Ballroom dataset (ChaChaCha, Jive, Quickstep, Rumba-American, ...,
 * VienneseWaltz, Waltz with .wav files), folder names in any case. Tags: the ten classes.
 * `skipped` counts the audio files in folders of other styles (salsa, West Coast swing).
 */
export function readExtendedBallroom(root: string): LabeledDataset & { skipped: number } {
  let entries: string[];
  try {
    entries = readdirSync(root).sort();
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${root}: cannot list the ballroom dataset folder`);
  }
  const audio = (dir: string) => readdirSync(dir).filter((f) => /\.(mp3|wav|flac|ogg)$/i.test(f)).sort();
  let skipped = 0;
  const clips = entries.flatMap((entry) => {
    const dir = join(root, entry);
    if (!statSync(dir).isDirectory()) return [];
    const style = folders[entry.toLowerCase()];
    if (!style) {
      skipped += audio(dir).length;
      return [];
    }
    return audio(dir).map((f) => ({ audio: join(dir, f), tags: [style] }));
  });
  return { tags: ballroomStyles, clips, skipped };
}

/** True when `dir` has at least one folder named after a ballroom style. */
export function looksLikeBallroomFolders(dir: string): boolean {
  try {
    return readdirSync(dir).some((e) => folders[e.toLowerCase()] !== undefined && statSync(join(dir, e)).isDirectory());
  } catch {
    return false;
  }
}
