import { TerpsiError } from '../core/errors.js';
import { trackFile } from '../dsp/beat-times.js';
import { parse, type Command } from './command.js';

async function beatsOf(command: string, args: readonly string[]) {
  const { positionals } = parse(command, args, { help: { type: 'boolean', short: 'h' } });
  if (positionals.length !== 1) throw new TerpsiError('E_USAGE', `expected one audio file; see terpsi ${command} --help`);
  return trackFile(positionals[0]!);
}

export const beats: Command = {
  name: 'beats',
  summary: 'print the beat times the live tracker finds in an audio file',
  help: `Usage: terpsi beats <audio>

Runs the live, causal beat tracker over the file faster than real time, through
the same code a show runs (it never looks ahead), and prints one beat time in
seconds per line: each beat as it was predicted, before it happened.
Any format ffmpeg reads is accepted.

Example:
  terpsi beats song.wav > song.beats
  terpsi eval beats corpus/     score against <name>.beats files`,
  async run(args) {
    for (const b of await beatsOf('beats', args)) process.stdout.write(`${b.t.toFixed(3)}\n`);
    return 0;
  },
};

export const tempo: Command = {
  name: 'tempo',
  summary: 'print the tempo curve the live tracker follows in an audio file',
  help: `Usage: terpsi tempo <audio>

Runs the live beat tracker over the file (as terpsi beats does) and prints, for
every beat, its time in seconds, the tempo in BPM and the tracker's confidence:

  12.345 128.0 0.82`,
  async run(args) {
    for (const b of await beatsOf('tempo', args)) process.stdout.write(`${b.t.toFixed(3)} ${b.tempo.toFixed(1)} ${b.confidence.toFixed(2)}\n`);
    return 0;
  },
};
