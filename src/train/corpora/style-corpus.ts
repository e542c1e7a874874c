import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { pick, seededRandom } from '../../core/seeded-random.js';
import { hertz } from '../../core/units.js';
import { decodeWav, encodeWav } from '../../sources/wav.js';
import type { LabeledClip, LabeledDataset } from '../datasets/labeled-clip.js';
import { fluidsynth, mma, runTool, sox } from '../run-tool.js';
import { withNoise } from './ballroom-corpus.js';
import { ballroomSong } from './ballroom-song.js';
import { ballroomStyles, styleDance, type BallroomStyle } from './ballroom-styles.js';
import { checkRenderTools, generalMidiSoundFont } from './check-render-tools.js';
import { chordProgressions } from './chord-progressions.js';
import { pasoDobleGrooves } from './paso-doble.js';
import { voicePool, type PoolHalf } from './style-voices.js';

/** Sample rate of the corpus: the style recogniser's. */
export const styleCorpusRate = hertz(16000);

export type StyleSplit = 'train' | 'validate' | 'test';

/** How a song is heard: as rendered, through white noise at 10 dB SNR, in a reverberant hall, or down a telephone line. */
const degradations = ['clean', 'noise10', 'reverb', 'phone'] as const;

export interface StyleCorpusOptions {
  readonly dir: string;
  readonly split: StyleSplit;
  /** Songs per class, 1..500. */
  readonly perClass: number;
  /** Seconds per song, up to 300 (rounded to whole bars). */
  readonly seconds: number;
  readonly seed: number;
  readonly onProgress?: (progress: { done: number; total: number; name: string; cached: boolean }) => void;
}

/** What was drawn for one song, written beside it as `<name>.json`. */
export interface StyleSong {
  readonly name: string;
  readonly style: BallroomStyle;
  /** Beats per minute, as the dance counts them. */
  readonly tempo: number;
  readonly seed: number;
  readonly voices: { readonly harmony: number; readonly bass: number; readonly drums: number };
  readonly degradation: (typeof degradations)[number];
}

const half = (split: StyleSplit): PoolHalf => (split === 'test' ? 'unseen' : 'seen');

/**
 * The songs of a split, in build order; names and draws depend only on the options. Train and
 * validate draw even tempi, test odd ones (the competition ranges are narrow, so test tempi lie
 * between training tempi); the three splits have disjoint seeds.
 */
export function styleSongs(options: Pick<StyleCorpusOptions, 'split' | 'perClass' | 'seed'>): StyleSong[] {
  if (!Number.isInteger(options.perClass) || options.perClass < 1 || options.perClass > 500) throw new TerpsiError('E_USAGE', `perClass must be a whole number in 1..500, got ${options.perClass}`);
  const offset = { train: 0, validate: 500, test: 1000 }[options.split];
  const parity = options.split === 'test' ? 1 : 0;
  return ballroomStyles.flatMap((style) =>
    Array.from({ length: options.perClass }, (_, i) => {
      const seed = options.seed * 2000 + offset + i;
      const random = seededRandom(`${style}/${seed}/song`);
      const [low, high] = styleDance(style).tempo;
      const tempi = Array.from({ length: high - low + 1 }, (_, k) => low + k).filter((t) => t % 2 === parity);
      const tempo = pick(tempi, random);
      const voices = { harmony: pick(voicePool('harmony', half(options.split)), random), bass: pick(voicePool('bass', half(options.split)), random), drums: pick(voicePool('drums', half(options.split)), random) };
      return { name: `${style}-${tempo}-s${seed}`, style, tempo, seed, voices, degradation: pick(degradations, random) };
    }),
  );
}

/** The chord progressions a split draws from: even entries for train and validate, odd ones for test. */
export const styleProgressions = (split: StyleSplit) => chordProgressions.filter((_, i) => i % 2 === (split === 'test' ? 1 : 0));

/**
 * Builds (or completes) a ballroom style corpus in `dir`: for each of the ten classes,
 * `perClass` songs written with mma (mma's grooves for nine dances, terpsi's own paso doble
 * grooves for the tenth) over a progression of the split's half of the list, their parts
 * played by programs of the split's half of each voice pool (test: progressions and sound
 * sources never used in training), rendered by FluidSynth as 16 kHz mono and heard one of four
 * ways (clean, white noise at 10 dB SNR, reverberant hall, telephone line). Per song
 * `<name>.wav`, `.mma`, `.mid` and `<name>.json` (what was drawn). Songs already there are kept.
 */
