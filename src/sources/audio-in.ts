import { spawnSync } from 'node:child_process';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import type { AudioFrame } from '../core/frames.js';
import type { SourceType } from '../core/registries.js';
import { hertz, samplesToSeconds, seconds, type Seconds } from '../core/units.js';
import { addonLocation, describeDevices, findDevice, portAudio, type NativeStream, type PortAudio } from './port-audio.js';
import { toFloat } from './wav.js';

type DeviceInfo = import('naudiodon').DeviceInfo;
type HostInfo = import('naudiodon').HostInfo;

/**
 * PortAudio's host APIs and devices, for `terpsi devices` and `terpsi doctor`. PortAudio is asked
 * in a child process: on machines without a sound card, ALSA prints pages of complaints to
 * stderr while it enumerates, and they would bury the listing.
 */
export function listAudioDevices(): { hostApis: HostInfo[]; devices: DeviceInfo[] } {
  let location: { root: string; bindings: string };
  try {
    location = addonLocation();
  } catch (e) {
    throw asTerpsiError(e, 'E_AUDIO_UNAVAILABLE', 'cannot find naudiodon; run "npm ci" again');
  }
  const script = `const pa = require(${JSON.stringify(location.bindings)})({ bindings: 'naudiodon.node', module_root: ${JSON.stringify(location.root)} });
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
const resolveDevice = (pa: PortAudio, device: string | number): number => findDevice(pa, device, 'input')?.id ?? -1;

/** Shortest silence from the driver taken as a lost device; longer for blocks that are long themselves. */
const minStall = seconds(2);

/**
 * Live audio through PortAudio. Capture is 16-bit integer: every device and ALSA plugin offers
 * it, and ALSA's `file` plugin (what the tests capture from) hands over its input file's bytes
 * as they are, so float capture would reinterpret 16-bit data as floats. Samples are converted
 * to float in -1..1, in frames of exactly `blockSize` sample frames.
 *
 * The sample counter is the master time: block k's `t` is t0 + k·blockSize/sampleRate, with t0
 * the engine time of the first sample (the arrival of the first block minus its length), so
 * frame times never jitter with the driver's scheduling. A block PortAudio reports an overflow
 * for is lost; it is reported and still counted, so times stay true.
 *
 * An unknown device fails at create (E_AUDIO_DEVICE, listing the inputs). While running, a
 * stream that ends or a driver silent for max(2 s, 4 blocks) (a device unplugged) errors the
 * stream with E_AUDIO_DEVICE, and the runtime reopens it, finding the device by name again.
 */
export const audioIn: SourceType<AudioInParams> = {
  name: 'audio-in',
  description: 'live audio from a PortAudio input device (microphone, sound card, loopback)',
  params,
  live: true,
  create(p, ctx) {
    const pa = portAudio();
    let deviceId: number | undefined = resolveDevice(pa, p.device);
    const rate = hertz(p.sampleRate);
    const label = `audio input ${JSON.stringify(p.device)}`;
    const blockTime = samplesToSeconds(p.blockSize, rate);
    const stallLimit = Math.max(minStall, 4 * blockTime);
    const bytes = p.blockSize * p.channels * 2;

    return new Observable<AudioFrame>((subscriber) => {
      const stop = new AbortController();
      let io: NativeStream | undefined;
      let lastArrival: Seconds = ctx.clock.now();
      const fail = (e: unknown) => {
        if (!stop.signal.aborted) subscriber.error(asTerpsiError(e, 'E_AUDIO_DEVICE', label));
      };

      const capture = async () => {
        // The first subscription uses the id found at create; a reopening looks again, since
        // ids change when devices come and go.
        const id = deviceId ?? resolveDevice(pa, p.device);
        deviceId = undefined;
        try {
          io = pa.create({
            inOptions: {
              deviceId: id,
              sampleRate: p.sampleRate,
              channelCount: p.channels,
              sampleFormat: 16,
              framesPerBuffer: p.blockSize,
              // About a second of blocks between PortAudio's thread and this one: the default
              // of 2 blocks the driver as soon as the event loop is a little late.
              maxQueue: Math.max(4, Math.ceil(1 / blockTime)),
              closeOnError: true,
            },
          });
          io.start();
        } catch (e) {
          throw new TerpsiError('E_AUDIO_DEVICE', `cannot open ${label}: ${(e as Error).message}; inputs: ${describeDevices(pa, 'input')}`, { cause: e });
        }
        lastArrival = ctx.clock.now();
        let index = 0;
        let t0: number | undefined;
        while (!stop.signal.aborted) {
          const result = await io.read(bytes);
          if (stop.signal.aborted) return;
          lastArrival = ctx.clock.now();
          t0 ??= lastArrival - blockTime;
          if (result.err !== undefined) {
            ctx.report(new TerpsiError('E_AUDIO_DEVICE', `${label}: ${result.err.trim()}; ${p.blockSize} sample frames lost`));
          } else if (result.finished || !result.buf || result.buf.length < bytes) {
            throw new TerpsiError('E_AUDIO_DEVICE', `${label}: the audio stream ended`);
          } else {
            const samples = toFloat(new DataView(result.buf.buffer, result.buf.byteOffset, bytes), { encoding: 'int', bits: 16 });
            const t = seconds(t0 + samplesToSeconds(index, rate));
            subscriber.next({ kind: 'audio', t, source: ctx.id, sampleRate: rate, channels: p.channels, samples, index });
          }
          index += p.blockSize;
        }
      };

      // PortAudio keeps quiet when a device goes away: its callback simply stops, and the read
      // above would wait for ever.
      const watchdog = async () => {
        while (!stop.signal.aborted) {
          await ctx.clock.sleepUntil(seconds(lastArrival + stallLimit), stop.signal);
          if (!stop.signal.aborted && ctx.clock.now() - lastArrival >= stallLimit) {
            throw new TerpsiError('E_AUDIO_DEVICE', `${label}: no audio for ${stallLimit.toFixed(1)} s; the device stopped or was unplugged`);
          }
        }
      };

      capture().catch(fail);
      watchdog().catch(fail);
      return () => {
        stop.abort();
        // Unblocks a pending read; the stream is closed on PortAudio's side in the background.
        void io?.quit('ABORT');
      };
    });
  },
};
