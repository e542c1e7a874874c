import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { hertz, type Seconds } from '../../core/units.js';
import { decodeWav, encodeWav } from '../../sources/wav.js';
import { formatBeats } from '../beats-file.js';
import { fluidsynth, mma, runTool, sox } from '../run-tool.js';
import { checkRenderTools, generalMidiSoundFont } from './check-render-tools.js';
import { ballroomDances, type BallroomDance } from './ballroom-dances.js';
import { ballroomSong, songEndMark, songStartMark } from './ballroom-song.js';
import { beatTicks, drumChannel, readMidiFile, tickTime, type MidiFile } from './midi-file.js';
import { seededRandom } from '../../core/seeded-random.js';

/** Sample rate of every file in the corpus. */
const corpusRate = hertz(22050);

/** The versions of each song: the clean render and three ways a stage microphone or phone hears it. */
export const degradations = ['clean', 'noise10', 'reverb', 'phone'] as const;
type Degradation = (typeof degradations)[number];

export type CorpusSplit = 'dev' | 'test';

export interface BallroomCorpusOptions {
  /** Where the files go; created if missing. Files already there are kept, not rebuilt. */
  readonly dir: string;
  /**
   * `dev` to tune on, `test` to score on: disjoint item seeds, and disjoint tempi (dev draws even
   * beats per minute, test odd ones), so nothing tuned on dev has seen a test song's tempo.
   */
  readonly split: CorpusSplit;
  /** Songs per dance, 1..500. */
  readonly perDance: number;
  /** Length of each song, seconds, up to 300 (rounded to whole bars, at least one). */
  readonly seconds: number;
  /** Corpus seed: a different seed gives different songs (and file names). */
  readonly seed: number;
  /** Called after each song, built or found already built. */
  readonly onProgress?: (progress: CorpusProgress) => void;
}

export interface CorpusProgress {
  readonly done: number;
  readonly total: number;
  /** The song's name: `jive-171-s1500` (its files: `.mma`, `.mid`, `-clean.wav`, `-clean.beats`, ...). */
  readonly name: string;
  /** True when its files were all there already. */
  readonly cached: boolean;
}

/** One song of the corpus. */
export interface CorpusSong {
  readonly name: string;
  readonly dance: string;
  /** Beats per minute. */
  readonly tempo: number;
  readonly seed: number;
}

/** Drum note-ons must come this close to an annotated beat, in quarter notes (mma's RTime jitters them a few ticks). */
const drumTolerance = 1 / 16;
/** Share of annotated beats that must have a drum note-on within `drumTolerance`: below it the grid is off. */
const drumCoverage = 0.85;
/** Signal-to-noise ratio of the noisy version, decibels. */
const noiseSnr = 10;

/** The songs a split holds, in build order; names and draws depend only on the options. */
export function ballroomSongs(options: Pick<BallroomCorpusOptions, 'split' | 'perDance' | 'seed'>): CorpusSong[] {
  if (!Number.isInteger(options.perDance) || options.perDance < 1 || options.perDance > 500) {
    throw new TerpsiError('E_USAGE', `perDance must be a whole number in 1..500, got ${options.perDance}`);
  }
  const parity = options.split === 'dev' ? 0 : 1;
  return ballroomDances.flatMap((dance) =>
    Array.from({ length: options.perDance }, (_, i) => {
      const seed = options.seed * 1000 + (options.split === 'dev' ? 0 : 500) + i;
      const [low, high] = dance.tempo;
      const tempi = Array.from({ length: high - low + 1 }, (_, k) => low + k).filter((t) => t % 2 === parity);
      const tempo = tempi[Math.floor(seededRandom(`${dance.id}/${seed}/tempo`)() * tempi.length)]!;
      return { name: `${dance.id}-${tempo}-s${seed}`, dance: dance.id, tempo, seed };
    }),
  );
}

/**
 * Builds (or completes) a beat-annotated ballroom corpus in `dir`: for each dance mma has grooves
 * for, `perDance` songs of about `seconds` written as mma files, turned into MIDI by mma,
 * rendered by FluidSynth with the FluidR3 General MIDI SoundFont, and mixed to mono 16-bit WAV at
 * 22.05 kHz, peak-normalised to -3 dBFS. Each song comes in four versions, `<name>-<degradation>.wav`,
 * each with its `<name>-<degradation>.beats`: clean; white noise at 10 dB SNR; a reverberant hall
 * (SoX reverb, 80 % reverberance); and a telephone line (300–3400 Hz, G.711 µ-law at 8 kHz, back to
 * 22.05 kHz). The song's mma source and MIDI file are kept beside them as `<name>.mma` and
 * `<name>.mid`. The beats are every beat of the meter from the first bar line to the end of the
 * last bar, timed by the MIDI file's own tempo map, time signatures and markers from MIDI time 0,
 * which FluidSynth renders at sample 0 (its first notes sound within 5 ms); the audio is cut at
 * the end of the last bar.
 * Deterministic for its options. Needs mma, FluidSynth, SoX and the SoundFont: E_TOOL names the
 * Debian package of whichever is missing. Resolves to the songs of the split.
 */
export async function buildBallroomCorpus(options: BallroomCorpusOptions): Promise<CorpusSong[]> {
  if (!(options.seconds > 0 && options.seconds <= 300)) throw new TerpsiError('E_USAGE', `seconds must be in (0, 300], got ${options.seconds}`);
  const songs = ballroomSongs(options);
  await checkRenderTools();
  mkdirSync(options.dir, { recursive: true });
  let done = 0;
  for (const song of songs) {
    const files = [`${song.name}.mma`, `${song.name}.mid`, ...degradations.flatMap((d) => [`${song.name}-${d}.wav`, `${song.name}-${d}.beats`])];
    const cached = files.every((f) => existsSync(join(options.dir, f)));
    if (!cached) await buildSong(options.dir, song, options.seconds);
    options.onProgress?.({ done: ++done, total: songs.length, name: song.name, cached });
  }
  return songs;
}

