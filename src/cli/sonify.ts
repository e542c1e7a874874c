import { writeFileSync } from 'node:fs';
import { virtualClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import type { AudioFrame } from '../core/frames.js';
import { createLog } from '../core/log.js';
import { hertz } from '../core/units.js';
import { sonify as sonifyNode } from '../models/sonify/sonify-node.js';
import type { Patch } from '../patch/load-patch.js';
import { startPatch } from '../patch/runtime.js';
import { encodeWav } from '../sources/wav.js';
import { numberOption, parse, type Command } from './command.js';
import { motionSource } from './motion-source.js';

const options = {
  out: { type: 'string', short: 'o' },
  model: { type: 'string' },
  body: { type: 'string' },
  temperature: { type: 'string' },
  seed: { type: 'string' },
} as const;

export const sonify: Command = {
  name: 'sonify',
  summary: 'turn the movement of a BVH file or a recorded session into sound with a learned model',
  help: `Usage: terpsi sonify <file.bvh | session.jsonl> --out <out.wav> [--model <dir>]
                      [--body N] [--temperature T] [--seed N]

Runs the live sonify node over a motion file faster than real time, through the
same code a show runs, and writes what it plays to a mono WAV file at the
model's rate (22.05 kHz). The body's movement is cut into action windows at
keyframes (where its bone angles change most); at each new keyframe the Laban
efforts of the last 8 s of windows go through the model's recurrent network,
which draws the code of a sound from its mixture; the decoder turns the code
into a log-mel spectrogram and Griffin–Lim into audio; the fragment for the
newest window fades in under the one before. The first sound covers the start
of the movement: the model hears the first pose held still before it.

The shipped model (presets/models/sonify-demo, see its MODEL.md) is a small
demo trained on terpsi's procedural dancer and the generated music it danced
to: expect sound shaped by the movement, not music. Train your own with
terpsi train sonify.

Options:
  --out <file>        the WAV file to write (required)
  --model <dir>       a model folder (default: the shipped demo)
  --body N            the body to hear (default 0; a BVH file plays as body 0)
  --temperature T     0..2: 0 always gives the likeliest sound for a movement,
                      higher more variety (default 0.5)
  --seed N            seed of the sampling (default 1)

Example:
  terpsi corpus dance corpora/dance --tracks 1
  terpsi sonify corpora/dance/*.bvh --out moves.wav`,
  async run(args) {
    const { values, positionals } = parse('sonify', args, options);
    if (positionals.length !== 1) throw new TerpsiError('E_USAGE', 'give one BVH file or session; see terpsi sonify --help');
    if (!values.out) throw new TerpsiError('E_USAGE', '--out <file.wav> is required; see terpsi sonify --help');
    const file = positionals[0]!;
    const body = numberOption('sonify', 'body', values.body, 0, 1_000_000);
    const temperature = numberOption('sonify', 'temperature', values.temperature, 0, 2);
    const seed = numberOption('sonify', 'seed', values.seed, 0, 1_000_000);
    const params = sonifyNode.params.parse({
      ...(values.model === undefined ? {} : { model: values.model }),
      ...(body === undefined ? {} : { body }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(seed === undefined ? {} : { seed }),
    });
    const patch: Patch = {
      file,
      dir: process.cwd(),
      name: 'sonify',
      sources: [motionSource(file)],
      nodes: [{ id: 'sonify', type: sonifyNode.name, input: ['motion'], params, tunables: {} }],
      outputs: [],
    };
    const clock = virtualClock();
    const fragments: AudioFrame[] = [];
    const running = await startPatch(patch, { clock, log: createLog({ clock, level: 'warn' }), strict: true, taps: { sonify: (f) => f.kind === 'audio' && fragments.push(f) } });
    await running.done;
    if (fragments.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${file}: no movement of body ${params.body} long enough to sonify`);
    const samples = new Float32Array(fragments.reduce((n, f) => n + f.samples.length, 0));
    for (const f of fragments) samples.set(f.samples, f.index);
    const rate = fragments[0]!.sampleRate;
    writeFileSync(values.out, encodeWav(samples, hertz(rate), 1));
    process.stderr.write(`wrote ${values.out}: ${(samples.length / rate).toFixed(1)} s in ${fragments.length} fragments\n`);
    return 0;
  },
};
