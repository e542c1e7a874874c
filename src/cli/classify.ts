import { createLog } from '../core/log.js';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { hertz } from '../core/units.js';
import { numberOption, parse, type Command } from './command.js';

const options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  model: { type: 'string' },
  hop: { type: 'string' },
} as const;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export const classify: Command = {
  name: 'classify',
  summary: 'which ballroom dance a recording is for (the style CNN)',
  help: `Usage: terpsi classify <audio> [--json] [--model <dir>] [--hop S]

Listens to a recording as the live style-recognizer node does: a segment of
log-mel frames (about 5.4 s) every --hop seconds, each scored by the style CNN,
and the incremental average of the segments' probabilities as the verdict.
Segments quieter than −60 dBFS are silence and say nothing; a recording that is
all silence is "unknown". A recording shorter than one segment is looped to
fill it and flagged "padded".

Classes: cha_cha_cha, jive, paso_doble, quickstep, rumba, samba, slow_foxtrot,
slow_waltz, tango, viennese_waltz (the shipped model's; a model brings its own).

Options:
  --json          print {"label", "probabilities", "padded", "segments": [{"t",
                  "probabilities"}]} (t: segment start, seconds)
  --model <dir>   a trained style model (default presets/models/ballroom-style)
  --hop S         seconds between segments, 0.1..10 (default 1)

Example:
  terpsi classify song.mp3
  terpsi classify song.wav --json > song-style.json`,
  async run(args) {
    const { values, positionals } = parse('classify', args, options);
    if (positionals.length !== 1) throw new TerpsiError('E_USAGE', 'expected one audio file; see terpsi classify --help');
    const hop = numberOption('classify', 'hop', values.hop, 0.1, 10) ?? 1;
    const { openStyleModel } = await import('../models/style/open-style-model.js');
    const model = openStyleModel(values.model);
    const [{ ensureBackend }, { StyleClassifier }, { classifyStyle }, { readAudio }] = await Promise.all([
      import('../models/backend.js'),
      import('../models/style/style-classifier.js'),
      import('../models/style/classify-style.js'),
      import('../train/datasets/read-audio.js'),
    ]);
    const file = positionals[0]!;
    const samples = await readAudio(file, hertz(model.config.sampleRate));
    await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
    const classifier = new StyleClassifier(model);
    const verdict = classifyStyle(classifier, samples, hop);
    classifier.dispose();
    const named = (p: Float32Array) => Object.fromEntries(model.config.classes.map((c, i) => [c, round(p[i]!)]));
    if (values.json) {
      const segments = verdict.segments.map((s) => ({ t: round(s.t), probabilities: named(s.probabilities), ...(s.silent ? { silent: true } : {}) }));
      process.stdout.write(JSON.stringify({ label: verdict.label, probabilities: named(verdict.probabilities), padded: verdict.padded, segments }) + '\n');
      return 0;
    }
    const ranked = model.config.classes.map((c, i) => [c, verdict.probabilities[i]!] as const).sort((a, b) => b[1] - a[1]);
    const silent = verdict.segments.filter((s) => s.silent).length;
    process.stdout.write(
      `${file}: ${verdict.label}` +
        (verdict.label === 'unknown' ? ' (silence)' : ` (${(100 * ranked[0]![1]).toFixed(0)} %; then ${ranked.slice(1, 3).map(([c, p]) => `${c} ${(100 * p).toFixed(0)} %`).join(', ')})`) +
        `, ${verdict.segments.length} segments${silent ? `, ${silent} silent` : ''}${verdict.padded ? ', shorter than one segment: looped' : ''}\n`,
    );
    return 0;
  },
};
