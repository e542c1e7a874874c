import { realClock, virtualClock } from '../core/clock.js';
import type { Frame } from '../core/frames.js';
import { TerpsiError } from '../core/errors.js';
import { createLog, logLevels, type LogLevel } from '../core/log.js';
import { seconds } from '../core/units.js';
import { loadPatch, type OutputOverrides } from '../patch/load-patch.js';
import { startPatch, type RuntimeStats } from '../patch/runtime.js';
import { numberOption, parse, type Command } from './command.js';
import { formatStatus, showStatus } from './status-line.js';
import { Terminal } from './terminal.js';

/** Options shared by `run` and `record`. */
export const runOptions = {
  duration: { type: 'string' },
  'osc-host': { type: 'string' },
  'osc-port': { type: 'string' },
  'ws-host': { type: 'string' },
  'ws-port': { type: 'string' },
  preset: { type: 'string' },
  fast: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const runOptionsHelp = `  --duration <s>      stop after this many seconds (default: run until the sources end or Ctrl-C)
  --osc-host <host>   send every osc output here (default 127.0.0.1, or the patch's host)
  --osc-port <port>   send every osc output to this port (default 9000, or the patch's port)
  --ws-host <host>    bind websocket outputs here (default 127.0.0.1: this machine only;
                      0.0.0.0 serves the whole network)
  --ws-port <port>    serve websocket outputs on this port (default 8787)
  --preset <file>     apply a preset (parameter values) after the patch's own
  --fast              run on the virtual clock: files play as fast as the machine allows,
                      through the same code as live (live sources such as audio-in refuse it)
  --log-level <l>     error | warn | info | debug (default info)`;

/**
 * Loads and runs a patch until its sources end, the duration passes or SIGINT/SIGTERM, showing
 * the live status line. `tap` sees every source frame (for recording). Resolves to the exit code.
 */
export async function runPatch(command: string, args: readonly string[], tap?: (frame: Frame) => void): Promise<{
  code: number;
  stats?: RuntimeStats;
}> {
  const { values, positionals } = parse(command, args, runOptions);
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    throw new TerpsiError('E_USAGE', `expected one patch file, got ${positionals.length}; see terpsi ${command} --help`);
  }
  const level = (values['log-level'] ?? 'info') as LogLevel;
  if (!logLevels.includes(level)) {
    throw new TerpsiError('E_USAGE', `--log-level expects one of ${logLevels.join(', ')}, got "${level}"`);
  }

  const overrides: Record<string, Record<string, unknown>> = { osc: {}, websocket: {} };
  if (values['osc-host']) overrides.osc!.host = values['osc-host'];
  const oscPort = numberOption(command, 'osc-port', values['osc-port'], 1, 65535);
  if (oscPort !== undefined) overrides.osc!.port = oscPort;
  if (values['ws-host']) overrides.websocket!.host = values['ws-host'];
  const wsPort = numberOption(command, 'ws-port', values['ws-port'], 0, 65535);
  if (wsPort !== undefined) overrides.websocket!.port = wsPort;
  const duration = numberOption(command, 'duration', values.duration, 0, 1e9);

  const wall = realClock();
  const clock = values.fast ? virtualClock(wall.unixTime(wall.now())) : wall;
  const terminal = new Terminal();
  const log = createLog({ clock, level, write: (line) => terminal.line(line) });

  const patch = loadPatch(file, overrides as OutputOverrides);
  const running = await startPatch(patch, {
    clock,
    log,
    ...(duration === undefined ? {} : { duration: seconds(duration) }),
    ...(values.preset ? { preset: values.preset } : {}),
    ...(tap ? { taps: Object.fromEntries(patch.sources.map((s) => [s.id, tap])) } : {}),
  });
  log.info(`running ${patch.name} (${patch.file})${values.fast ? ' on the virtual clock' : ''}; Ctrl-C stops`);

  const first = running.stats();
  const startWall = wall.now();
  const hideStatus = values.fast ? () => {} : showStatus(patch.name, running, terminal, wall);
  const onSignal = () => void running.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await running.done;
  } finally {
    hideStatus();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  terminal.clear();
  const stats = running.stats();
  terminal.line(`done: ${formatStatus(patch.name, stats, first, wall.now() - startWall)}`);
  return { code: 0, stats };
}

export const run: Command = {
  name: 'run',
  summary: 'run a show patch (Ctrl-C stops)',
  help: `Usage: terpsi run <patch.yaml> [options]

Runs a patch: its sources, nodes and outputs, with a live status line
(engine time, frames in per second, messages out per second, drops, errors,
engine latency from input arrival to message sent, 50th/99th percentile).

Options:
${runOptionsHelp}

Examples:
  terpsi run patches/demo.yaml
  terpsi run patches/mic.yaml --osc-host 192.168.1.20 --osc-port 7000
  terpsi run patches/demo.yaml --fast --duration 30`,
  run: async (args) => (await runPatch('run', args)).code,
};
