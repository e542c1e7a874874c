import type { BallroomDance } from './ballroom-dances.js';
import { pick, seededRandom } from '../../core/seeded-random.js';

/** Markers the song puts at its first bar line and after its last bar: read back from the MIDI file. */
export const songStartMark = 'SongStart';
export const songEndMark = 'SongEnd';

/** Bars a section keeps its groove for: phrases of four bars, as dance music is built. */
const sectionBars = 4;

// Four- and eight-bar progressions in C major and A minor; a song transposes one to a random key.
const progressions: readonly (readonly string[])[] = [
  ['C', 'Am', 'F', 'G'],
  ['C', 'F', 'G', 'C'],
  ['C', 'Am', 'Dm7', 'G7'],
  ['C', 'Em', 'F', 'G'],
  ['F', 'G', 'Em', 'Am'],
  ['Cmaj7', 'A7', 'Dm7', 'G7'],
  ['C', 'C7', 'F', 'Fm', 'C', 'A7', 'D7', 'G7'],
  ['Am', 'Dm', 'E7', 'Am'],
  ['Am', 'F', 'G', 'E7'],
  ['Am', 'G', 'F', 'E7'],
  ['Dm', 'Am', 'E7', 'Am'],
  ['Am', 'Am7', 'Dm', 'E7', 'F', 'Dm', 'B7', 'E7'],
];

/** What a song is: the knobs the corpus draws per item. */
export interface BallroomSongOptions {
  /** Beats per minute, as the dance's time signature counts them. */
  readonly tempo: number;
  readonly bars: number;
  /** Chooses the progression, key, harmonic rhythm, intro and each section's groove; seeds mma's own randomness. */
  readonly seed: number;
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
  const progression = pick(progressions, random);
  const transpose = Math.floor(random() * 12) - 5;
  const twoChordsPerBar = quartersPerBar === 4 && random() < 0.3;
  const intro = random() < 0.4 ? pick(dance.intros, random) : undefined;

  const lines = [
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
      lines.push(`Groove ${bar === 0 && intro ? intro : pick(dance.grooves, random)}`, `TimeSig ${beatsPerBar} ${beatNote}`);
    }
    lines.push(twoChordsPerBar ? `${nextChord()} / ${nextChord()} /` : nextChord());
  }
  lines.push(`MidiMark ${songEndMark}`);
  return lines.join('\n') + '\n';
}
