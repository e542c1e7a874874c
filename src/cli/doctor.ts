import { realClock } from '../core/clock.js';
import { createLog, describeError } from '../core/log.js';
import { backends, selectBackend } from '../models/backend.js';
import { midiPorts } from '../outputs/midi.js';
import { listAudioDevices } from '../sources/audio-in.js';
import { ffmpegPath, ffmpegVersion } from '../sources/ffmpeg.js';
import { parse, type Command } from './command.js';

/** Runs a check and turns its failure into the line to print. */
async function probe(check: () => string | Promise<string>): Promise<string> {
  try {
    return await check();
  } catch (e) {
    return `unavailable: ${describeError(e)}`;
  }
}

export const doctor: Command = {
  name: 'doctor',
  summary: 'what terpsi found: compute backend, audio host APIs, MIDI, ffmpeg',
  help: `Usage: terpsi doctor

Reports what this machine gives terpsi, one line each:
  backend   the TensorFlow.js backend models will run on, and why better ones were skipped
            (order: tfjs-node-gpu, tfjs-node, wasm (embedded), cpu)
  audio     PortAudio's host APIs and how many input devices each has
  midi      the MIDI ports, or why MIDI is unavailable
  ffmpeg    the ffmpeg binary used for compressed audio and cameras
Always exits 0: it is a report, not a test.`,
  async run(args) {
    parse('doctor', args, { help: { type: 'boolean', short: 'h' } });
    const log = createLog({ clock: realClock(), level: 'warn' });
    const lines: [string, string][] = [
      ['node', `${process.version} (${process.platform} ${process.arch})`],
      [
        'backend',
        await probe(async () => {
          const choice = await selectBackend(log);
          const chosen = backends.get(choice.name);
          const skipped = choice.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
          return `${chosen.name} — ${chosen.description}${skipped ? ` (skipped ${skipped})` : ''}`;
        }),
      ],
      [
        'audio',
        await probe(() => {
          const { hostApis, devices } = listAudioDevices();
          const apis = hostApis.map((h) => `${h.name} (${devices.filter((d) => d.hostAPIName === h.name && d.maxInputChannels > 0).length} inputs)`);
          return `PortAudio host APIs: ${apis.join(', ') || 'none'}`;
        }),
      ],
      [
        'midi',
        await probe(() => {
          const { inputs, outputs } = midiPorts();
          return `available; outputs: ${outputs.join(', ') || 'none'}; inputs: ${inputs.join(', ') || 'none'}`;
        }),
      ],
      ['ffmpeg', await probe(async () => `${await ffmpegVersion()} at ${ffmpegPath()}`)],
    ];
    for (const [name, line] of lines) process.stdout.write(`${name.padEnd(8)} ${line}\n`);
    return 0;
  },
};
