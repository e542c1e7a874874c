import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { createLog } from '../core/log.js';
import { backends, selectBackend } from '../models/backend.js';
import { useFastWasmKernels } from '../models/fast-wasm-kernels.js';
import { demoSonifyConfig, researchSonifyConfig } from '../models/sonify/sonify-model-config.js';
import { saveSonifyModel } from '../models/sonify/sonify-model-files.js';
import { loadLmaPreset } from '../movement/lma-efforts.js';
import { encodePng } from '../train/encode-png.js';
import type { EpochRecord } from '../train/fit-network.js';
import { danceCorpusDataset } from '../train/datasets/dance-corpus-dataset.js';
import { plotLosses } from '../train/plot-losses.js';
import { sonifyExamples } from '../train/sonify-examples.js';
import { trainSonify, type SonifyStageSettings } from '../train/sonify-training.js';
import { numberOption, parse, wholeOption } from './command.js';
import { formatDuration, progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const options = {
  corpus: { type: 'string' },
  validate: { type: 'string' },
  out: { type: 'string', default: 'presets/models/sonify-demo' },
  size: { type: 'string', default: 'demo' },
  epochs: { type: 'string' },
  'mixture-epochs': { type: 'string' },
  'steps-per-epoch': { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  stride: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;



/** `terpsi train sonify ...` */
export async function trainSonifyCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse('train', args, options);
  if (positionals.length > 0) throw new TerpsiError('E_USAGE', `unexpected argument "${positionals[0]}"; see terpsi train --help`);
  if (!values.corpus) throw new TerpsiError('E_USAGE', '--corpus <dir> is required; see terpsi train --help');
  if (!values.validate) throw new TerpsiError('E_USAGE', '--validate <dir> is required: each stage keeps its best epoch on it; see terpsi train --help');
  if (values.size !== 'demo' && values.size !== 'research') throw new TerpsiError('E_USAGE', `--size is demo or research, got "${values.size}"`);
  const config = values.size === 'demo' ? demoSonifyConfig : researchSonifyConfig;
  const batch = wholeOption('train', 'batch', values.batch, 1, 512) ?? 16;
  const stride = numberOption('train', 'stride', values.stride, 0.1, 8) ?? 1;
  const learningRate = numberOption('train', 'lr', values.lr, 1e-7, 1) ?? 1e-3;
  const seed = wholeOption('train', 'seed', values.seed, 0, 1_000_000) ?? 1;
  const clock = realClock();
  const terminal = new Terminal();
  const choice = await selectBackend(createLog({ clock, level: 'warn' }));
  useFastWasmKernels();
  terminal.line(`backend: ${backends.get(choice.name).description}`);
  const preset = loadLmaPreset(config.lmaPreset, process.cwd());

  const read = async (dir: string, label: string) => {
    const bar = progressBar(terminal, label, danceCorpusDataset(dir).length, clock);
    const examples = await sonifyExamples(dir, config, preset, stride, (done, _total, name) => bar.update(done, name));
    bar.clear();
    if (examples.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${dir}: no track with 8 s of <name>.bvh movement and <name>.wav music to learn from`);
    return examples;
  };
  const train = await read(values.corpus, 'reading');
  const validate = await read(values.validate, 'reading validation');
  const steps = wholeOption('train', 'steps-per-epoch', values['steps-per-epoch'], 1, 1_000_000) ?? Math.max(1, Math.ceil(train.length / batch));
  const stage = (epochs: number): SonifyStageSettings => ({ epochs, stepsPerEpoch: steps, batch, learningRate });
  const settings = { autoencoder: stage(wholeOption('train', 'epochs', values.epochs, 1, 100_000) ?? 30), mixture: stage(wholeOption('train', 'mixture-epochs', values['mixture-epochs'], 1, 100_000) ?? 60), seed };
  terminal.line(`training on ${train.length} segments (${validate.length} to validate): the autoencoder for ${settings.autoencoder.epochs} epochs, then the mixture network for ${settings.mixture.epochs}, ${steps} steps each`);

  let bar = progressBar(terminal, 'autoencoder', settings.autoencoder.epochs * steps, clock);
  const result = trainSonify(config, train, validate, settings, {
    onStep: (name, p) => {
      if (name === 'mixture' && p.step === 1) {
        bar.clear();
        bar = progressBar(terminal, 'mixture', settings.mixture.epochs * steps, clock);
      }
      bar.update(p.step, `epoch ${p.epoch} loss ${p.loss.toPrecision(4)}`);
    },
    onEpoch: (name, r) => terminal.line(`${name} epoch ${r.epoch}: training loss ${r.train.toPrecision(4)}, validation ${r.validation.toPrecision(4)}`),
  });
  bar.clear();
  saveSonifyModel(values.out, { config, weights: result.weights });
  const record = {
    kind: 'sonify',
    size: values.size,
    corpus: { dir: values.corpus, segments: train.length },
    validation: { dir: values.validate, segments: validate.length },
    settings: { ...settings, stride },
    backend: backends.get(choice.name).description,
    seconds: Math.round(clock.now()),
    autoencoder: { best: result.autoencoder.best, history: result.autoencoder.history },
    mixture: { best: result.mixture.best, history: result.mixture.history, shuffledValidation: result.shuffledLoss },
  };
  writeFileSync(join(values.out, 'training.json'), JSON.stringify(record, null, 1) + '\n');
  // One plot per stage: the reconstruction error and the negative log-likelihood have different scales.
  const plot = (file: string, history: readonly EpochRecord[], what: string) => {
    const points = (key: 'train' | 'validation') => history.map((r) => [r.epoch * steps, r[key]] as const);
    const png = plotLosses([
      { label: `train ${what}`, colour: [31, 119, 180], points: points('train') },
      { label: 'validation', colour: [214, 39, 40], points: points('validation') },
    ]);
    writeFileSync(join(values.out!, file), encodePng(png));
  };
  plot('loss.png', result.autoencoder.history, '(autoencoder MSE)');
  plot('mixture-loss.png', result.mixture.history, '(mixture NLL per code dimension)');
  terminal.line(
    `kept autoencoder epoch ${result.autoencoder.best.epoch} (validation MSE ${result.autoencoder.best.validation.toPrecision(4)}) and mixture epoch ${result.mixture.best.epoch} ` +
      `(validation NLL ${result.mixture.best.validation.toPrecision(4)} per code dimension; ${result.shuffledLoss.toPrecision(4)} with the movement of other segments)`,
  );
  terminal.line(`wrote ${join(values.out, 'model.json')}, training.json, loss.png and mixture-loss.png in ${formatDuration(clock.now())}`);
  return 0;
}
