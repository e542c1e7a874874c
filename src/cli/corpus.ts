import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { buildBallroomCorpus, degradations, type CorpusSplit } from '../train/corpora/ballroom-corpus.js';
import { ballroomDances } from '../train/corpora/ballroom-dances.js';
import { numberOption, parse, type Command } from './command.js';
import { formatDuration, progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const options = {
  help: { type: 'boolean', short: 'h' },
  split: { type: 'string' },
  'per-dance': { type: 'string' },
  seconds: { type: 'string' },
  seed: { type: 'string' },
} as const;

export const corpus: Command = {
  name: 'corpus',
  summary: 'generate beat-annotated corpora for tuning and scoring the beat tracker',
  help: `Usage: terpsi corpus ballroom <dir> [--split dev|test] [--per-dance N] [--seconds S] [--seed N]

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

Example:
  terpsi corpus ballroom corpora/ballroom-dev
  terpsi eval beats corpora/ballroom-dev --tracker aubio`,
  async run(args) {
    const { values, positionals } = parse('corpus', args, options);
    const [kind, dir, ...extra] = positionals;
    if (kind !== 'ballroom') throw new TerpsiError('E_USAGE', `${kind === undefined ? 'no corpus named' : `unknown corpus "${kind}"`}; the corpus is "ballroom"; see terpsi corpus --help`);
    if (!dir) throw new TerpsiError('E_USAGE', 'the folder to write to is missing; see terpsi corpus --help');
    if (extra.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${extra[0]}"; see terpsi corpus --help`);
    const split = values.split ?? 'dev';
    if (split !== 'dev' && split !== 'test') throw new TerpsiError('E_USAGE', `--split expects dev or test, got "${split}"; see terpsi corpus --help`);
    const perDance = numberOption('corpus', 'per-dance', values['per-dance'], 1, 500) ?? 4;
    const seconds = numberOption('corpus', 'seconds', values.seconds, 1, 300) ?? 30;
    const seed = numberOption('corpus', 'seed', values.seed, 0, 1_000_000) ?? 1;
    if (!Number.isInteger(perDance) || !Number.isInteger(seed)) throw new TerpsiError('E_USAGE', '--per-dance and --seed expect whole numbers; see terpsi corpus --help');

    const clock = realClock();
    const terminal = new Terminal();
    const bar = progressBar(terminal, `ballroom ${split}`, perDance * ballroomDances.length, clock);
    let cached = 0;
    const songs = await buildBallroomCorpus({
      dir,
      split: split as CorpusSplit,
      perDance,
      seconds,
      seed,
      onProgress: (p) => {
        if (p.cached) cached++;
        bar.update(p.done, p.name);
      },
    });
    bar.clear();
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    process.stdout.write(
      `ballroom ${split}: ${songs.length} songs (${songs.length - cached} built, ${cached} already there), ` +
        `${songs.length * degradations.length} WAV files with beats, ${(bytes / 2 ** 20).toFixed(0)} MiB in ${dir}, ${formatDuration(clock.now())}\n`,
    );
    return 0;
  },
};
