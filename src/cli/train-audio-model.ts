import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realClock, type Clock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { createLog } from '../core/log.js';
import { hertz } from '../core/units.js';
import { backends, selectBackend } from '../models/backend.js';
import { EventDetector } from '../models/events/event-detector.js';
import { eventFeatures } from '../models/events/event-features.js';
import { defaultEventConfig } from '../models/events/default-event-config.js';
import { saveEventModel } from '../models/events/event-model-files.js';
import type { FeatureFrames } from '../models/feature-frames.js';
import { useFastWasmKernels } from '../models/fast-wasm-kernels.js';
import { defaultStyleConfig } from '../models/style/default-style-config.js';
import { styleFeatures } from '../models/style/style-features.js';
import { saveStyleModel } from '../models/style/style-model-files.js';
import { clipExamples, type ClipExample } from '../train/clip-examples.js';
import type { LabeledDataset } from '../train/datasets/labeled-clip.js';
import { readEventDataset, readStyleDataset } from '../train/datasets/read-audio-dataset.js';
import { encodePng } from '../train/encode-png.js';
import { trainEventDetector } from '../train/event-training.js';
import type { EpochRecord } from '../train/fit-network.js';
import { frameTruth } from '../train/frame-truth.js';
import { chooseThresholds } from '../train/metrics/choose-thresholds.js';
import { plotLosses } from '../train/plot-losses.js';
import { trainStyleRecognizer } from '../train/style-training.js';
import { numberOption, parse, wholeOption } from './command.js';
import { formatDuration, progressBar, type ProgressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const options = {
  corpus: { type: 'string' },
  validate: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'steps-per-epoch': { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;


/** What both audio models' training runs share: the folders, the settings, the terminal. */
interface Run {
  readonly train: LabeledDataset;
  readonly validate: LabeledDataset;
  readonly out: string;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly terminal: Terminal;
  readonly clock: Clock;
  readonly backend: string;
}

async function startRun(args: readonly string[], read: (dir: string, option: string) => LabeledDataset, defaults: { out: string; epochs: number; batch: number }): Promise<Run> {
  const { values, positionals } = parse('train', args, options);
  if (positionals.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${positionals[0]}"; see terpsi train --help`);
  if (!values.corpus) throw new TerpsiError('E_USAGE', '--corpus <dir> is required; see terpsi train --help');
  if (!values.validate) throw new TerpsiError('E_USAGE', '--validate <dir> is required: the epoch to keep (and the event thresholds) are chosen on it; see terpsi train --help');
  const train = read(values.corpus, '--corpus');
  const validate = read(values.validate, '--validate');
  if (train.tags.join() !== validate.tags.join()) throw new TerpsiError('E_USAGE', `${values.validate} has tags ${validate.tags.join(', ')}; ${values.corpus} has ${train.tags.join(', ')}: they must agree`);
  const batch = wholeOption('train', 'batch', values.batch, 1, 512) ?? defaults.batch;
  const clock = realClock();
  const choice = await selectBackend(createLog({ clock, level: 'warn' }));
  useFastWasmKernels();
  return {
    train,
    validate,
    out: values.out ?? defaults.out,
    epochs: wholeOption('train', 'epochs', values.epochs, 1, 100_000) ?? defaults.epochs,
    stepsPerEpoch: wholeOption('train', 'steps-per-epoch', values['steps-per-epoch'], 1, 1_000_000) ?? Math.max(1, Math.ceil(train.clips.length / batch)),
    batch,
    learningRate: numberOption('train', 'lr', values.lr, 1e-7, 1) ?? 1e-3,
    seed: wholeOption('train', 'seed', values.seed, 0, 1_000_000) ?? 1,
    terminal: new Terminal(),
    clock,
    backend: backends.get(choice.name).description,
  };
}

async function examples(run: Run, dataset: LabeledDataset, label: string, sampleRate: number, featuresOf: (s: Float32Array) => FeatureFrames): Promise<ClipExample[]> {
  const bar = progressBar(run.terminal, label, dataset.clips.length, run.clock);
  const list = await clipExamples(dataset, hertz(sampleRate), featuresOf, (done, _total, clip) => bar.update(done, clip.audio));
  bar.clear();
  return list;
}

function fitHooks(run: Run): { bar: ProgressBar; hooks: { onStep: (p: { step: number; steps: number; epoch: number; loss: number }) => void; onEpoch: (r: EpochRecord) => void } } {
  const bar = progressBar(run.terminal, 'training', run.epochs * run.stepsPerEpoch, run.clock);
  return {
    bar,
    hooks: {
      onStep: (p) => bar.update(p.step, `epoch ${p.epoch}/${run.epochs} loss ${p.loss.toPrecision(4)}`),
      onEpoch: (r) => run.terminal.line(`epoch ${r.epoch}: training loss ${r.train.toPrecision(4)}, validation ${r.validation.toPrecision(4)}`),
    },
  };
}

/** training.json and loss.png beside the model: what it was trained on, with what, and how it went. */
function writeRecord(run: Run, kind: string, history: readonly EpochRecord[], best: EpochRecord, extra: object): void {
  const record = {
    kind,
    corpus: { clips: run.train.clips.length, tags: run.train.tags },
    validation: { clips: run.validate.clips.length },
    settings: { epochs: run.epochs, stepsPerEpoch: run.stepsPerEpoch, batch: run.batch, learningRate: run.learningRate, seed: run.seed },
    backend: run.backend,
    seconds: Math.round(run.clock.now()),
    best,
    history,
    ...extra,
  };
  writeFileSync(join(run.out, 'training.json'), JSON.stringify(record, null, 1) + '\n');
  const steps = (r: EpochRecord) => r.epoch * run.stepsPerEpoch;
  const png = plotLosses([
    { label: 'train', colour: [31, 119, 180], points: history.map((r) => [steps(r), r.train]) },
    { label: 'validation', colour: [214, 39, 40], points: history.map((r) => [steps(r), r.validation]) },
  ]);
  writeFileSync(join(run.out, 'loss.png'), encodePng(png));
}

/** `terpsi train events ...` */
export async function trainEventsCommand(args: readonly string[]): Promise<number> {
  const run = await startRun(args, readEventDataset, { out: 'presets/models/instrument-events', epochs: 15, batch: 16 });
  const config = defaultEventConfig(run.train.tags);
  run.terminal.line(`backend: ${run.backend}`);
  const featuresOf = (s: Float32Array) => eventFeatures(s, config);
  const train = await examples(run, run.train, 'reading', config.sampleRate, featuresOf);
  const validate = await examples(run, run.validate, 'reading validation', config.sampleRate, featuresOf);
  run.terminal.line(`training the event detector (${config.tags.join(', ')}) on ${train.length} clips, clip-level labels only; ${run.epochs} epochs of ${run.stepsPerEpoch} steps`);
  const { bar, hooks } = fitHooks(run);
  const result = trainEventDetector(config, train, validate, { epochs: run.epochs, stepsPerEpoch: run.stepsPerEpoch, batch: run.batch, learningRate: run.learningRate, finalLearningRate: run.learningRate / 20, excerptFrames: 256, seed: run.seed }, hooks);
  bar.clear();

  // Thresholds: per tag, the best frame-level F1 on the validation clips (clip level where they have no timing).
  const detector = new EventDetector({ config, thresholds: config.tags.map(() => 0.5), weights: result.weights });
  const probabilities: number[][] = [];
  const truth: boolean[][] = [];
  for (const example of validate) {
    const p = detector.frameProbabilities(example.features);
    const rows = frameTruth(example.clip, config.tags, example.features.frames, config.hop / config.sampleRate);
    for (let i = 0; i < rows.length; i++) probabilities.push(Array.from(p.subarray(i * config.tags.length, (i + 1) * config.tags.length)));
    truth.push(...rows);
  }
  detector.dispose();
  const thresholds = chooseThresholds(probabilities, truth, config.tags);
  saveEventModel(run.out, { config, thresholds, weights: result.weights });
  writeRecord(run, 'events', result.history, result.best, { thresholds: Object.fromEntries(config.tags.map((t, i) => [t, thresholds[i]])) });
  run.terminal.line(`kept epoch ${result.best.epoch} (validation loss ${result.best.validation.toPrecision(4)}); thresholds ${config.tags.map((t, i) => `${t} ${thresholds[i]!.toFixed(3)}`).join(', ')}`);
  run.terminal.line(`wrote ${join(run.out, 'model.json')}, training.json and loss.png in ${formatDuration(run.clock.now())}`);
  return 0;
}

/** `terpsi train style ...` */
export async function trainStyleCommand(args: readonly string[]): Promise<number> {
  const run = await startRun(args, readStyleDataset, { out: 'presets/models/ballroom-style', epochs: 30, batch: 32 });
  const config = defaultStyleConfig(run.train.tags);
  run.terminal.line(`backend: ${run.backend}`);
  const featuresOf = (s: Float32Array) => styleFeatures(s, config);
  const train = await examples(run, run.train, 'reading', config.sampleRate, featuresOf);
  const validate = await examples(run, run.validate, 'reading validation', config.sampleRate, featuresOf);
  run.terminal.line(`training the style CNN (${config.classes.length} classes) on ${train.length} clips, class-balanced random segments; ${run.epochs} epochs of ${run.stepsPerEpoch} steps`);
  const { bar, hooks } = fitHooks(run);
  const result = trainStyleRecognizer(config, train, validate, { epochs: run.epochs, stepsPerEpoch: run.stepsPerEpoch, batch: run.batch, learningRate: run.learningRate, seed: run.seed }, hooks);
  bar.clear();
  saveStyleModel(run.out, { config, weights: result.weights });
  writeRecord(run, 'style', result.history, result.best, {});
  run.terminal.line(`kept epoch ${result.best.epoch} (validation cross-entropy ${result.best.validation.toPrecision(4)})`);
  run.terminal.line(`wrote ${join(run.out, 'model.json')}, training.json and loss.png in ${formatDuration(run.clock.now())}`);
  return 0;
}
