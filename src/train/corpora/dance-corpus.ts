import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { asTerpsiError, isTerpsiError, TerpsiError } from '../../core/errors.js';
import { bpm, seconds, type Seconds } from '../../core/units.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import { writeBvh } from '../../movement/bvh.js';
import { motionFrameRate } from '../../movement/motion-vector.js';
import { encodeWav } from '../../sources/wav.js';
import { formatBeats, readBeatsFile } from '../beats-file.js';
import { readAudio } from '../datasets/read-audio.js';
import { danceStepNames, type DanceStep } from './dance-steps.js';
import { dancerStyle, type DancerStyle } from './dancer-style.js';
import { renderSong } from './render-song.js';
import { pick, seededRandom } from '../../core/seeded-random.js';
import { stepDancer } from './step-dancer.js';

export type DanceCorpusSplit = 'train' | 'test';

export interface DanceCorpusOptions {
  /** Where the files go; created if missing. Files already there are kept, not rebuilt. */
  readonly dir: string;
  /** Tracks to write, 1..500. */
  readonly tracks: number;
  /** Length of each track, seconds, up to 300 (a rendered song is rounded to whole bars, at least one). */
  readonly seconds: number;
  /** Corpus seed: a different seed gives different songs, dancers and names. */
  readonly seed: number;
  /**
   * `train` or `test`: disjoint track seeds, so no dancer style and no rendered song is shared,
   * and disjoint tempi for rendered songs (train even beats per minute, test odd).
   */
  readonly split: DanceCorpusSplit;
  /**
   * A folder of songs, `<name>.wav` with `<name>.beats` beside it (a ballroom corpus, say), to
   * dance to instead of rendered songs, taken in name order. Give each split its own folder
   * (a ballroom `dev` corpus for train, a `test` one for test) to keep their songs apart.
   */
  readonly songs?: string;
  /** Called after each track, built or found already built. */
  readonly onProgress?: (progress: DanceCorpusProgress) => void;
}

export interface DanceCorpusProgress {
  readonly done: number;
  readonly total: number;
  readonly name: string;
  /** True when its files were all there already. */
  readonly cached: boolean;
}

/** The song a track is danced to. */
export type DanceSong =
  | { readonly kind: 'rendered'; readonly tempo: number; readonly beatsPerBar: number; readonly seed: number }
  | { readonly kind: 'file'; readonly file: string };

/** One track of the corpus: what its `.json` file records. */
export interface DanceCorpusTrack {
  /** `salsa-113-s1503` (rendered song at 113 BPM) or `salsa-<song>-s1503`; its files are `<name>.wav`, `.beats`, `.bvh`, `.json`. */
  readonly name: string;
  readonly split: DanceCorpusSplit;
  readonly step: DanceStep;
  /** Seeds the dancer's style and timing (and the rendered song). */
  readonly seed: number;
  readonly style: DancerStyle;
  readonly song: DanceSong;
}

/** Tempi of rendered songs, beats per minute, inclusive. */
const tempi = [80, 140] as const;
/** Beats per bar of rendered songs: 4/4 most often. The salsa is always in 4/4, its counts running over two bars. */
const meters = [4, 4, 3, 2] as const;

/**
 * The tracks of a split, in build order: track i dances the step danceStepNames[i mod 3] with
 * seed `seed`·1000 + i (+ 500 for test). Names and draws depend only on the options (and, with
 * `songs`, on the names of the songs there). A `songs` folder that cannot be listed is
 * E_FILE_UNREADABLE; one without annotated songs E_USAGE.
 */
export function danceCorpusTracks(options: Pick<DanceCorpusOptions, 'tracks' | 'seed' | 'split' | 'songs'>): DanceCorpusTrack[] {
  if (!Number.isInteger(options.tracks) || options.tracks < 1 || options.tracks > 500) {
    throw new TerpsiError('E_USAGE', `tracks must be a whole number in 1..500, got ${options.tracks}`);
  }
  const songFiles = options.songs === undefined ? undefined : annotatedSongs(options.songs);
  return Array.from({ length: options.tracks }, (_, i) => {
    const seed = options.seed * 1000 + (options.split === 'train' ? 0 : 500) + i;
    const step = danceStepNames[i % danceStepNames.length]!;
    const style = dancerStyle(seed);
    if (songFiles) {
      const file = songFiles[i % songFiles.length]!;
      return { name: `${step}-${basename(file, '.wav')}-s${seed}`, split: options.split, step, seed, style, song: { kind: 'file', file } };
    }
    const random = seededRandom(`dance-song/${seed}`);
    const parity = options.split === 'train' ? 0 : 1;
    const choices = Array.from({ length: tempi[1] - tempi[0] + 1 }, (_, k) => tempi[0] + k).filter((t) => t % 2 === parity);
    const tempo = pick(choices, random);
    const beatsPerBar = step === 'salsa' ? 4 : pick(meters, random);
    return { name: `${step}-${tempo}-s${seed}`, split: options.split, step, seed, style, song: { kind: 'rendered', tempo, beatsPerBar, seed } };
  });
}

