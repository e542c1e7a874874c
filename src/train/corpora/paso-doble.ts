import type { BallroomDance } from './ballroom-dances.js';

/**
 * Paso doble grooves for mma, which has none: a Spanish march in 2/4 as dance textbooks describe
 * it — bass drum on both beats, a snare on the beats with a pickup into the second, hi-hat on
 * the off-beats, the bass alternating root and fifth, chords stabbed on the off-beats; the
 * second variant rolls the snare in sixteenths and adds a strummed sixteenth-note arpeggio, a
 * nod to the flamenco guitar. An approximation written for the corpus, not a transcription.
 */
export const pasoDobleGrooves = `// Paso doble: a Spanish march in 2/4
SeqClear
Time 2
TimeSig 2 4
Begin Drum-Kick
  Tone KickDrum1
  Sequence { 1 0 100; 2 0 85 }
End
Begin Drum-Snare
  Tone SnareDrum1
  Sequence { 1 0 90; 1.5 0 60; 1.75 0 70; 2 0 90; 2.5 0 80 }
End
Begin Drum-Hat
  Tone ClosedHiHat
  Sequence { 1.5 0 60; 2.5 0 60 }
End
Begin Bass
  Voice Tuba
  Octave 3
  Articulate 80
  Sequence { 1 4 1 100; 2 4 5 90 }
End
Begin Chord
  Voice BrassSection
  Octave 5
  Articulate 60
  Sequence { 1.5 8 80; 2.5 8 80 }
End
DefGroove PasoDoble
Begin Drum-Snare
  Sequence { 1 0 90; 1.25 0 50; 1.5 0 70; 1.75 0 60; 2 0 90; 2.25 0 50; 2.5 0 70; 2.75 0 60 }
End
Begin Arpeggio
  Voice NylonGuitar
  Octave 5
  Articulate 90
  Sequence { 1 16 80; 1.25 16 60; 1.5 16 70; 1.75 16 60; 2 16 80; 2.25 16 60; 2.5 16 70; 2.75 16 60 }
End
DefGroove PasoDobleRoll`;

/** Paso doble at the WDSF's 60–62 bars a minute, two beats a bar, on the grooves above. */
export const pasoDoble: BallroomDance = {
  id: 'pasodoble',
  timeSignature: [2, 4],
  tempo: [120, 124],
  grooves: ['PasoDoble', 'PasoDobleRoll'],
  intros: [],
};
