import { readFileSync } from 'node:fs';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import { seconds, type Seconds } from '../core/units.js';

/**
 * Reads a `.beats` annotation: one beat time in seconds per line, in increasing order. Further
 * whitespace-separated columns are ignored, so the Ballroom data set's `time beat-number` files
 * read too; blank lines are skipped. An unreadable file is E_FILE_UNREADABLE, a bad line
 * E_FILE_FORMAT naming the file and line.
 */
export function readBeatsFile(file: string): Seconds[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the beat annotation`);
  }
  const beats: Seconds[] = [];
  text.split('\n').forEach((line, i) => {
    const field = line.trim().split(/\s+/)[0];
    if (!field) return;
    const t = Number(field);
    const where = `${file}:${i + 1}`;
    if (!Number.isFinite(t) || t < 0) throw new TerpsiError('E_FILE_FORMAT', `${where}: expected a beat time in seconds, got "${field}"`);
    if (beats.length > 0 && t < beats[beats.length - 1]!) throw new TerpsiError('E_FILE_FORMAT', `${where}: beat times must not decrease (${t} after ${beats[beats.length - 1]})`);
    beats.push(seconds(t));
  });
  return beats;
}

/** The text of a `.beats` file: one time per line, to the microsecond. */
export function formatBeats(beats: readonly Seconds[]): string {
  return beats.map((t) => t.toFixed(6)).join('\n') + '\n';
}
