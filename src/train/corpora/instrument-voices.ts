import type { InstrumentTag } from './instrument-tags.js';

/** General MIDI programs a family's part can be given: any track, and tracks in the bass register. */
export interface FamilyVoices {
  readonly any: readonly number[];
  /** Programs that sound natural two octaves below middle C; empty where the family has none. */
  readonly low: readonly number[];
}

/**
 * The programs the instrument corpus draws for each pitched family (0-based General MIDI
 * numbers). Left out on purpose: guitar harmonics (31), whose pitch is hard to hear, and the
 * harmonica (22), a lead voice unlike the rest of the organ family. The bass family plays
 * bass-register tracks only, so it has no `any` programs of its own there.
 */
export const instrumentVoices: Readonly<Record<Exclude<InstrumentTag, 'drums'>, FamilyVoices>> = {
  // Grand, bright, electric grand, honky-tonk, two electric pianos, harpsichord, clavinet.
  piano: { any: [0, 1, 2, 3, 4, 5, 6, 7], low: [0, 1, 2, 4] },
  // Drawbar, percussive, rock and church organ, reed organ, accordion, tango accordion.
  organ: { any: [16, 17, 18, 19, 20, 21, 23], low: [16, 17, 19] },
  // Nylon, steel, jazz, clean, muted, overdriven and distortion guitar.
  guitar: { any: [24, 25, 26, 27, 28, 29, 30], low: [] },
  // Acoustic, finger, pick, fretless, two slap and two synth basses.
  bass: { any: [], low: [32, 33, 34, 35, 36, 37, 38, 39] },
  // Violin, viola, cello, contrabass, tremolo, pizzicato, two string ensembles, two synth strings.
  strings: { any: [40, 41, 42, 43, 44, 45, 48, 49, 50, 51], low: [42, 43, 45, 48, 49] },
  // Trumpet, trombone, tuba, muted trumpet, French horn, brass section, two synth brasses.
  brass: { any: [56, 57, 58, 59, 60, 61, 62, 63], low: [57, 58, 61] },
  // Soprano, alto, tenor and baritone sax, oboe, English horn, bassoon, clarinet.
  reed: { any: [64, 65, 66, 67, 68, 69, 70, 71], low: [67, 70] },
};
