import { writeFileSync } from 'node:fs';
import { realClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { seconds } from '../core/units.js';
import { renderDance } from '../models/dance/render-dance.js';
import { writeBvh } from '../movement/bvh.js';
import { motionBeats } from '../movement/motion-beats.js';
import { motionFrameRate } from '../movement/motion-vector.js';
import { formatBeats } from '../train/beats-file.js';
import { numberOption, parse, type Command } from './command.js';

const options = {
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string' },
  'beats-out': { type: 'string' },
  model: { type: 'string' },
  dancers: { type: 'string' },
} as const;

/** Writes `text` to `file`; a failure is E_FILE_UNREADABLE naming the file. */
function write(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: cannot write the ${what}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
}

export const dance: Command = {
  name: 'dance',
  summary: 'render the learned dancer to a song: a BVH file and its motion beats',
  help: `Usage: terpsi dance <audio> --out motion.bvh [--beats-out motion_beats.txt]
                    [--model <dir>] [--dancers N]

Runs the live dance generator over the song faster than real time, through the
same code a show runs (the song resampled to 16 kHz mono, one motion frame per
1/30 s slice, the model feeding back its own previous pose from rest), and
writes dancer 0's dance as a BVH file at 30 fps. A song shorter than one slice
(1/30 s) gives a valid BVH file with no frames. Prints one line: frames,
seconds of motion, render speed as a multiple of real time, motion beats.

Options:
  --out <file>         the BVH file to write
  --beats-out <file>   also write the dance's motion beats, one time in seconds
                       per line (where the body's joints slow to a stop and turn)
  --model <dir>        a trained model's folder (model.json, weights.bin);
                       default presets/models/dance-basic
  --dancers N          dancers generated together, 1..16 (default 1); the others
                       hear the music with a little noise each, and only dancer 0
                       is written: for timing a batch

Example:
  terpsi dance song.wav --out song.bvh --beats-out song_motion_beats.txt
  terpsi eval dance corpora/dance-test   score the model on a dance corpus`,
  async run(args) {
    const { values, positionals } = parse('dance', args, options);
    if (positionals.length !== 1) throw new TerpsiError('E_USAGE', `expected one audio file; see terpsi dance --help`);
    if (!values.out) throw new TerpsiError('E_USAGE', '--out <file.bvh> is missing; see terpsi dance --help');
    const dancers = numberOption('dance', 'dancers', values.dancers, 1, 16);
    if (dancers !== undefined && !Number.isInteger(dancers)) throw new TerpsiError('E_USAGE', '--dancers expects a whole number; see terpsi dance --help');

    const wall = realClock();
    const frames = await renderDance(positionals[0]!, {
      ...(values.model === undefined ? {} : { model: values.model }),
      ...(dancers === undefined ? {} : { dancers }),
    });
    const elapsed = wall.now();
    const lead = frames.filter((f) => f.dancer === 0);
    write(values.out, writeBvh(lead, seconds(1 / motionFrameRate)), 'BVH file');
    const beats = motionBeats(
      lead.map((f) => f.positions!),
      lead.length > 0 ? { start: lead[0]!.t } : {},
    );
    if (values['beats-out']) write(values['beats-out'], beats.length > 0 ? formatBeats(beats) : '', 'motion beats');
    const length = lead.length / motionFrameRate;
    const speed = elapsed > 0 ? `${(length / elapsed).toFixed(1)}× real time` : 'instantly';
    process.stdout.write(`${values.out}: ${lead.length} frames, ${length.toFixed(2)} s of motion, rendered at ${speed}; ${beats.length} motion beats\n`);
    return 0;
  },
};
