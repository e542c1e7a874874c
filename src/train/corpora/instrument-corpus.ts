import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTerpsiError, TerpsiError } from '../../core/errors.js';
import { pick, seededRandom } from '../../core/seeded-random.js';
import { hertz, seconds, type Seconds } from '../../core/units.js';
import { decodeWav } from '../../sources/wav.js';
import type { LabeledClip } from '../datasets/labeled-clip.js';
import { fluidsynth, mma, runTool, sox } from '../run-tool.js';
import { songEndMark } from './ballroom-song.js';
import { checkRenderTools, generalMidiSoundFont } from './check-render-tools.js';
import { grooveTracks } from './groove-tracks.js';
import { drawArrangement, type InstrumentArrangement } from './instrument-arrangement.js';
import { instrumentGrooves } from './instrument-grooves.js';
import { instrumentLabels, type InstrumentLabels } from './instrument-labels.js';
import { instrumentSong } from './instrument-song.js';
import { labelsSuffix, readInstrumentLabels } from './read-instrument-corpus.js';
import { readMidiFile, tickTime } from './midi-file.js';

/** Sample rate of every clip. */
export const instrumentCorpusRate = hertz(16000);

/**
 * `train` and `validate` play the groove files not held out, `test` only the held-out ones
 * (see instrumentGrooves); every split draws its clips from its own seeds.
 */
export type InstrumentSplit = 'train' | 'validate' | 'test';

export interface InstrumentCorpusOptions {
  /** Where the files go; created if missing. Clips already complete there are kept, not rebuilt. */
  readonly dir: string;
  readonly split: InstrumentSplit;
  /** Number of clips, 1..100 000. */
  readonly clips: number;
  /** Length of each clip, seconds, in (0, 60]; 10 if not given. */
  readonly seconds?: number;
  /** Corpus seed, a whole number ≥ 0: a different seed gives different clips (and file names). */
  readonly seed: number;
  /** Called after each clip, built or found already built. */
  readonly onProgress?: (progress: InstrumentCorpusProgress) => void;
}

export interface InstrumentCorpusProgress {
  readonly done: number;
  readonly total: number;
  /** The clip's name, `<split>-<seed>-<index>`: its files are `<name>.wav`, `.mma`, `.mid` and `.labels.json`. */
  readonly name: string;
  /** True when its files were all there already. */
  readonly cached: boolean;
}

/** Arrangements drawn for one clip before giving up: a draw is redone when mma fails, a family stays silent or the render is silent. */
const maxAttempts = 12;

