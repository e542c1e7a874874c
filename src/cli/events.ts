import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { createLog } from '../core/log.js';
import { hertz } from '../core/units.js';
import { parse, type Command } from './command.js';

const options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  model: { type: 'string' },
} as const;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export const events: Command = {
  name: 'events',
  summary: 'what sounds when in a recording: drums, bass, piano, ... (the event detector)',
  help: `Usage: terpsi events <audio> [--json] [--model <dir>]

Runs the weakly-supervised event detector over a recording: multi-scale log-mel
frames (16 kHz, hop 32 ms) through the fully convolutional network, segment
predictions smoothed by its Gaussian layer and up-sampled to every frame, then
each tag cut at the threshold the model chose on validation data.

The shipped model's tags: drums, bass, piano, guitar, strings, brass, reed,
organ (General MIDI families; strings include string ensembles).

Options:
  --json          print {"tags", "hop_s", "frames": [{"t", "p": {"<tag>": p}}],
                  "intervals": [{"tag", "onset", "offset"}]}, times in seconds
  --model <dir>   a trained event model (default presets/models/instrument-events)

Without --json, prints each tag's share of the recording and its intervals.

Example:
  terpsi events song.wav
  terpsi events song.mp3 --json > song-events.json`,
  async run(args) {
    const { values, positionals } = parse('events', args, options);
    if (positionals.length !== 1) throw new TerpsiError('E_USAGE', 'expected one audio file; see terpsi events --help');
    const { openEventModel } = await import('../models/events/open-event-model.js');
    const model = openEventModel(values.model);
    const [{ ensureBackend }, { EventDetector }, { detectEvents }, { readAudio }] = await Promise.all([
      import('../models/backend.js'),
      import('../models/events/event-detector.js'),
      import('../models/events/detect-events.js'),
      import('../train/datasets/read-audio.js'),
    ]);
    const file = positionals[0]!;
    const samples = await readAudio(file, hertz(model.config.sampleRate));
    await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
    const detector = new EventDetector(model);
    const found = detectEvents(detector, samples);
    detector.dispose();
    const tags = found.tags.length;
    const frames = found.probabilities.length / tags;
    if (values.json) {
      const rows = Array.from({ length: frames }, (_, i) => ({ t: round(i * found.hop), p: Object.fromEntries(found.tags.map((tag, c) => [tag, round(found.probabilities[i * tags + c]!)])) }));
      const intervals = found.intervals.map((e) => ({ tag: e.tag, onset: round(e.onset), offset: round(e.offset) }));
      process.stdout.write(JSON.stringify({ tags: found.tags, hop_s: found.hop, frames: rows, intervals }) + '\n');
      return 0;
    }
    const length = samples.length / model.config.sampleRate;
    process.stdout.write(`${file}: ${length.toFixed(1)} s, ${frames} frames\n`);
    for (const tag of found.tags) {
      const mine = found.intervals.filter((e) => e.tag === tag);
      const total = mine.reduce((s, e) => s + e.offset - e.onset, 0);
      const shown = mine.slice(0, 4).map((e) => `${e.onset.toFixed(1)}–${e.offset.toFixed(1)}`).join(', ');
      process.stdout.write(`  ${tag.padEnd(8)} ${length > 0 ? ((100 * total) / length).toFixed(0).padStart(3) : '  0'} %  ${shown}${mine.length > 4 ? `, … (${mine.length} intervals)` : ''}\n`);
    }
    return 0;
  },
};