/**
 * Builds one song's files (its mma source and MIDI file, and a WAV and a beat file for each
 * degradation) in a scratch folder inside `dir` and moves them in at the end,
 * beat files last, so that an interrupted build never leaves a song that looks complete.
 */
async function buildSong(dir: string, song: CorpusSong, seconds: number): Promise<void> {
  const dance = ballroomDances.find((d) => d.id === song.dance)!;
  const work = mkdtempSync(join(dir, `.${song.name}-`));
  try {
    const [beatsPerBar, beatNote] = dance.timeSignature;
    const barSeconds = (beatsPerBar * 60) / song.tempo;
    const bars = Math.max(1, Math.round(seconds / barSeconds));
    writeFileSync(join(work, `${song.name}.mma`), ballroomSong(dance, { tempo: song.tempo, bars, seed: song.seed }));
    await runTool(mma, ['-f', `${song.name}.mid`, `${song.name}.mma`], { cwd: work });
    const midiFile = join(work, `${song.name}.mid`);
    const midi = readMidiFile(readFileSync(midiFile), midiFile);
    const { beats, end } = songBeats(midi, midiFile, dance, beatNote);

    await runTool(fluidsynth, ['-q', '-n', '-i', '-R', '0', '-C', '0', '-F', join(work, 'render.wav'), '-r', String(corpusRate), generalMidiSoundFont, midiFile]);
    const length = `${Math.round(end * corpusRate)}s`;
    const out = (d: Degradation) => join(work, `${song.name}-${d}.wav`);
    await runTool(sox, ['-D', join(work, 'render.wav'), '-b', '16', out('clean'), 'channels', '1', 'trim', '0', length, 'norm', '-3']);
    const clean = decodeWav(readFileSync(out('clean')), out('clean'));
    if (!clean.samples.some((x) => x !== 0)) throw new TerpsiError('E_TOOL', `${midiFile}: FluidSynth rendered silence (is ${generalMidiSoundFont} a valid SoundFont?)`);
    writeFileSync(out('noise10'), encodeWav(withNoise(clean.samples, noiseSnr, `${song.name}/noise`), corpusRate, 1));
    await runTool(sox, ['-D', out('clean'), out('reverb'), 'reverb', '80', '50', '100', 'channels', '1', 'trim', '0', length, 'norm', '-3']);
    // Resampling twice can come back a sample short: padding, then trimming, keeps every version one length.
    const line = join(work, 'line.wav');
    await runTool(sox, ['-D', out('clean'), '-r', '8000', '-e', 'u-law', line, 'sinc', '300-3400']);
    await runTool(sox, ['-D', line, '-b', '16', '-e', 'signed-integer', out('phone'), 'rate', String(corpusRate), 'pad', '0', '64s', 'trim', '0', length, 'norm', '-3']);

    const text = formatBeats(beats);
    for (const d of degradations) writeFileSync(join(work, `${song.name}-${d}.beats`), text);
    for (const f of [`${song.name}.mma`, `${song.name}.mid`]) renameSync(join(work, f), join(dir, f));
    for (const d of degradations) renameSync(out(d), join(dir, `${song.name}-${d}.wav`));
    for (const d of degradations) renameSync(join(work, `${song.name}-${d}.beats`), join(dir, `${song.name}-${d}.beats`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The annotated beats of a song mma wrote: every beat from the start marker to the end marker,
 * timed by the file's tempo map. Checks the grid against the drums: if too few beats have a drum
 * note-on near them, the annotation would be wrong, so that is an error, not a corpus item.
 */
function songBeats(midi: MidiFile, file: string, dance: BallroomDance, beatNote: number): { beats: Seconds[]; end: Seconds } {
  const mark = (text: string) => {
    const found = midi.markers.find((m) => m.text === text);
    if (!found) throw new TerpsiError('E_FILE_FORMAT', `${file}: no "${text}" marker`);
    return found.tick;
  };
  const start = mark(songStartMark);
  const end = mark(songEndMark);
  const ticks = beatTicks(midi, start, end);
  const tolerance = midi.ticksPerQuarter * drumTolerance;
  const drums = midi.notes.filter((n) => n.channel === drumChannel).map((n) => n.tick);
  const covered = ticks.filter((t) => drums.some((d) => Math.abs(d - t) <= tolerance)).length;
  if (covered < drumCoverage * ticks.length) {
    throw new TerpsiError(
      'E_FILE_FORMAT',
      `${file}: only ${covered} of ${ticks.length} ${dance.id} beats (1/${beatNote} notes) have a drum note-on within ${tolerance} ticks; the beat grid does not match the music`,
    );
  }
  const time = tickTime(midi);
  return { beats: ticks.map(time), end: time(end) };
}

/** `samples` plus Gaussian white noise `snr` dB below their mean power, scaled down together if the sum would clip. */
export function withNoise(samples: Float32Array, snr: number, seed: string): Float32Array {
  const random = seededRandom(seed);
  let power = 0;
  for (const x of samples) power += x * x;
  const sigma = Math.sqrt(power / Math.max(1, samples.length) / 10 ** (snr / 10));
  const out = new Float32Array(samples.length);
  let peak = 0;
  for (let i = 0; i < out.length; i++) {
    // Box–Muller; 1 - u keeps the logarithm finite.
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = samples[i]! + sigma * gaussian;
    peak = Math.max(peak, Math.abs(out[i]!));
  }
  const limit = 10 ** (-1 / 20);
  if (peak > limit) for (let i = 0; i < out.length; i++) out[i]! *= limit / peak;
  return out;
}
