import type { BallroomDance } from './ballroom-dances.js';
import { pick, seededRandom } from '../../core/seeded-random.js';
import { chordProgressions } from './chord-progressions.js';

/** Markers the song puts at its first bar line and after its last bar: read back from the MIDI file. */
export const songStartMark = 'SongStart';
export const songEndMark = 'SongEnd';

/** Bars a section keeps its groove for: phrases of four bars, as dance music is built. */
const sectionBars = 4;

/** What a song is: the knobs the corpus draws per item. */
export interface BallroomSongOptions {
  /** Beats per minute, as the dance's time signature counts them. */
  readonly tempo: number;
  readonly bars: number;
  /** Chooses the progression, key, harmonic rhythm, intro and each section's groove; seeds mma's own randomness. */
  readonly seed: number;
  /** Progressions to draw from; all of chordProgressions when left out. */
  readonly progressions?: readonly (readonly string[])[];
  /** mma lines after every groove change: a groove brings its own voices, so voice choices follow each one. */
  readonly afterGroove?: readonly string[];
  /** mma source before the song: grooves it defines itself. */
  readonly preamble?: string;
}

/**
 * The mma source of a song for `dance`: its time signature after every groove change (mma's
 * grooves carry their own, and the Viennese waltz's says 4/4), an optional intro, then four-bar
 * sections each on a groove drawn from the dance's variants, over a progression transposed to a
 * random key with one or (in four-beat bars, sometimes) two chords a bar. Markers at the first
 * bar line and after the last bar let the song's span be read back from the MIDI file mma writes.
 */
export function ballroomSong(dance: BallroomDance, options: BallroomSongOptions): string {
  const random = seededRandom(`${dance.id}/${options.seed}`);
  const [beatsPerBar, beatNote] = dance.timeSignature;
  const quartersPerBar = (beatsPerBar * 4) / beatNote;
  const progression = pick(options.progressions ?? chordProgressions, random);
  const transpose = Math.floor(random() * 12) - 5;
  const twoChordsPerBar = quartersPerBar === 4 && random() < 0.3;
  const intro = random() < 0.4 ? pick(dance.intros, random) : undefined;

  const lines = [
    ...(options.preamble ? [options.preamble] : []),
    `// ${dance.id} at ${options.tempo} beats per minute, seed ${options.seed}`,
    `RndSeed ${options.seed}`,
    `Tempo ${(options.tempo * 4) / beatNote}`,
    `Transpose ${transpose}`,
    `MidiMark ${songStartMark}`,
  ];
  let chord = 0;
  const nextChord = () => progression[chord++ % progression.length]!;
  for (let bar = 0; bar < options.bars; bar++) {
    if (bar % sectionBars === 0) {
      lines.push(`Groove ${bar === 0 && intro ? intro : pick(dance.grooves, random)}`, `TimeSig ${beatsPerBar} ${beatNote}`, ...(options.afterGroove ?? []));
    }
    lines.push(twoChordsPerBar ? `${nextChord()} / ${nextChord()} /` : nextChord());
  }
  lines.push(`MidiMark ${songEndMark}`);
  return lines.join('\n') + '\n';
}
