import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { beatTimes } from '../dsp/beat-times.js';
import { shippedDanceModel } from '../models/dance/open-dance-model.js';
import { scoreDanceFiles } from '../models/dance/score-dance-files.js';
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
  model: { type: 'string' },
  json: { type: 'boolean' },
  confusion: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];

const fixed = (x: number) => x.toFixed(3);

/** JSON with non-finite numbers (a score that could not be computed) as null. */
const toJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'score the beat tracker, the dance generator, the event detector or the style recogniser',
  help: `Usage: terpsi eval beats <dir> [--tracker terpsi|aubio] [--json]
       terpsi eval dance <dir> [--model <dir>] [--json]
       terpsi eval events <dir> [--model <dir>] [--json]
       terpsi eval style <dir> [--model <dir>] [--confusion <file.png>] [--json]

beats: runs a beat tracker over every <name>.wav in <dir> and scores it against
<name>.beats (one beat time in seconds per line) with the beat F-measure of
mir_eval: beats before ${minBeatTime} s are ignored, an estimate counts if it is within
±${beatWindow * 1000} ms of a reference beat, each beat matched at most once. Prints F,
precision P and recall R per file and their means, and the tempo ratio
(reference over estimated median beat interval: 2.00 is double tempo, 0.50 half).
A WAV file without .beats is reported and skipped.

dance: for every track of a dance corpus (<name>.json, .wav, .beats and .bvh, the
reference dancer, as terpsi corpus dance writes), renders the model's dance
through the live generator (as terpsi dance does) and scores it, and the
reference dancer as the ceiling, on joint positions: the F-measure, P and R of
its motion beats against the music's beats (±${beatWindow * 1000} ms, from 0 s); the paper's
cross entropy CE against the reference dancer's basic step (nats, lower is
closer); and whether it freezes (still for 2 s or more). Prints both per track
and their means.

events: runs the event detector over every clip of a tagged dataset (terpsi
corpus instruments, MagnaTagATune, MedleyDB, UrbanSound8K) and scores it at clip
level (each tag's mean frame probability: ROC AUC and average precision, per
tag, macro, and per clip) and at frame level (frames cut at the model's own
thresholds against the clips' intervals: micro and macro precision, recall, F1;
a dataset without timings counts its clip labels on every frame).

style: classifies every clip of a ballroom dataset (terpsi corpus styles, or the
Extended Ballroom folders) as terpsi classify does, prints the confusion matrix
and top-1 accuracy, and draws the matrix as a PNG image.

Options:
  --tracker terpsi|aubio  beats: terpsi's live beat tracker, run on the file as a
                          show would (default), or aubio's online tracker (aubio
                          beat -B 512 -H 256; Debian package aubio-tools)
  --model <dir>           dance: a trained model's folder (default
                          presets/models/dance-basic)
                          events: default presets/models/instrument-events;
                          style: default presets/models/ballroom-style
  --confusion <file.png>  style: where the confusion matrix image goes (default
                          style-confusion.png)
  --json                  print the scores as one JSON object instead

Examples:
  terpsi corpus ballroom corpora/ballroom-test --split test
  terpsi eval beats corpora/ballroom-test
  terpsi eval beats corpora/ballroom-test --tracker aubio --json > aubio.json
  terpsi corpus dance corpora/dance-test --split test
  terpsi eval dance corpora/dance-test
  terpsi corpus instruments corpora/instruments-test --split test
  terpsi eval events corpora/instruments-test
  terpsi eval style corpora/styles-test --confusion styles-test.png`,
  async run(args) {
    const { values, positionals } = parse('eval', args, options);
    const [kind, dir, ...extra] = positionals;
    if (kind !== 'beats' && kind !== 'dance' && kind !== 'events' && kind !== 'style') {
      throw new TerpsiError('E_USAGE', `${kind === undefined ? 'nothing to evaluate' : `unknown evaluation "${kind}"`}; the evaluations are beats, dance, events and style; see terpsi eval --help`);
    }
    if (!dir) throw new TerpsiError('E_USAGE', 'the folder to score is missing; see terpsi eval --help');
    if (extra.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${extra[0]}"; see terpsi eval --help`);
    for (const option of ['tracker', 'model', 'confusion'] as const) {
      const applies = { tracker: kind === 'beats', model: kind !== 'beats', confusion: kind === 'style' }[option];
      if (!applies && values[option] !== undefined) throw new TerpsiError('E_USAGE', `--${option} does not apply to eval ${kind}; see terpsi eval --help`);
    }
    if (kind === 'events') return (await import('./eval-audio-model.js')).evalEvents(dir, values);
    if (kind === 'style') return (await import('./eval-audio-model.js')).evalStyle(dir, values);
    return kind === 'beats' ? evalBeats(dir, values) : evalDance(dir, values);
  },
};

async function evalBeats(dir: string, values: Values): Promise<number> {
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
    process.stdout.write(toJson({ tracker: name, dir, ...result }));
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
}

/** F, P, R, CE and frozen columns of one dance. */
function danceColumns(s: { f: number; precision: number; recall: number; crossEntropy: number }, frozen: string): string {
  const ce = Number.isFinite(s.crossEntropy) ? s.crossEntropy.toFixed(3).padStart(7) : '      –';
  return `${fixed(s.f)}  ${fixed(s.precision)}  ${fixed(s.recall)}  ${ce}  ${frozen.padEnd(6)}`;
}

async function evalDance(dir: string, values: Values): Promise<number> {
  const terminal = new Terminal();
  let bar: ReturnType<typeof progressBar> | undefined;
  const result = await scoreDanceFiles(dir, {
    ...(values.model === undefined ? {} : { model: values.model }),
    onProgress: (done, total, name) => {
      bar ??= progressBar(terminal, 'eval dance', total, realClock());
      bar.update(done, name);
    },
  });
  bar?.clear();
  if (values.json) {
    process.stdout.write(toJson({ model: values.model ?? shippedDanceModel, dir, ...result }));
    return 0;
  }
  const n = result.tracks.length;
  const { model, reference } = result.mean;
  process.stdout.write(
    [
      `${'model'.padEnd(danceColumns(model, '').length)} | reference dancer`,
      `F      P      R           CE  frozen | F      P      R           CE  frozen | track`,
      ...result.tracks.map((t) => `${danceColumns(t.model, t.model.frozen ? 'yes' : 'no')} | ${danceColumns(t.reference, t.reference.frozen ? 'yes' : 'no')} | ${t.name}`),
      `${danceColumns(model, `${model.frozen}/${n}`)} | ${danceColumns(reference, `${reference.frozen}/${n}`)} | mean of ${n} tracks`,
    ].join('\n') + '\n',
  );
  return 0;
}
