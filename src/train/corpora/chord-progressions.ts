/** Four- and eight-bar progressions in C major and A minor, one chord a bar; a song transposes one to a random key. */
export const chordProgressions: readonly (readonly string[])[] = [
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
