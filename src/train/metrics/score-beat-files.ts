import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { decodeWav } from '../../sources/wav.js';
import { readBeatsFile } from '../beats-file.js';
import { beatFMeasure, type BeatScore } from './beat-f-measure.js';

/** A beat tracker run on a whole file: beat times in seconds from the start of the file. */
export type BeatTracker = (file: string) => Promise<readonly number[]>;

export interface FileScore extends BeatScore {
  /** The file's name without `.wav`: `jive-171-s1500-clean`. */
  readonly name: string;
  /** Median inter-beat interval of the reference over that of the estimate: 2 means double tempo, 0.5 half. */
  readonly tempoRatio: number;
}

export interface BeatEvaluation {
  readonly scores: readonly FileScore[];
  /** `.wav` files that have no `.beats` beside them, by name. */
  readonly unannotated: readonly string[];
  /** Means over the files scored (0 when none). */
  readonly mean: { readonly f: number; readonly precision: number; readonly recall: number };
}

/**
 * Scores `tracker` on every `<name>.wav` in `dir` that has a `<name>.beats` beside it, with the
 * beat F-measure (mir_eval's), in name order. A WAV file without annotation is listed in
 * `unannotated` and skipped; a WAV file that cannot be read or decoded is E_FILE_UNREADABLE or
 * E_FILE_FORMAT naming it, and a bad `.beats` file E_FILE_FORMAT naming its line: the corpus is
 * broken and no mean over it would mean anything. `onProgress` is called after each file.
 */
export async function scoreBeatFiles(dir: string, tracker: BeatTracker, onProgress?: (done: number, total: number, name: string) => void): Promise<BeatEvaluation> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${dir}: cannot list the folder`);
  }
  const names = entries.filter((f) => f.endsWith('.wav')).map((f) => basename(f, '.wav')).sort();
  const annotated = names.filter((n) => existsSync(join(dir, `${n}.beats`)));
  const unannotated = names.filter((n) => !annotated.includes(n));
  const scores: FileScore[] = [];
  for (const name of annotated) {
    const wav = join(dir, `${name}.wav`);
    checkWav(wav);
    const reference = readBeatsFile(join(dir, `${name}.beats`));
    const estimated = await tracker(wav);
    let score: BeatScore;
    try {
      score = beatFMeasure(reference, estimated);
    } catch (e) {
      throw new TerpsiError('E_FILE_FORMAT', `${wav}: the tracker's beats cannot be scored: ${(e as Error).message}`, { cause: e });
    }
    scores.push({ name, ...score, tempoRatio: medianInterval(reference) / medianInterval(estimated) });
    onProgress?.(scores.length, annotated.length, name);
  }
  const mean = (pick: (s: FileScore) => number) => (scores.length > 0 ? scores.reduce((sum, s) => sum + pick(s), 0) / scores.length : 0);
  return { scores, unannotated, mean: { f: mean((s) => s.f), precision: mean((s) => s.precision), recall: mean((s) => s.recall) } };
}

/** Reads and decodes the whole WAV file, so that a broken one fails here, named, whatever the tracker would do with it. */
function checkWav(file: string): void {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the audio`);
  }
  decodeWav(bytes, file);
}

function medianInterval(beats: readonly number[]): number {
  const intervals = beats.slice(1).map((t, i) => t - beats[i]!).sort((a, b) => a - b);
  return intervals.length > 0 ? intervals[Math.floor(intervals.length / 2)]! : NaN;
}
