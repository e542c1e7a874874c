#!/usr/bin/env node
import '../patch/register-all.js';
import { isTerpsiError } from '../core/errors.js';
import { beats, tempo } from './beats.js';
import { classify } from './classify.js';
import { bench } from './bench.js';
import type { Command } from './command.js';
import { corpus } from './corpus.js';
import { dance } from './dance.js';
import { devices } from './devices.js';
import { doctor } from './doctor.js';
import { events } from './events.js';
import { evalCommand } from './eval.js';
import { lma } from './lma.js';
import { sonify } from './sonify.js';
import { pose } from './pose.js';
import { record } from './record.js';
import { run } from './run.js';
import { train } from './train.js';
import { validate } from './validate.js';

const commands: readonly Command[] = [run, record, beats, tempo, dance, events, classify, pose, lma, sonify, evalCommand, corpus, train, bench, validate, devices, doctor];

const overview = `terpsi — a real-time performance engine: live music and moving bodies in;
beats, dance, sound and events out as OSC, MIDI and WebSocket.

Usage: terpsi <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`terpsi <command> --help\` for a command's options.

Start here:
  terpsi run patches/demo.yaml      a generated song → level, onsets and a dancer
                                    on OSC 127.0.0.1:9000 and ws://127.0.0.1:8787
  oscdump 9000                      watch the OSC (Debian/Ubuntu: liblo-tools)
  terpsi devices                    audio inputs, MIDI ports and cameras on this machine
  terpsi doctor                     what terpsi found: compute backend, audio, MIDI, ffmpeg`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write((topic?.help ?? overview) + '\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`terpsi: E_USAGE: unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (!isTerpsiError(e)) throw e;
    process.stderr.write(`terpsi: ${e.toString()}\n`);
    return e.code === 'E_USAGE' ? 2 : 1;
  }
}

// Exit explicitly: a native audio or MIDI library may keep threads alive after the show is over.
process.exit(await main(process.argv.slice(2)));
