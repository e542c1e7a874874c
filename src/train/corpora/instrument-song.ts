import { songEndMark, songStartMark } from './ballroom-song.js';
import type { InstrumentArrangement } from './instrument-arrangement.js';

/**
 * The mma source of a clip: its arrangement written out (header comments say what was drawn),
 * `bars` bars of one chord each over the groove, and markers at the first bar line and after the
 * last bar, so that the song's length can be read back from the MIDI file mma writes.
 */
export function instrumentSong(arrangement: InstrumentArrangement, bars: number): string {
  const { grooveFile, groove, tempo, transpose, chords, parts } = arrangement;
  const lines = [
    `// ${grooveFile.style}: groove ${groove} of stdlib/${grooveFile.file}, ${tempo} quarter notes per minute, transposed ${transpose} semitones`,
    `// families: ${arrangement.families.join(', ') || 'none'}`,
    `RndSeed ${arrangement.mmaSeed}`,
    `Tempo ${tempo}`,
    `Transpose ${transpose}`,
    `Use stdlib/${grooveFile.file}`,
    `Groove ${groove}`,
    ...parts.map((p) => (p.family === undefined ? `${p.track} Off` : p.program === undefined ? `// ${p.track}: drums` : `${p.track} Voice ${p.program} // ${p.family}`)),
    `MidiMark ${songStartMark}`,
    ...Array.from({ length: bars }, (_, i) => chords[i % chords.length]!),
    `MidiMark ${songEndMark}`,
  ];
  return lines.join('\n') + '\n';
}
