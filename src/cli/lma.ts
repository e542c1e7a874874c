import { virtualClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import type { LmaEfforts, LmaFrame } from '../core/frames.js';
import { createLog } from '../core/log.js';
import { lma as lmaNode } from '../movement/lma.js';
import type { Patch } from '../patch/load-patch.js';
import { startPatch, type Running } from '../patch/runtime.js';
import { numberOption, parse, type Command } from './command.js';
import { motionSource } from './motion-source.js';

const options = {
  json: { type: 'boolean' },
  preset: { type: 'string' },
  window: { type: 'string' },
  rate: { type: 'string' },
} as const;

const effortNames = ['weight', 'time', 'space', 'flow', 'shape'] as const;

/** Seconds to the millisecond: finer than any frame interval the efforts can tell apart. */
const roundTime = (t: number) => Math.round(t * 1000) / 1000;
/** Raw efforts to six significant digits, more than their accuracy; normalized ones, in 0..1, to six decimals. */
const significant = (x: number) => Number(x.toPrecision(6));
const decimals = (x: number) => Math.round(x * 1e6) / 1e6;
const rounded = (e: LmaEfforts, round: (x: number) => number): LmaEfforts => ({
  weight: round(e.weight),
  time: round(e.time),
  space: round(e.space),
  flow: round(e.flow),
  shape: round(e.shape),
});

/** A raw effort in a 15-character cell with its normalized value in brackets. */
function cell(raw: number, normal: number): string {
  const value = raw !== 0 && (Math.abs(raw) < 1e-3 || Math.abs(raw) >= 1e4) ? raw.toExponential(1) : raw.toPrecision(3);
  return `${value.padStart(8)} [${normal.toFixed(2)}]`.padStart(15);
}

export const lma: Command = {
  name: 'lma',
  summary: 'print the Laban efforts of the bodies in a BVH file or a recorded session',
  help: `Usage: terpsi lma <file.bvh | session.jsonl> [--json] [--preset <name>]
                  [--window <s>] [--rate <Hz>]

Runs the live lma node over a motion file faster than real time, through the
same code a show runs (it never looks ahead), and prints the Laban effort
qualities of each body about --rate times a second, each of the --window
seconds that end at t1 (seconds from the start of the file). A BVH file plays
as body 0 on the dance skeleton, in metres; a session from terpsi record or
terpsi pose replays its skeleton frames with their own body ids. The dance
skeleton has no wrists, so a preset's wrist weights add nothing to a BVH body
(which is why a still one's space is below 1).

Efforts, raw, and normalized to 0..1 through the preset's ranges:
  weight  strong vs light: peak weighted joint speed² (m²/s²); 0 when still
  time    sudden vs sustained: mean joint acceleration (m/s²)
  space   direct vs indirect: path length / net displacement (1 = straight)
  flow    free vs bound: mean jerk, how abruptly acceleration changes (m/s³)
  shape   how the paths curve: mean curvature (1/m; 0 where joints are still)

Options:
  --json            one JSON object per line instead of a table:
                    {"t0","t1","body","weight","time","space","flow","shape",
                     "normalized":{"weight",...}}; t0 = t1 − window, not before 0
  --preset <name>   default (the default) or ballet, from presets/lma/, or a
                    preset file of your own
  --window <s>      seconds each line describes, 0.2..10 (default 1)
  --rate <Hz>       lines per second per body, 0.1..60 (default 10)

Example:
  terpsi lma take.bvh --json > take-lma.jsonl
  terpsi pose rehearsal.mp4 --out rehearsal.jsonl && terpsi lma rehearsal.jsonl`,
  async run(args) {
    const { values, positionals } = parse('lma', args, options);
    if (positionals.length !== 1) throw new TerpsiError('E_USAGE', 'give one BVH file or session; see terpsi lma --help');
    const file = positionals[0]!;
    const window = numberOption('lma', 'window', values.window, 0.2, 10);
    const rate = numberOption('lma', 'rate', values.rate, 0.1, 60);
    const node = lmaNode.params.parse({
      ...(values.preset === undefined ? {} : { preset: values.preset }),
      ...(window === undefined ? {} : { window }),
      ...(rate === undefined ? {} : { rate }),
    });
    const source = motionSource(file);
    // Relative paths (the file, a preset file) are the current folder's, as on any command line.
    const patch: Patch = {
      file,
      dir: process.cwd(),
      name: 'lma',
      sources: [source],
      nodes: [{ id: 'lma', type: lmaNode.name, input: ['motion'], params: node, tunables: {} }],
      outputs: [],
    };

    // A fresh virtual clock starts at 0 with the file, so frame times are seconds from its start.
    const clock = virtualClock();
    // A reader that stops early (terpsi lma take.bvh | head) ends the run quietly.
    let running: Running | undefined;
    let reading = true;
    const closed = (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      reading = false;
      void running?.stop();
    };
    let headed = false;
    const print = (f: LmaFrame) => {
      if (!reading) return;
      if (values.json) {
        const line = { t0: roundTime(Math.max(0, f.t - node.window)), t1: roundTime(f.t), body: f.body, ...rounded(f.raw, significant), normalized: rounded(f.normalized, decimals) };
        process.stdout.write(JSON.stringify(line) + '\n');
        return;
      }
      // Written with the first row, so that a file that fails prints nothing on stdout.
      if (!headed) {
        headed = true;
        process.stdout.write(`efforts over the ${node.window} s before t1, preset ${node.preset}: raw [normalized 0..1]\n`);
        process.stdout.write(`${'t1 (s)'.padStart(9)}${'body'.padStart(6)}${effortNames.map((name) => name.padStart(15)).join('')}\n`);
      }
      const cells = effortNames.map((name) => cell(f.raw[name], f.normalized[name])).join('');
      process.stdout.write(`${f.t.toFixed(3).padStart(9)}${String(f.body).padStart(6)}${cells}\n`);
    };
    process.stdout.on('error', closed);
    try {
      running = await startPatch(patch, {
        clock,
        log: createLog({ clock, level: 'warn' }),
        strict: true,
        taps: { lma: (f) => f.kind === 'lma' && print(f) },
      });
      await running.done;
    } finally {
      process.stdout.off('error', closed);
    }
    return 0;
  },
};