/** The names of a split's clips, in build order; they depend only on these options. */
export function instrumentClipNames(options: Pick<InstrumentCorpusOptions, 'split' | 'clips' | 'seed'>): string[] {
  if (!Number.isInteger(options.clips) || options.clips < 1 || options.clips > 100_000) {
    throw new TerpsiError('E_USAGE', `clips must be a whole number in 1..100000, got ${options.clips}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new TerpsiError('E_USAGE', `seed must be a whole number ≥ 0, got ${options.seed}`);
  return Array.from({ length: options.clips }, (_, i) => `${options.split}-${options.seed}-${String(i).padStart(5, '0')}`);
}

/**
 * Builds (or completes) a corpus for instrument-family detection in `dir`: `clips` clips of
 * `seconds` each, mono 16-bit WAV at 16 kHz peak-normalised to -3 dBFS. Each clip is a groove of
 * mma's standard library (many styles: pop, rock, ballads, jazz, latin, country, waltzes, blues,
 * marches) at a drawn tempo, key and chord progression, with the groove's drums in about half
 * the clips and its pitched tracks given General MIDI programs of one to four drawn families
 * (see drawArrangement) or switched off, turned into MIDI
 * by mma and rendered by FluidSynth with the FluidR3 General MIDI SoundFont. Its labels come
 * from the MIDI file mma wrote (see instrumentLabels): the clip-level tags are the families that
 * sound (train on these) and the intervals say when each sounds (score frames on these); a drum
 * hit counts for 0.2 s, a pitched note from its note-on to its note-off, although FluidSynth's
 * release tail rings on after the note-off (up to about half a second for strings and pads). A draw whose labels differ from its chosen families,
 * that has notes of no family, that mma cannot play or that renders silence is redrawn, the
 * same way every time. Files per clip: `<name>.mma`, `<name>.mid`, `<name>.wav` and
 * `<name>.labels.json` (written last), see readInstrumentLabels. Deterministic for its options
 * and the installed mma library and SoundFont. Needs mma, FluidSynth, SoX and the SoundFont:
 * E_TOOL names the Debian package of whichever is missing. Resolves to the clips of the split.
 */
export async function buildInstrumentCorpus(options: InstrumentCorpusOptions): Promise<LabeledClip[]> {
  const length = options.seconds ?? 10;
  if (!(length > 0 && length <= 60)) throw new TerpsiError('E_USAGE', `seconds must be in (0, 60], got ${length}`);
  const names = instrumentClipNames(options);
  await checkRenderTools();
  mkdirSync(options.dir, { recursive: true });
  const clips: LabeledClip[] = [];
  for (const name of names) {
    const file = (ext: string) => join(options.dir, `${name}${ext}`);
    const cached = ['.mma', '.mid', '.wav', labelsSuffix].every((ext) => existsSync(file(ext)));
    if (!cached) await buildClip(options.dir, name, options.split, seconds(length));
    clips.push(readInstrumentLabels(file(labelsSuffix), file('.wav')));
    options.onProgress?.({ done: clips.length, total: names.length, name, cached });
  }
  return clips;
}

/**
 * Builds one clip's files in a scratch folder inside `dir` and moves them in at the end, labels
 * last, so that an interrupted build never leaves a clip that looks complete. Draw after draw
 * from the clip's own seeds until one renders as drawn.
 */
async function buildClip(dir: string, name: string, split: InstrumentSplit, length: Seconds): Promise<void> {
  const pool = instrumentGrooves.filter((g) => g.heldOut === (split === 'test'));
  const work = mkdtempSync(join(dir, `.${name}-`));
  try {
    let failure: unknown;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const random = seededRandom(`instruments/${name}/${attempt}`);
      const grooveFile = pick(pool, random);
      try {
        const arrangement = drawArrangement(grooveFile, await grooveTracks(grooveFile.file, work), random);
        const labels = await renderClip(work, name, arrangement, length);
        if (typeof labels === 'string') {
          failure = `${grooveFile.file}/${arrangement.groove}: ${labels}`;
          continue;
        }
        writeFileSync(join(work, `${name}${labelsSuffix}`), labelsJson(labels));
        for (const ext of ['.mma', '.mid', '.wav', labelsSuffix]) renameSync(join(work, `${name}${ext}`), join(dir, `${name}${ext}`));
        return;
      } catch (e) {
        // mma rejecting a groove, or writing a file that cannot be read, is the draw's fault: draw again.
        if (!isTerpsiError(e) || (e.code !== 'E_TOOL' && e.code !== 'E_FILE_FORMAT')) throw e;
        failure = e;
      }
    }
    const why = failure instanceof Error ? failure.message : String(failure);
    throw new TerpsiError('E_TOOL', `${name}: none of ${maxAttempts} drawn arrangements rendered as drawn; the last: ${why}`, { cause: failure });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Writes, compiles and renders one arrangement as `<name>.mma`, `.mid` and `.wav` in `work`:
 * enough whole bars to cover `length` (the bar's length is read back from a first compile when
 * the groove's bar is shorter than four quarter notes), the audio cut at `length`. Resolves to
 * the clip's labels, or to why the draw must be redone.
 */
async function renderClip(work: string, name: string, arrangement: InstrumentArrangement, length: Seconds): Promise<InstrumentLabels | string> {
  const source = join(work, `${name}.mma`);
  const midiFile = join(work, `${name}.mid`);
  const compile = async (bars: number) => {
    writeFileSync(source, instrumentSong(arrangement, bars));
    // Relative names: mma writes the input's name into the MIDI file, and the scratch folder's differs from build to build.
    await runTool(mma, ['-f', `${name}.mid`, `${name}.mma`], { cwd: work });
    const midi = readMidiFile(readFileSync(midiFile), midiFile);
    const end = midi.markers.find((m) => m.text === songEndMark);
    if (!end) throw new TerpsiError('E_FILE_FORMAT', `${midiFile}: no "${songEndMark}" marker`);
    return { midi, bars, end: tickTime(midi)(end.tick) };
  };
  // Slack for rounding: a bar line landing exactly on the clip's end is enough.
  const covers = (end: number) => end >= length - 1e-6;
  let song = await compile(Math.max(1, Math.ceil((length * arrangement.tempo) / 240 - 1e-9)));
  if (!covers(song.end)) song = await compile(Math.ceil(length / (song.end / song.bars) - 1e-9));
  if (!covers(song.end)) return `the song ends at ${song.end.toFixed(2)} s, before the clip's ${length} s`;

  const labels = instrumentLabels(song.midi, length);
  if (labels.tags.length === 0) return 'nothing plays';
  if (labels.unlabeledNotes > 0) return `${labels.unlabeledNotes} notes of programs of no family`;
  if (labels.tags.join() !== arrangement.families.join()) return `drew ${arrangement.families.join(', ') || 'nothing'} but the MIDI file plays ${labels.tags.join(', ') || 'nothing'}`;

  const render = join(work, 'render.wav');
  const out = join(work, `${name}.wav`);
  await runTool(fluidsynth, ['-q', '-n', '-i', '-R', '0', '-C', '0', '-F', render, '-r', String(instrumentCorpusRate), generalMidiSoundFont, midiFile]);
  const samples = Math.round(length * instrumentCorpusRate);
  await runTool(sox, ['-D', render, '-b', '16', out, 'channels', '1', 'trim', '0', `${samples}s`, 'norm', '-3']);
  const wav = decodeWav(readFileSync(out), out);
  if (wav.samples.length !== samples) return `FluidSynth rendered ${wav.samples.length} samples, not ${samples}`;
  if (!wav.samples.some((x) => x !== 0)) return 'FluidSynth rendered silence';
  return labels;
}

/** The label file's text: one interval a line, seconds to the microsecond. */
function labelsJson(labels: InstrumentLabels): string {
  const round = (t: number) => Math.round(t * 1e6) / 1e6;
  const intervals = labels.intervals.map((i) => `  ${JSON.stringify({ tag: i.tag, onset: round(i.onset), offset: round(i.offset) })}`);
  return `{\n "tags": ${JSON.stringify(labels.tags)},\n "intervals": [\n${intervals.join(',\n')}\n ]\n}\n`;
}
