import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { buildBallroomCorpus, degradations, type CorpusSplit } from '../train/corpora/ballroom-corpus.js';
import { ballroomDances } from '../train/corpora/ballroom-dances.js';
import { buildDanceCorpus } from '../train/corpora/dance-corpus.js';
import { buildInstrumentCorpus, type InstrumentSplit } from '../train/corpora/instrument-corpus.js';
import { instrumentTags } from '../train/corpora/instrument-tags.js';
import { ballroomStyles } from '../train/corpora/ballroom-styles.js';
import { buildStyleCorpus, type StyleSplit } from '../train/corpora/style-corpus.js';
import { numberOption, parse, type Command } from './command.js';
import { formatDuration, progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const options = {
  help: { type: 'boolean', short: 'h' },
  split: { type: 'string' },
  'per-dance': { type: 'string' },
  seconds: { type: 'string' },
  seed: { type: 'string' },
  tracks: { type: 'string' },
  songs: { type: 'string' },
  clips: { type: 'string' },
  'per-class': { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];

export const corpus: Command = {
  name: 'corpus',
  summary: 'generate annotated corpora: ballroom songs with beats, dances with music, tagged instruments, ballroom styles',
  help: `Usage: terpsi corpus ballroom <dir> [--split dev|test] [--per-dance N] [--seconds S] [--seed N]
       terpsi corpus dance <dir> [--split train|test] [--tracks N] [--seconds S] [--seed N] [--songs <dir>]
       terpsi corpus instruments <dir> [--split train|validate|test] [--clips N] [--seconds S] [--seed N]
       terpsi corpus styles <dir> [--split train|validate|test] [--per-class N] [--seconds S] [--seed N]

Writes a ballroom corpus with exact beat annotations to <dir>: for each of the
nine dances mma has grooves for (${ballroomDances.map((d) => d.id).join(', ')}),
N songs at competition tempi, arranged by mma, rendered by FluidSynth (General
MIDI SoundFont) as mono 22.05 kHz WAV. Each song comes four ways — clean, white
noise at 10 dB SNR, reverberant hall, telephone line — as
<dance>-<bpm>-s<seed>-<version>.wav, each with a .beats file beside it (one beat
time in seconds per line, read from the MIDI file's tempo map), plus the song's
.mma and .mid. Files already there are kept, so an interrupted build resumes.

Options:
  --split dev|test    dev to tune on, test to score on: disjoint songs and tempi
                      (default dev)
  --per-dance N       songs per dance, 1..500 (default 4)
  --seconds S         length of each song, 1..300 s (default 30)
  --seed N            corpus seed, 0..1000000: other seeds, other songs (default 1)

Needs mma, fluidsynth, sox and fluid-soundfont-gm (Debian/Ubuntu packages):
  apt install mma fluidsynth fluid-soundfont-gm sox

dance: music with a procedural dancer performing basic steps to it (lateral
bounce, front–back step, a salsa-like basic over eight counts), each dancer with
its own style and human-like timing jitter, the steps landing on the beats. Per
track <name>.wav (16 kHz mono), <name>.beats, <name>.bvh (30 fps, the 17-joint
dance skeleton) and <name>.json (step, style, seed). Songs are generated (80–140
BPM, 2/4, 3/4 or 4/4; even tempi for train, odd for test) unless --songs names a
folder of <name>.wav + <name>.beats to dance to (give each split its own folder).

Options (dance):
  --split train|test  disjoint songs and dancers (default train)
  --tracks N          tracks, 1..500 (default 30)
  --seconds S         length of each track, 1..300 s (default 30)
  --seed N            corpus seed, 0..1000000 (default 1)
  --songs <dir>       dance to these songs instead of generated ones

instruments: multi-instrument music for the event detector. Each clip is an mma
groove (67 groove files across pop, rock, jazz, latin, ballad, country, waltz...)
at its own tempo, key and chords, played by a random set of instrument families
(${instrumentTags.join(', ')}; drums in about half the clips) on
random General MIDI programs of those families, the other tracks switched off;
rendered by FluidSynth as 16 kHz mono WAV. Per clip <name>.wav, .mma, .mid and
<name>.labels.json: {"tags": [...], "intervals": [{"tag", "onset", "offset"}]},
read from the MIDI notes (note-on to note-off; drum hits count 0.2 s). Train on
the tags, score on the intervals. test holds out 28 whole groove files.

Options (instruments):
  --split train|validate|test   disjoint seeds; test also unseen grooves (default train)
  --clips N           clips, 1..100000 (default 200)
  --seconds S         length of each clip, 1..60 s (default 10)
  --seed N            corpus seed, 0..1000000 (default 1)

styles: the ten ballroom classes for the style recogniser (${ballroomStyles.join(', ')}).
mma's grooves for nine of them and terpsi's own paso doble grooves (a 2/4 march:
mma has none), at competition tempi, over a chord progression, with the parts
played by random General MIDI programs (chords, bass and drum kit) and heard
clean, in noise (10 dB SNR), in a hall or down a telephone line, as 16 kHz
mono. Per song <class>-<bpm>-s<seed>.wav, .mma, .mid and .json (what was drawn).
test uses odd tempi, the other half of the progressions and the other half of
every voice pool: tempi, harmony and sound sources training never had.

Options (styles):
  --split train|validate|test   (default train)
  --per-class N       songs per class, 1..500 (default 20)
  --seconds S         length of each song, 1..300 s (default 30)
  --seed N            corpus seed, 0..1000000 (default 1)

Examples:
  terpsi corpus ballroom corpora/ballroom-dev
  terpsi eval beats corpora/ballroom-dev --tracker aubio
  terpsi corpus dance corpora/dance-train
  terpsi corpus dance corpora/dance-test --split test --tracks 10
  terpsi corpus instruments corpora/instruments-train --clips 12000
  terpsi corpus instruments corpora/instruments-test --split test --clips 100
  terpsi corpus styles corpora/styles-train --per-class 40`,
  async run(args) {
    const { values, positionals } = parse('corpus', args, options);
    const [kind, dir, ...extra] = positionals;
    if (kind !== 'ballroom' && kind !== 'dance' && kind !== 'instruments' && kind !== 'styles') {
      throw new TerpsiError('E_USAGE', `${kind === undefined ? 'no corpus named' : `unknown corpus "${kind}"`}; corpora: ballroom, dance, instruments, styles; see terpsi corpus --help`);
    }
    if (!dir) throw new TerpsiError('E_USAGE', 'the folder to write to is missing; see terpsi corpus --help');
    if (extra.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${extra[0]}"; see terpsi corpus --help`);
    const seconds = numberOption('corpus', 'seconds', values.seconds, 1, kind === 'instruments' ? 60 : 300) ?? (kind === 'instruments' ? 10 : 30);
    const seed = numberOption('corpus', 'seed', values.seed, 0, 1_000_000) ?? 1;
    if (!Number.isInteger(seed)) throw new TerpsiError('E_USAGE', '--seed expects a whole number; see terpsi corpus --help');
    if (kind === 'instruments') return instruments(dir, values, seconds, seed);
    if (kind === 'styles') return styles(dir, values, seconds, seed);
    return kind === 'ballroom' ? ballroom(dir, values, seconds, seed) : dance(dir, values, seconds, seed);
  },
};

/** A whole-number option in min..max, `fallback` when absent. */
function wholeOption(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  const n = numberOption('corpus', name, value, min, max) ?? fallback;
  if (!Number.isInteger(n)) throw new TerpsiError('E_USAGE', `--${name} expects a whole number; see terpsi corpus --help`);
  return n;
}

/** Runs a corpus build behind a progress bar: what it built, how many items were there already, and the clock that timed it. */
async function withProgress<T>(label: string, total: number, build: (onProgress: (p: { done: number; name: string; cached: boolean }) => void) => Promise<T>) {
  const clock = realClock();
  const bar = progressBar(new Terminal(), label, total, clock);
  let cached = 0;
  const built = await build((p) => {
    if (p.cached) cached++;
    bar.update(p.done, p.name);
  });
  bar.clear();
  return { built, cached, clock };
}

async function ballroom(dir: string, values: Values, seconds: number, seed: number): Promise<number> {
  const split = values.split ?? 'dev';
  if (split !== 'dev' && split !== 'test') throw new TerpsiError('E_USAGE', `--split expects dev or test, got "${split}"; see terpsi corpus --help`);
  const perDance = wholeOption('per-dance', values['per-dance'], 1, 500, 4);
  const { built: songs, cached, clock } = await withProgress(`ballroom ${split}`, perDance * ballroomDances.length, (onProgress) =>
    buildBallroomCorpus({ dir, split: split as CorpusSplit, perDance, seconds, seed, onProgress }),
  );
  process.stdout.write(
    `ballroom ${split}: ${songs.length} songs (${songs.length - cached} built, ${cached} already there), ` +
      `${songs.length * degradations.length} WAV files with beats, ${size(dir)} in ${dir}, ${formatDuration(clock.now())}\n`,
  );
  return 0;
}

async function dance(dir: string, values: Values, seconds: number, seed: number): Promise<number> {
  const split = values.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new TerpsiError('E_USAGE', `--split expects train or test, got "${split}"; see terpsi corpus --help`);
  const tracks = wholeOption('tracks', values.tracks, 1, 500, 30);
  const { built, cached, clock } = await withProgress(`dance ${split}`, tracks, (onProgress) =>
    buildDanceCorpus({ dir, split, tracks, seconds, seed, ...(values.songs === undefined ? {} : { songs: values.songs }), onProgress }),
  );
  process.stdout.write(
    `dance ${split}: ${built.length} tracks (${built.length - cached} built, ${cached} already there) of music, beats and motion, ` +
      `${size(dir)} in ${dir}, ${formatDuration(clock.now())}\n`,
  );
  return 0;
}

async function instruments(dir: string, values: Values, seconds: number, seed: number): Promise<number> {
  const split = values.split ?? 'train';
  if (split !== 'train' && split !== 'validate' && split !== 'test') throw new TerpsiError('E_USAGE', `--split expects train, validate or test, got "${split}"; see terpsi corpus --help`);
  const clips = wholeOption('clips', values.clips, 1, 100_000, 200);
  const { built, cached, clock } = await withProgress(`instruments ${split}`, clips, (onProgress) =>
    buildInstrumentCorpus({ dir, split: split as InstrumentSplit, clips, seconds, seed, onProgress }),
  );
  const counts = instrumentTags.map((tag) => `${tag} ${built.filter((c) => c.tags.includes(tag)).length}`).join(', ');
  process.stdout.write(`instruments ${split}: ${built.length} clips (${built.length - cached} built, ${cached} already there; ${counts}), ${size(dir)} in ${dir}, ${formatDuration(clock.now())}\n`);
  return 0;
}

async function styles(dir: string, values: Values, seconds: number, seed: number): Promise<number> {
  const split = values.split ?? 'train';
  if (split !== 'train' && split !== 'validate' && split !== 'test') throw new TerpsiError('E_USAGE', `--split expects train, validate or test, got "${split}"; see terpsi corpus --help`);
  const perClass = wholeOption('per-class', values['per-class'], 1, 500, 20);
  const { built, cached, clock } = await withProgress(`styles ${split}`, perClass * ballroomStyles.length, (onProgress) =>
    buildStyleCorpus({ dir, split: split as StyleSplit, perClass, seconds, seed, onProgress }),
  );
  process.stdout.write(`styles ${split}: ${built.length} songs (${built.length - cached} built, ${cached} already there), ${size(dir)} in ${dir}, ${formatDuration(clock.now())}\n`);
  return 0;
}

/** The size of a folder's files, for the summary line. */
function size(dir: string): string {
  const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}
