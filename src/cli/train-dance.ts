import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { createLog } from '../core/log.js';
import { backends, selectBackend } from '../models/backend.js';
import { defaultDanceConfig, paperDanceConfig } from '../models/dance/dance-model-config.js';
import { danceParamCount } from '../models/dance/dance-weights.js';
import { MotionNormalization } from '../movement/motion-vector.js';
import { readDanceCheckpoint, stateFile, type DanceCheckpoint, type DanceTrainingSettings } from '../train/dance-checkpoint.js';
import { danceExamples, type DanceExamples } from '../train/dance-examples.js';
import { lossCurveFile, trainDance } from '../train/dance-training.js';
import { defaultDanceTraining } from '../train/default-dance-training.js';
import { danceCorpusDataset } from '../train/datasets/dance-corpus-dataset.js';
import type { DanceTrackSource } from '../train/datasets/dance-track.js';
import { numberOption, parse, wholeOption } from './command.js';
import { formatDuration, progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const sizes = { default: defaultDanceConfig, paper: paperDanceConfig } as const;

const options = {
  corpus: { type: 'string' },
  validate: { type: 'string' },
  out: { type: 'string', default: 'presets/models/dance-basic' },
  size: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  margin: { type: 'string' },
  contrastive: { type: 'string' },
  curriculum: { type: 'string' },
  seed: { type: 'string' },
  resume: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;


/** The tracks of a corpus folder; a folder that is missing or holds no tracks is an error naming it. */
function corpusTracks(dir: string, option: string): DanceTrackSource[] {
  if (!existsSync(dir)) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${dir}: no such folder (--${option}); build a corpus there with: terpsi corpus dance ${dir}`);
  }
  const tracks = danceCorpusDataset(dir);
  if (tracks.length === 0) {
    throw new TerpsiError('E_USAGE', `${dir} (--${option}): no dance tracks there (a <name>.json with <name>.wav, .beats and .bvh each); build a corpus with: terpsi corpus dance ${dir}`);
  }
  return tracks;
}

/** `terpsi train dance ...`: resolves to the exit code (130 when stopped by Ctrl-C). */
export async function trainDanceCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse('train', args, options);
  if (positionals.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${positionals[0]}"; see terpsi train --help`);
  if (!values.corpus) throw new TerpsiError('E_USAGE', '--corpus <dir> is required; see terpsi train --help');
  if (values.size !== undefined && !(values.size in sizes)) throw new TerpsiError('E_USAGE', `--size expects default or paper, got "${values.size}"; see terpsi train --help`);
  const given: Partial<DanceTrainingSettings> = {
    steps: wholeOption('train', 'steps', values.steps, 1, 10_000_000),
    batch: wholeOption('train', 'batch', values.batch, 1, 256),
    learningRate: numberOption('train', 'lr', values.lr, 1e-7, 1),
    margin: numberOption('train', 'margin', values.margin, 1e-3, 100),
    contrastive: numberOption('train', 'contrastive', values.contrastive, 0, 100),
    curriculum: wholeOption('train', 'curriculum', values.curriculum, 0, 10_000_000),
    seed: wholeOption('train', 'seed', values.seed, 0, 1_000_000),
  };
  const out = values.out;
  const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));

  let resume: DanceCheckpoint | undefined;
  if (values.resume) {
    resume = readDanceCheckpoint(out);
  } else if (existsSync(join(out, stateFile))) {
    throw new TerpsiError('E_USAGE', `${out} holds a training run (${join(out, stateFile)}): add --resume to continue it, or give another --out`);
  }
  const config = values.size ? sizes[values.size as keyof typeof sizes] : (resume?.model.config ?? defaultDanceConfig);
  const settings: DanceTrainingSettings = { ...(resume?.state.settings ?? defaultDanceTraining), ...explicit };

  const sources = corpusTracks(values.corpus, 'corpus');
  const trainSources = sources.filter((s) => s.split === 'train');
  if (trainSources.length === 0) {
    throw new TerpsiError('E_USAGE', `${values.corpus} (--corpus): all ${sources.length} tracks are of split test: nothing to learn from; build training tracks with: terpsi corpus dance ${values.corpus}`);
  }
  const heldOut = [...sources.filter((s) => s.split === 'test'), ...(values.validate ? corpusTracks(values.validate, 'validate') : [])];

  const clock = realClock();
  const terminal = new Terminal();
  const choice = await selectBackend(createLog({ clock, level: 'warn' }));
  terminal.line(`backend: ${backends.get(choice.name).description}`);

  const read = async (tracks: DanceTrackSource[], label: string, augment: boolean, normalization?: MotionNormalization): Promise<DanceExamples> => {
    const bar = progressBar(terminal, label, tracks.length, clock);
    const examples = await danceExamples(tracks, { seed: settings.seed, augment, normalization, onTrack: (name, done) => bar.update(done, name) });
    bar.clear();
    return examples;
  };
  // A resumed run keeps the scaling it was trained with, even if the corpus has changed since.
  const kept = resume ? MotionNormalization.fromJSON(resume.model.normalization, join(out, 'model.json')) : undefined;
  const train = await read(trainSources, 'reading', true, kept);
  const validation = heldOut.length > 0 ? (await read(heldOut, 'reading held-out', false, train.normalization)).tracks : undefined;

  const frames = train.tracks.reduce((n, t) => n + t.frames, 0);
  const first = resume?.state.step ?? 0;
  terminal.line(
    `training the ${values.size ?? (resume ? 'checkpointed' : 'default')} network (${(danceParamCount(config) / 1e6).toFixed(2)} M weights) ` +
      `on ${train.tracks.length} tracks (${frames} frames, each clean and at 2 noise levels)` +
      `${validation ? `, held out: ${validation.length} tracks` : ''}; ${resume ? `resuming at step ${first}, ` : ''}checkpoints every ${settings.checkpointEvery} steps to ${out}`,
  );
  if (first >= settings.steps) {
    terminal.line(`the run in ${out} has done ${first} steps already: nothing to do (give --steps more than ${first} to go on)`);
    return 0;
  }
  const stop = new AbortController();
  const interrupt = () => {
    terminal.line('stopping after this step, with a checkpoint (Ctrl-C again quits at once)');
    stop.abort();
  };
  process.once('SIGINT', interrupt);
  const bar = progressBar(terminal, 'training', settings.steps - first, clock);
  try {
    const result = await trainDance({
      out,
      config,
      settings,
      train,
      validation,
      resume,
      clock,
      signal: stop.signal,
      onStep: (p) => {
        const forcing = settings.curriculum > 0 ? ` forcing ${p.teacherForcing.toFixed(2)}` : '';
        bar.update(p.step - first, `step ${p.step}/${p.steps} loss ${p.loss.toPrecision(4)} (mse ${p.mse.toPrecision(4)}, contrastive ${p.contrastive.toPrecision(4)})${forcing}`);
        if (p.validation) terminal.line(`step ${p.step}: held-out loss ${p.validation[1].toPrecision(4)} (mse ${p.validation[2].toPrecision(4)}, contrastive ${p.validation[3].toPrecision(4)})`);
      },
    });
    bar.clear();
    const { step, skipped, losses } = result.state;
    const rate = result.ran / Math.max(1e-9, result.elapsed);
    terminal.line(`${result.ran} steps (${first} → ${step}) in ${formatDuration(result.elapsed)}: ${rate.toPrecision(3)} steps/s${skipped > 0 ? `; ${skipped} steps left out for a gradient that was not finite` : ''}`);
    const last = losses.validation.at(-1);
    if (last) terminal.line(`held-out loss at step ${last[0]}: ${last[1].toPrecision(4)} (mse ${last[2].toPrecision(4)})`);
    terminal.line(`wrote ${join(out, 'model.json')} and ${join(out, lossCurveFile)}`);
    if (stop.signal.aborted) {
      terminal.line(`stopped at step ${step}; go on with the same command and --resume`);
      return 130;
    }
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
  }
}
