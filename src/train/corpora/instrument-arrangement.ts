import { pick } from '../../core/seeded-random.js';
import { chordProgressions } from './chord-progressions.js';
import type { GrooveTracks } from './groove-tracks.js';
import type { InstrumentGrooveFile } from './instrument-grooves.js';
import { instrumentTags, type InstrumentTag } from './instrument-tags.js';
import { instrumentVoices } from './instrument-voices.js';

type PitchedTag = Exclude<InstrumentTag, 'drums'>;

/** What one of a groove's tracks plays in a clip: a General MIDI program of a family, or nothing. */
export interface TrackPart {
  /** The track as mma names it (`CHORD-SUS`). */
  readonly track: string;
  /** Undefined: the track is switched off. Drum tracks keep the groove's kit and have none. */
  readonly program?: number;
  readonly family?: InstrumentTag;
}

/** Everything drawn for one clip of the instrument corpus. */
export interface InstrumentArrangement {
  readonly grooveFile: InstrumentGrooveFile;
  readonly groove: string;
  /** Quarter notes per minute. */
  readonly tempo: number;
  /** Semitones from C major / A minor, -5..6. */
  readonly transpose: number;
  /** One chord a bar, cycled from the first. */
  readonly chords: readonly string[];
  /** Every track of the groove, in the groove's order. */
  readonly parts: readonly TrackPart[];
  /** The families given at least one track, in tag order. */
  readonly families: readonly InstrumentTag[];
  /** Seeds mma's own randomness (its RTime, RSkip, RVolume). */
  readonly mmaSeed: number;
}

/** Share of clips with drums. */
const drumShare = 0.5;
/** Most pitched families in one clip. */
const maxPitched = 4;
/** Share of clips with drums that have no pitched family at all. */
const drumsOnlyShare = 0.1;
/** Chance that a track left over after each family has one joins one of the clip's families instead of being switched off. */
const extraTrackShare = 0.5;

const isDrum = (track: string) => track.startsWith('DRUM');
/** Tracks mma plays in the bass register: the plain bass and walking-bass tracks (other `BASS-…` tracks often sit higher). */
const isLow = (track: string) => track === 'BASS' || track.startsWith('WALK');
const programsFor = (family: PitchedTag, track: string) => (isLow(track) ? instrumentVoices[family].low : instrumentVoices[family].any);

/**
 * Draws a clip's arrangement on a groove of `grooveFile` (whose grooves and tracks are `grooves`):
 * groove, tempo in the file's range, key and chord progression; drums in about half the clips;
 * one to four pitched families (none, now and then, in a clip with drums) chosen uniformly from
 * those the groove's tracks can carry; one track for each family, the bass family only on the
 * bass-register tracks and other families there only with a program that suits it; then each
 * remaining pitched track either joins a chosen family or is switched off, and the drum tracks are
 * switched off in clips without drums. Draws only from `random`.
 */
export function drawArrangement(grooveFile: InstrumentGrooveFile, grooves: readonly GrooveTracks[], random: () => number): InstrumentArrangement {
  const { groove, tracks } = pick(grooves, random);
  const [low, high] = grooveFile.tempo;
  const tempo = low + Math.floor(random() * (high - low + 1));
  const transpose = Math.floor(random() * 12) - 5;
  const progression = pick(chordProgressions, random);
  const start = Math.floor(random() * progression.length);
  const chords = progression.map((_, i) => progression[(start + i) % progression.length]!);
  const mmaSeed = Math.floor(random() * 1_000_000);

  const drumTracks = tracks.filter(isDrum);
  const pitchedTracks = shuffle(tracks.filter((t) => !isDrum(t)), random);
  const drums = drumTracks.length > 0 && random() < drumShare;
  const fits = (family: PitchedTag, track: string) => programsFor(family, track).length > 0;
  const eligible = shuffle(
    instrumentTags.filter((t): t is PitchedTag => t !== 'drums' && pitchedTracks.some((track) => fits(t, track))),
    random,
  );
  const wanted = drums && random() < drumsOnlyShare ? 0 : 1 + Math.floor(random() * maxPitched);
  // The most constrained families pick their track first, so that a free track is left for the others when one can be.
  const constraint = (family: PitchedTag) => pitchedTracks.filter((t) => fits(family, t)).length;
  const chosen = eligible.slice(0, Math.min(wanted, pitchedTracks.length)).sort((a, b) => constraint(a) - constraint(b));

  const given = new Map<string, TrackPart>();
  for (const family of chosen) {
    const track = pitchedTracks.find((t) => !given.has(t) && fits(family, t));
    if (track) given.set(track, { track, family, program: pick(programsFor(family, track), random) });
  }
  const playing = [...new Set([...given.values()].map((p) => p.family as PitchedTag))];
  for (const track of pitchedTracks) {
    if (given.has(track)) continue;
    const families = playing.filter((f) => fits(f, track));
    if (families.length > 0 && random() < extraTrackShare) {
      const family = pick(families, random);
      given.set(track, { track, family, program: pick(programsFor(family, track), random) });
    }
  }
  const parts = tracks.map((track): TrackPart => (isDrum(track) ? (drums ? { track, family: 'drums' } : { track }) : (given.get(track) ?? { track })));
  const families = instrumentTags.filter((t) => parts.some((p) => p.family === t));
  return { grooveFile, groove, tempo, transpose, chords, parts, families, mmaSeed };
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
