import { TerpsiError } from '../core/errors.js';
import { parse, type Command } from './command.js';

export const bench: Command = {
  name: 'bench',
  summary: 'time a model on this machine (dance: one streaming step of the dance generator)',
  help: `Usage: terpsi bench dance [--json]

Times one streaming step of the dance generator at the paper's size (about 11 M
weights: 4 convolutions, 3 + 3 LSTM layers of 500) on one core, for one dancer
and for eight at once, against the naive way to run it — a stateful
tf.layers model \`predict\`ed once per step on tfjs's WebAssembly backend — with
the same weights and inputs, in the same run. Takes about a minute.

Options:
  --json   print {"params", "p50_ms", "p99_ms", "naive_p50_ms", "naive_p99_ms"}`,
  async run(args) {
    const { values, positionals } = parse('bench', args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (positionals[0] !== 'dance' || positionals.length > 1) {
      throw new TerpsiError('E_USAGE', `${positionals[0] === undefined ? 'nothing to time' : `unknown benchmark "${positionals.join(' ')}"`}; benchmarks: dance; see terpsi bench --help`);
    }
    // TensorFlow.js takes a second to load: only this command pays for it.
    const { batchedDancers, timeDanceStep } = await import('../models/dance/time-dance-step.js');
    const m = await timeDanceStep();
    const { params, p50_ms, p99_ms, naive_p50_ms, naive_p99_ms } = m;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ params, p50_ms, p99_ms, naive_p50_ms, naive_p99_ms })}\n`);
      return 0;
    }
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    process.stdout.write(
      `dance generator, ${(params / 1e6).toFixed(2)} M weights, one core\n` +
        `  streaming step:      p50 ${ms(p50_ms)}, p99 ${ms(p99_ms)}\n` +
        `  naive predict:       p50 ${ms(naive_p50_ms)}, p99 ${ms(naive_p99_ms)}\n` +
        `  ${batchedDancers} dancers per step: p50 ${ms(m.batch.p50_ms)}, p99 ${ms(m.batch.p99_ms)} (${(3 * m.batch.mean_ms).toFixed(0)} % of a core at 30 fps)\n`,
    );
    return 0;
  },
};
