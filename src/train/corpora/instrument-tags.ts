/** The instrument families the instrument corpus labels, in its tag order. */
export const instrumentTags = ['drums', 'bass', 'piano', 'guitar', 'strings', 'brass', 'reed', 'organ'] as const;
export type InstrumentTag = (typeof instrumentTags)[number];

/** General MIDI programs (0-based) of each pitched family; programs not listed belong to none. */
const familyRanges: readonly (readonly [Exclude<InstrumentTag, 'drums'>, number, number])[] = [
  ['piano', 0, 7],
  ['organ', 16, 23],
  ['guitar', 24, 31],
  ['bass', 32, 39],
  // Solo strings, tremolo and pizzicato strings; harp (46) and timpani (47) are not bowed or plucked strings of the section.
  ['strings', 40, 45],
  // String ensembles 1 and 2, synth strings 1 and 2.
  ['strings', 48, 51],
  ['brass', 56, 63],
  ['reed', 64, 71],
];

/**
 * The instrument family of General MIDI program `program` (0..127) on a melodic channel, or
 * undefined for programs of no family here (chromatic percussion, harp, timpani, choirs, pipes,
 * synth leads and pads, ethnic instruments, sound effects). Drums are not a program: they are
 * whatever plays on the percussion channel (see `drumChannel`).
 */
export function instrumentFamilyOfProgram(program: number): InstrumentTag | undefined {
  return familyRanges.find(([, low, high]) => program >= low && program <= high)?.[0];
}
