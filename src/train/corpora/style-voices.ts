/** Which half of each pool a split draws from: train and validate one, test the other. */
export type PoolHalf = 'seen' | 'unseen';

/**
 * General MIDI programs (0-based) the style corpus gives a song's parts, by role. Each pool is
 * split in two by position, even entries for training and validation, odd ones for testing, so
 * the test songs are played by sound sources the model never heard.
 */
const pools = {
  // Pianos, electric pianos, vibraphone, marimba, organs, accordion, guitars, string
  // ensembles, brass section, saxes, pads.
  harmony: [0, 1, 2, 4, 5, 11, 12, 16, 17, 19, 21, 24, 25, 26, 27, 48, 49, 50, 61, 62, 65, 66, 88, 89],
  // Acoustic, finger, pick, fretless, slap and synth basses, tuba, contrabass.
  bass: [32, 33, 34, 35, 36, 38, 39, 58, 43, 37],
  // FluidR3's drum kits: standard, room, power, electronic, TR-808, jazz, brush, orchestra.
  drums: [0, 8, 16, 24, 25, 32, 40, 48],
} as const;

export type VoiceRole = keyof typeof pools;

/** The programs of `role` a split draws from. */
export function voicePool(role: VoiceRole, half: PoolHalf): readonly number[] {
  return pools[role].filter((_, i) => i % 2 === (half === 'seen' ? 0 : 1));
}
