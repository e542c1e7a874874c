import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { beatTimes } from '../dsp/beat-times.js';
import { aubioBeatTimes } from '../train/aubio-beat-times.js';
import { beatWindow, minBeatTime } from '../train/metrics/beat-f-measure.js';
import { scoreBeatFiles, type BeatTracker } from '../train/metrics/score-beat-files.js';
import { parse, type Command } from './command.js';
import { progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

/** The trackers `terpsi eval beats` can score. */
export const beatTrackers: Readonly<Record<string, BeatTracker>> = { terpsi: beatTimes, aubio: aubioBeatTimes };

const options = {
  help: { type: 'boolean', short: 'h' },
  tracker: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const fixed = (x: number) => x.toFixed(3);

export const evalCommand: Command = {
  name: 'eval',
  summary: 'score the beat tracker on an annotated corpus',
  help: `Usage: terpsi eval beats <dir> [--tracker terpsi|aubio] [--json]

Runs a beat tracker over every <name>.wav in <dir> and scores it against
<name>.beats (one beat time in seconds per line) with the beat F-measure of
mir_eval: beats before ${minBeatTime} s are ignored, an estimate counts if it is within
±${beatWindow * 1000} ms of a reference beat, each beat matched at most once. Prints F,
precision P and recall R per file and their means, and the tempo ratio
(reference over estimated median beat interval: 2.00 is double tempo, 0.50 half).
A WAV file without .beats is reported and skipped.

Options:
  --tracker terpsi|aubio  terpsi's live beat tracker, run on the file as a show
                          would (default), or aubio's online tracker (aubio beat
                          -B 512 -H 256; Debian package aubio-tools)
  --json                  print the scores as one JSON object instead

Examples:
  terpsi corpus ballroom corpora/ballroom-test --split test
  terpsi eval beats corpora/ballroom-test
  terpsi eval beats corpora/ballroom-test --tracker aubio --json > aubio.json`,
  async run(args) {
    const { values, positionals } = parse('eval', args, options);
    const [kind, dir, ...extra] = positionals;
    if (kind !== 'beats') throw new TerpsiError('E_USAGE', `${kind === undefined ? 'nothing to evaluate' : `unknown evaluation "${kind}"`}; the evaluation is "beats"; see terpsi eval --help`);
    if (!dir) throw new TerpsiError('E_USAGE', 'the folder to score is missing; see terpsi eval --help');
    if (extra.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${extra[0]}"; see terpsi eval --help`);
    const name = values.tracker ?? 'terpsi';
    const tracker = beatTrackers[name];
    if (!tracker) throw new TerpsiError('E_USAGE', `--tracker expects ${Object.keys(beatTrackers).join(' or ')}, got "${name}"; see terpsi eval --help`);

    const terminal = new Terminal();
    let bar: ReturnType<typeof progressBar> | undefined;
    const result = await scoreBeatFiles(dir, tracker, (done, total, file) => {
      bar ??= progressBar(terminal, `eval ${name}`, total, realClock());
      bar.update(done, file);
    });
    bar?.clear();
    for (const file of result.unannotated) terminal.line(`skipped ${file}.wav: no ${file}.beats beside it`);
    if (values.json) {
      process.stdout.write(JSON.stringify({ tracker: name, dir, ...result }, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
      return 0;
    }
    const lines = result.scores.map(
      (s) =>
        `${fixed(s.f)}  ${fixed(s.precision)}  ${fixed(s.recall)}  ${String(s.matched).padStart(4)}/${String(s.reference).padEnd(4)} ${String(s.estimated).padStart(4)}  ${Number.isFinite(s.tempoRatio) ? s.tempoRatio.toFixed(2) : '  – '}  ${s.name}`,
    );
    process.stdout.write(
      [
        `F      P      R      matched/ref  est  tempo  file`,
        ...lines,
        `${fixed(result.mean.f)}  ${fixed(result.mean.precision)}  ${fixed(result.mean.recall)}  mean of ${result.scores.length} files (${name})`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
