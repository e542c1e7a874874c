import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describeError } from '../core/log.js';
import { midiPorts } from '../outputs/midi.js';
import { listAudioDevices } from '../sources/audio-in.js';
import { parse, type Command } from './command.js';

/** Video capture devices: V4L2 nodes with their driver-reported names (Linux). */
function cameras(): { device: string; name: string }[] {
  const sys = '/sys/class/video4linux';
  if (!existsSync(sys)) return [];
  return readdirSync(sys)
    .sort()
    .map((node) => ({ device: `/dev/${node}`, name: readFileSync(`${sys}/${node}/name`, 'utf8').trim() }));
}

/** Everything `terpsi devices` reports, each part either a list or why it is unavailable. */
function inventory() {
  const attempt = <T>(f: () => T): T | { unavailable: string } => {
    try {
      return f();
    } catch (e) {
      return { unavailable: describeError(e) };
    }
  };
  return { audio: attempt(listAudioDevices), midi: attempt(midiPorts), cameras: attempt(cameras) };
}

export const devices: Command = {
  name: 'devices',
  summary: 'list audio devices, MIDI ports and cameras',
  help: `Usage: terpsi devices [--json]

Lists what a patch can open:
  audio     PortAudio devices: the id and name an audio-in source's "device" takes,
            input/output channels and default sample rate
  midi      MIDI input and output ports (names a midi output's "port" takes)
  cameras   video capture devices (Linux: /dev/video*)
--json prints the same as one JSON object.`,
  async run(args) {
    const { values } = parse('devices', args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    const found = inventory();
    if (values.json) {
      process.stdout.write(JSON.stringify(found, null, 2) + '\n');
      return 0;
    }
    const out: string[] = ['Audio devices (PortAudio):'];
    if ('unavailable' in found.audio) out.push(`  ${found.audio.unavailable}`);
    else {
      out.push('  id  in  out  rate    host API  name');
      for (const d of found.audio.devices) {
        out.push(`  ${String(d.id).padStart(2)}  ${String(d.maxInputChannels).padStart(2)}  ${String(d.maxOutputChannels).padStart(3)}  ${String(d.defaultSampleRate).padEnd(6)}  ${d.hostAPIName.padEnd(8)}  ${d.name}`);
      }
      if (found.audio.devices.length === 0) out.push('  none');
    }
    out.push('MIDI ports:');
    if ('unavailable' in found.midi) out.push(`  ${found.midi.unavailable}`);
    else out.push(`  outputs: ${found.midi.outputs.join(', ') || 'none'}`, `  inputs:  ${found.midi.inputs.join(', ') || 'none'}`);
    out.push('Cameras:');
    if ('unavailable' in found.cameras) out.push(`  ${found.cameras.unavailable}`);
    else out.push(...(found.cameras.length > 0 ? found.cameras.map((c) => `  ${c.device}  ${c.name}`) : ['  none']));
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
