import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { levelAccuracy, levelExamples, trainTempoLevel } from '../train/tempo-level.js';
import { parse, type Command } from './command.js';
import { progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';
import { trainAudioModelHelp } from './train-audio-model-help.js';
import { trainDanceHelp } from './train-dance-help.js';
import { trainSonifyHelp } from './train-sonify-help.js';

/** Tempo range the tracker uses by default, and so the range the level model is trained for. */
const minBpm = 60;
const maxBpm = 220;

async function trainLevel(args: readonly string[]): Promise<number> {
  const { values } = parse('train', args, {
    corpus: { type: 'string' },
    validate: { type: 'string' },
    out: { type: 'string', default: 'presets/models/tempo-level' },
    help: { type: 'boolean', short: 'h' },
  });
  const corpus = values.corpus;
  if (!corpus) throw new TerpsiError('E_USAGE', '--corpus <dir> is required; see terpsi train --help');
  for (const dir of [corpus, values.validate]) {
    if (dir && !existsSync(dir)) {
      throw new TerpsiError('E_FILE_UNREADABLE', `${dir}: no such folder; build one with: terpsi corpus ballroom ${dir} --split dev`);
    }
  }
  const terminal = new Terminal();
  const gather = (dir: string, label: string) => {
    const total = readdirSync(dir).filter((f) => f.endsWith('.wav')).length;
    const bar = progressBar(terminal, label, total, realClock());
    const examples = levelExamples(dir, minBpm, maxBpm, (name, done) => bar.update(done, name));
    bar.clear();
    if (examples.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${dir}: no <name>.wav with a <name>.beats to learn from`);
    return examples;
  };
  const examples = gather(corpus, 'analysing');
  const model = trainTempoLevel(examples);
  const songs = new Set(examples.map((e) => e.song)).size;
  terminal.line(`trained on ${examples.length} moments of ${songs} files: level accuracy ${levelAccuracy(model, examples).toFixed(3)}`);
  if (values.validate) {
    const held = gather(values.validate, 'validating');
    terminal.line(`held-out ${values.validate}: level accuracy ${levelAccuracy(model, held).toFixed(3)} on ${held.length} moments`);
  }
  mkdirSync(values.out, { recursive: true });
  const file = join(values.out, 'model.json');
  writeFileSync(file, JSON.stringify({ format: 'terpsi-tempo-level', version: 1, ...model }, null, 2) + '\n');
  terminal.line(`wrote ${file}`);
  return 0;
}

export const train: Command = {
  name: 'train',
  summary: "train a model: tempo-level (the beat's metrical level), dance, events, style, sonify",
  help: `Usage: terpsi train tempo-level --corpus <dir> [--validate <dir>] [--out <dir>]
       terpsi train dance --corpus <dir> [--validate <dir>] [--out <dir>] [--size default|paper]
                          [--steps N] [--batch N] [--lr X] [--margin X] [--contrastive λ]
                          [--curriculum N] [--seed N] [--resume]

tempo-level   the beat tracker's choice between a tempo, its half and its double.
              Runs every <name>.wav with a <name>.beats in the corpus through the
              tracker's own front end, takes the tempo candidates once a second,
              labels the one within 4 % of the annotated tempo, and fits a linear
              softmax over their periodicity features. Writes <out>/model.json
              (default presets/models/tempo-level, the model terpsi ships).

Options:
  --corpus <dir>     annotated audio to learn from (terpsi corpus ballroom <dir> --split dev)
  --validate <dir>   annotated audio to report held-out accuracy on (e.g. the test split)
  --out <dir>        where model.json goes

Example:
  terpsi corpus ballroom .cache/ballroom-dev --split dev --per-dance 6
  terpsi train tempo-level --corpus .cache/ballroom-dev

${trainDanceHelp}

${trainAudioModelHelp}

${trainSonifyHelp}`,
  async run(args) {
    const [what, ...rest] = args;
    if (what === 'tempo-level') return trainLevel(rest);
    // TensorFlow.js takes a second to load: only dance training pays for it.
    if (what === 'dance') return (await import('./train-dance.js')).trainDanceCommand(rest);
    if (what === 'events') return (await import('./train-audio-model.js')).trainEventsCommand(rest);
    if (what === 'style') return (await import('./train-audio-model.js')).trainStyleCommand(rest);
    if (what === 'sonify') return (await import('./train-sonify.js')).trainSonifyCommand(rest);
    throw new TerpsiError('E_USAGE', `unknown model "${what ?? ''}"; models: tempo-level, dance, events, style, sonify; see terpsi train --help`);
  },
};