/** The `.wav` files in `dir` that have a `.beats` file beside them, by name. */
function annotatedSongs(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${dir}: cannot list the songs folder`);
  }
  const songs = entries
    .filter((f) => f.endsWith('.wav') && entries.includes(`${basename(f, '.wav')}.beats`))
    .sort()
    .map((f) => join(dir, f));
  if (songs.length === 0) throw new TerpsiError('E_USAGE', `${dir}: no <name>.wav with a <name>.beats beside it to dance to`);
  return songs;
}

/**
 * Builds (or completes) a corpus of songs with exact beats and a procedural dancer performing a
 * basic step to each (see stepDancer): per track `<name>.wav` (mono 16-bit PCM at 16 kHz, the
 * dance generator's rate), `<name>.beats` (one beat time in seconds per line), `<name>.bvh` (the
 * dance at 30 fps on the dance skeleton, from writeBvh) and `<name>.json` (the track: step,
 * seed, dancer style, song). Songs are rendered by renderSong at 80–140 BPM in 2/4, 3/4 or 4/4
 * (4/4 for the salsa), lasting `seconds` rounded to whole bars; or, with `songs`, the folder's
 * songs resampled by ffmpeg and cut to `seconds`, with their beats. The motion spans the audio
 * (whole frames). Each track is written to a scratch folder in `dir` and moved in, the `.json`
 * last, so an interrupted build never leaves a track that looks complete; tracks whose four files
 * are there are kept. A song whose beats a dancer cannot follow (closer than 0.2 s) is
 * E_FILE_FORMAT naming its beats file. Resolves to the tracks of the split.
 */
export async function buildDanceCorpus(options: DanceCorpusOptions): Promise<DanceCorpusTrack[]> {
  if (!(options.seconds > 0 && options.seconds <= 300)) throw new TerpsiError('E_USAGE', `seconds must be in (0, 300], got ${options.seconds}`);
  const tracks = danceCorpusTracks(options);
  mkdirSync(options.dir, { recursive: true });
  let done = 0;
  for (const track of tracks) {
    const cached = ['wav', 'beats', 'bvh', 'json'].every((ext) => existsSync(join(options.dir, `${track.name}.${ext}`)));
    if (!cached) await buildTrack(options.dir, track, options.seconds);
    options.onProgress?.({ done: ++done, total: tracks.length, name: track.name, cached });
  }
  return tracks;
}

const { sampleRate } = danceAudioFraming;

async function buildTrack(dir: string, track: DanceCorpusTrack, length: number): Promise<void> {
  const { audio, beats, beatsFile } = await song(track.song, length);
  const duration = seconds(audio.length / sampleRate);
  const frames = dance(track, beats, duration, beatsFile);
  const work = mkdtempSync(join(dir, `.${track.name}-`));
  try {
    const files = {
      wav: encodeWav(audio.subarray(0, Math.round((frames.length * sampleRate) / motionFrameRate)), sampleRate, 1),
      beats: formatBeats(beats.filter((t) => t < frames.length / motionFrameRate)),
      bvh: writeBvh(frames, seconds(1 / motionFrameRate)),
      json: JSON.stringify(track, null, 2) + '\n',
    };
    for (const [ext, content] of Object.entries(files)) writeFileSync(join(work, `${track.name}.${ext}`), content);
    for (const ext of Object.keys(files)) renameSync(join(work, `${track.name}.${ext}`), join(dir, `${track.name}.${ext}`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The track's dance to `beats`; beats a dancer cannot follow are blamed on the file they came from. */
function dance(track: DanceCorpusTrack, beats: readonly Seconds[], duration: Seconds, beatsFile: string | undefined) {
  try {
    return stepDancer({ step: track.step, style: track.style, beats, duration, seed: track.seed }).frames;
  } catch (e) {
    if (isTerpsiError(e) && beatsFile) throw new TerpsiError('E_FILE_FORMAT', `${beatsFile}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** A track's audio at 16 kHz and its beats, rendered or read. */
async function song(song: DanceSong, length: number): Promise<{ audio: Float32Array; beats: Seconds[]; beatsFile?: string }> {
  if (song.kind === 'rendered') {
    const barSeconds = (song.beatsPerBar * 60) / song.tempo;
    const bars = Math.max(1, Math.round(length / barSeconds));
    const rendered = renderSong({ tempo: bpm(song.tempo), bars, beatsPerBar: song.beatsPerBar, sampleRate, seed: song.seed });
    return { audio: rendered.samples, beats: [...rendered.beats] };
  }
  const beatsFile = song.file.replace(/\.wav$/, '.beats');
  const audio = await readAudio(song.file, sampleRate);
  const cut = audio.subarray(0, Math.min(audio.length, Math.round(length * sampleRate)));
  return { audio: cut, beats: readBeatsFile(beatsFile).filter((t) => t < cut.length / sampleRate), beatsFile };
}