export async function buildStyleCorpus(options: StyleCorpusOptions): Promise<LabeledClip[]> {
  if (!(options.seconds > 0 && options.seconds <= 300)) throw new TerpsiError('E_USAGE', `seconds must be in (0, 300], got ${options.seconds}`);
  const songs = styleSongs(options);
  await checkRenderTools();
  mkdirSync(options.dir, { recursive: true });
  let done = 0;
  for (const song of songs) {
    const cached = ['wav', 'mma', 'mid', 'json'].every((ext) => existsSync(join(options.dir, `${song.name}.${ext}`)));
    if (!cached) await buildSong(options, song);
    options.onProgress?.({ done: ++done, total: songs.length, name: song.name, cached });
  }
  return songs.map((s) => ({ audio: join(options.dir, `${s.name}.wav`), tags: [s.style] }));
}

async function buildSong(options: StyleCorpusOptions, song: StyleSong): Promise<void> {
  const dance = styleDance(song.style);
  const work = mkdtempSync(join(options.dir, `.${song.name}-`));
  try {
    const bars = Math.max(1, Math.round(options.seconds / ((dance.timeSignature[0] * 60) / song.tempo)));
    const source = ballroomSong(dance, {
      tempo: song.tempo,
      bars,
      seed: song.seed,
      progressions: styleProgressions(options.split),
      afterGroove: [`AllTracks Bass Walk Voice ${song.voices.bass}`, `AllTracks Chord Arpeggio Scale Plectrum Voice ${song.voices.harmony}`, `AllTracks Drum Voice ${song.voices.drums}`],
      ...(song.style === 'paso_doble' ? { preamble: pasoDobleGrooves } : {}),
    });
    const file = (ext: string) => join(work, `${song.name}.${ext}`);
    writeFileSync(file('mma'), source);
    await runTool(mma, ['-f', `${song.name}.mid`, `${song.name}.mma`], { cwd: work });
    const render = join(work, 'render.wav');
    await runTool(fluidsynth, ['-q', '-n', '-i', '-R', '0', '-C', '0', '-F', render, '-r', String(styleCorpusRate), generalMidiSoundFont, file('mid')]);
    const length = `${Math.round(options.seconds * styleCorpusRate)}s`;
    const clean = join(work, 'clean.wav');
    await runTool(sox, ['-D', render, '-b', '16', clean, 'channels', '1', 'trim', '0', length, 'norm', '-3']);
    const samples = decodeWav(readFileSync(clean), clean).samples;
    if (!samples.some((x) => x !== 0)) throw new TerpsiError('E_TOOL', `${file('mid')}: FluidSynth rendered silence`);
    if (song.degradation === 'clean') renameSync(clean, file('wav'));
    else if (song.degradation === 'noise10') writeFileSync(file('wav'), encodeWav(withNoise(samples, 10, `${song.name}/noise`), styleCorpusRate, 1));
    else if (song.degradation === 'reverb') await runTool(sox, ['-D', clean, file('wav'), 'reverb', '80', '50', '100', 'channels', '1', 'trim', '0', length, 'norm', '-3']);
    else {
      const line = join(work, 'line.wav');
      await runTool(sox, ['-D', clean, '-r', '8000', '-e', 'u-law', line, 'sinc', '300-3400']);
      await runTool(sox, ['-D', line, '-b', '16', '-e', 'signed-integer', file('wav'), 'rate', String(styleCorpusRate), 'norm', '-3']);
    }
    writeFileSync(file('json'), JSON.stringify({ ...song, split: options.split }, null, 1) + '\n');
    // The description last: a song without it is rebuilt.
    for (const ext of ['wav', 'mma', 'mid', 'json']) renameSync(file(ext), join(options.dir, `${song.name}.${ext}`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Reads a style corpus folder: each `<name>.json` with its `<name>.wav`, the class from the
 * description's `style`. A description that is not JSON or names no known class is
 * E_FILE_FORMAT naming the file and field; a missing folder or audio file E_FILE_UNREADABLE.
 */
export function readStyleCorpus(dir: string): LabeledDataset {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${dir}: cannot list the style corpus folder`);
  }
  const clips = files.map((f) => {
    const file = join(dir, f);
    let style: unknown;
    try {
      style = (JSON.parse(readFileSync(file, 'utf8')) as { style?: unknown }).style;
    } catch (e) {
      throw asTerpsiError(e, 'E_FILE_FORMAT', `${file}: not JSON`);
    }
    if (typeof style !== 'string' || !(ballroomStyles as readonly string[]).includes(style)) {
      throw new TerpsiError('E_FILE_FORMAT', `${file}: style: expected one of ${ballroomStyles.join(', ')}, got ${JSON.stringify(style)}`);
    }
    const audio = join(dir, f.replace(/\.json$/, '.wav'));
    if (!existsSync(audio)) throw new TerpsiError('E_FILE_UNREADABLE', `${audio}: the audio of ${file} is missing`);
    return { audio, tags: [style] };
  });
  return { tags: ballroomStyles, clips };
}
