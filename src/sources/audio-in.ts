import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import type { AudioFrame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { hertz, samplesToSeconds, seconds } from '../core/units.js';

type Naudiodon = typeof import('naudiodon');
type DeviceInfo = ReturnType<Naudiodon['getDevices']>[number];
type HostInfo = ReturnType<Naudiodon['getHostAPIs']>['HostAPIs'][number];

let naudiodon: Naudiodon | undefined;

/**
 * Loads naudiodon (PortAudio) on first use, so that a machine where it cannot load still runs
 * every patch that does not capture audio.
 */
function portAudio(): Naudiodon {
  try {
    naudiodon ??= createRequire(import.meta.url)('naudiodon') as Naudiodon;
    return naudiodon;
  } catch (e) {
    throw asTerpsiError(e, 'E_AUDIO_UNAVAILABLE', 'cannot load PortAudio (naudiodon); on Linux install libasound2, then run "npm ci" again');
  }
}

/**
 * PortAudio's host APIs and devices, for `terpsi devices` and `terpsi doctor`. PortAudio is asked
 * in a child process: on machines without a sound card, ALSA prints pages of complaints to
 * stderr while it enumerates, and they would bury the listing.
 */
export function listAudioDevices(): { hostApis: HostInfo[]; devices: DeviceInfo[] } {
  const module = createRequire(import.meta.url).resolve('naudiodon');
  const script = `const pa = require(${JSON.stringify(module)});
process.stdout.write(JSON.stringify({ hostApis: pa.getHostAPIs().HostAPIs, devices: pa.getDevices() }));`;
  const probe = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) {
    const last = (probe.stderr ?? '').trim().split('\n').filter((l) => !l.startsWith('ALSA lib')).pop() ?? probe.error?.message ?? 'no message';
    throw new TerpsiError('E_AUDIO_UNAVAILABLE', `cannot load PortAudio (naudiodon): ${last}; on Linux install libasound2, then run "npm ci" again`);
  }
  return JSON.parse(probe.stdout) as { hostApis: HostInfo[]; devices: DeviceInfo[] };
}

const params = z.strictObject({
  /** 'default', a device id from `terpsi devices`, or (part of) a device name. */
  device: z.union([z.string().min(1), z.number().int().min(0)]).default('default'),
  /** Hertz. */
  sampleRate: z.number().int().min(8000).max(192000).default(16000),
  channels: z.number().int().min(1).max(32).default(1),
  /** Sample frames per AudioFrame. */
  blockSize: z.number().int().min(16).max(65536).default(512),
});

export type AudioInParams = z.infer<typeof params>;

/** The PortAudio device id for `device` (-1: the host's default input). */
function resolveDevice(pa: Naudiodon, device: string | number): number {
  if (device === 'default') return -1;
  const inputs = pa.getDevices().filter((d) => d.maxInputChannels > 0);
  const wanted = String(device).toLowerCase();
  const found =
    typeof device === 'number'
      ? inputs.find((d) => d.id === device)
      : (inputs.find((d) => d.name.toLowerCase() === wanted) ?? inputs.find((d) => d.name.toLowerCase().includes(wanted)));
  if (found) return found.id;
  const known = inputs.map((d) => `${d.id} "${d.name}"`).join(', ') || 'none';
  throw new TerpsiError('E_AUDIO_DEVICE', `no audio input ${JSON.stringify(device)}; inputs: ${known}`);
}

/** Full scale of 16-bit samples. */
const int16Scale = 1 / 32768;

/**
 * Live audio through PortAudio. Capture is 16-bit integer, the format every device and ALSA
 * plugin offers, converted to float. Frames are cut to exactly `blockSize` sample frames whatever
 * sizes the driver delivers. The sample counter is the master time: block k's `t` is
 * t0 + k·blockSize/sampleRate, with t0 the engine time of the first sample (the arrival of the
 * first delivery minus its length), so frame times never jitter with the driver's scheduling.
 * An unknown device fails at create (E_AUDIO_DEVICE, listing the inputs); a device lost while
 * running errors the stream, and the runtime reopens it.
 */
export const audioIn: SourceType<AudioInParams> = {
  name: 'audio-in',
  description: 'live audio from a PortAudio input device (microphone, sound card, loopback)',
  params,
  live: true,
  create(p, ctx) {
    const pa = portAudio();
    const deviceId = resolveDevice(pa, p.device);
    const rate = hertz(p.sampleRate);
    return new Observable<AudioFrame>((subscriber) => {
      let io: import('naudiodon').IoStreamRead;
      try {
        io = pa.AudioIO({
          inOptions: {
            channelCount: p.channels,
            sampleFormat: pa.SampleFormat16Bit,
            sampleRate: p.sampleRate,
            deviceId,
            closeOnError: true,
            framesPerBuffer: p.blockSize,
          },
        });
      } catch (e) {
        subscriber.error(asTerpsiError(e, 'E_AUDIO_DEVICE', `cannot open audio input ${JSON.stringify(p.device)}`));
        return;
      }
      const blockValues = p.blockSize * p.channels;
      let block = new Float32Array(blockValues);
      let filled = 0;
      let index = 0;
      let t0: number | undefined;
      io.on('data', (chunk: Buffer) => {
        const values = chunk.length >> 1;
        t0 ??= ctx.clock.now() - samplesToSeconds(values / p.channels, rate);
        for (let i = 0; i < values; i++) {
          block[filled++] = chunk.readInt16LE(2 * i) * int16Scale;
          if (filled === blockValues) {
            const t = seconds(t0 + samplesToSeconds(index, rate));
            subscriber.next({ kind: 'audio', t, source: ctx.id, sampleRate: rate, channels: p.channels, samples: block, index });
            index += p.blockSize;
            block = new Float32Array(blockValues);
            filled = 0;
          }
        }
      });
      io.on('error', (e: unknown) => subscriber.error(asTerpsiError(e, 'E_AUDIO_DEVICE', `audio input ${JSON.stringify(p.device)} failed`)));
      io.on('close', () => subscriber.error(new TerpsiError('E_AUDIO_DEVICE', `audio input ${JSON.stringify(p.device)} closed`)));
      io.start();
      return () => {
        io.removeAllListeners('close');
        io.removeAllListeners('data');
        io.quit();
      };
    });
  },
};
