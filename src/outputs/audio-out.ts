import { z } from 'zod';
import { realClock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import type { AudioFrame, Frame } from '../core/frames.js';
import { RecentSamples } from '../core/recent-samples.js';
import type { OutputPort, OutputType, PortStats } from '../core/registries.js';
import { seconds } from '../core/units.js';
import { describeDevices, findDevice, portAudio, type NativeStream, type PortAudio } from '../sources/port-audio.js';

type DeviceInfo = import('naudiodon').DeviceInfo;

const params = z.strictObject({
  /** 'default', a device id from `terpsi devices`, or (part of) a device name. */
  device: z.union([z.string().min(1), z.number().int().min(0)]).default('default'),
  /** Hertz; the first frame's rate when left out. */
  sampleRate: z.number().int().min(8000).max(192000).optional(),
  /** Channels the device plays; the first frame's (at most 8, and at most the device's) when left out. */
  channels: z.number().int().min(1).max(8).optional(),
  /** Seconds of audio queued before the device starts; it may fall behind by as much again before the oldest blocks are dropped. */
  latency: z.number().min(0.01).max(2).default(0.1),
});

type Params = z.infer<typeof params>;

/** Blocks in `latency`: the device's queue holds that many, and so may the port's own once the device's is full. */
const blocksPerLatency = 4;

/** Seconds a block may wait for the device before the device is reported as stopped. */
const stallTime = 2;

/** -1..1 to 16-bit: NaN becomes 0 and anything beyond full scale is clipped, so a bad sample never stops the show. */
const pcm16 = (x: number): number => (x > -1 ? Math.min(32767, Math.round(x * 32768)) : x <= -1 ? -32768 : 0);

/** The device PortAudio plays to when given deviceId -1. */
function defaultOutput(pa: PortAudio): DeviceInfo | undefined {
  const { defaultHostAPI, HostAPIs } = pa.getHostAPIs();
  const id = HostAPIs[defaultHostAPI]?.defaultOutput;
  return pa.getDevices().find((d) => d.id === id);
}

interface Block {
  readonly bytes: Buffer;
  /** Arrival of the frame the block's first sample came from, for the latency figures. */
  readonly rx: number | undefined;
}

interface Format {
  readonly rate: number;
  readonly channels: number;
  /** Sample frames per block written to the device. */
  readonly blockFrames: number;
}

/**
 * Plays audio frames through PortAudio as 16-bit samples (what every device and ALSA plugin
 * takes), cut into blocks of a quarter of `latency`. Mono frames go to every channel of the
 * device, frames with more channels than a mono device are mixed down, and otherwise channel c
 * plays the frame's channel c (modulo its channel count). The stream opens at `open` when
 * sampleRate and channels are both given, otherwise at the first frame, whose rate it then
 * keeps: frames at another rate are reported once (E_PARAM) and dropped.
 *
 * naudiodon's write waits on a libuv thread while the device's queue is full, so one write is in
 * flight at a time and the rest wait here; when the device falls behind by another `latency`,
 * the oldest blocks are dropped. PortAudio's callback waits for data rather than playing
 * silence, so the port holds back `latency` of audio at the start, and again whenever the
 * device has played everything, so that a late frame or a busy event loop is not heard.
 *
 * An unknown device fails at open (E_AUDIO_DEVICE, listing the outputs). A device that takes no
 * block for 2 s is reported as stopped (E_AUDIO_DEVICE). The stream is not reopened: naudiodon
 * cannot close a stream whose callback has stopped, and the write left waiting on it holds a
 * libuv thread, which Node waits for at exit.
 */
class AudioOutPort implements OutputPort {
  readonly #label: string;
  readonly #wall = realClock();
  readonly #latency = new RecentSamples();
  readonly #queue: Block[] = [];
  #pa: PortAudio | undefined;
  #deviceId = -1;
  #maxChannels = 8;
  /** Fixed by the parameters or the first frame, also when the stream then fails to open. */
  #format: Format | undefined;
  #stream: NativeStream | undefined;
  #block = new Int16Array(0);
  #filled = 0;
  #blockRx: number | undefined;
  #writing = false;
  #priming = true;
  /** Wall time at which the device will have played everything written, were it on time. */
  #playsUntil = 0;
  #closing = false;
  #onIdle: (() => void) | undefined;
  #rateReported = false;
  #frames = 0;
  #sent = 0;
  #dropped = 0;
  #errors = 0;

  constructor(
    private readonly p: Params,
    private readonly ctx: Context,
  ) {
    this.#label = `audio output ${JSON.stringify(p.device)}`;
  }

  async open(): Promise<void> {
    const pa = portAudio();
    const device = findDevice(pa, this.p.device, 'output');
    this.#pa = pa;
    this.#deviceId = device?.id ?? -1;
    this.#maxChannels = Math.min(8, (device ?? defaultOutput(pa))?.maxOutputChannels ?? 8);
    if (this.p.sampleRate !== undefined && this.p.channels !== undefined) this.#start(this.p.sampleRate, this.p.channels);
  }

  write(frame: Frame): void {
    this.#frames++;
    if (frame.kind !== 'audio' || this.#closing || !this.#pa) return;
    if (!this.#format) {
      try {
        this.#start(this.p.sampleRate ?? frame.sampleRate, this.p.channels ?? Math.min(frame.channels, this.#maxChannels));
      } catch (e) {
        this.ctx.report(e);
      }
    }
    if (!this.#stream || !this.#format) {
      this.#dropped++;
      return;
    }
    if (frame.sampleRate !== this.#format.rate) {
      if (!this.#rateReported) {
        this.ctx.report(new TerpsiError('E_PARAM', `${this.#label} plays at ${this.#format.rate} Hz; ${frame.sampleRate} Hz frames from "${frame.source}" are dropped`));
      }
      this.#rateReported = true;
      this.#dropped++;
      return;
    }
    const added = this.#append(frame, this.#format);
    this.#pump();
    // Beyond a latency's worth (or this frame's, if longer) waiting here, the device has fallen behind: the oldest blocks go.
    const excess = this.#queue.length - Math.max(blocksPerLatency, added);
    if (excess > 0) {
      this.#queue.splice(0, excess);
      this.#dropped += excess;
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    const stream = this.#stream;
    const format = this.#format;
    if (!stream || !format) return;
    if (this.#filled > 0) this.#push(format);
    const queued = this.#queue.reduce((sum, b) => sum + b.bytes.length, 0) / (2 * format.channels * format.rate);
    // What waits here and in the device's queue, and a second for the device to stop.
    const grace = 1 + 2 * this.p.latency + queued;
    const idle = new Promise<void>((resolve) => (this.#onIdle = resolve));
    this.#pump();
    const stop = new AbortController();
    const drained = await Promise.race([
      idle.then(() => stream.quit('WAIT')).then(() => true),
      this.#wall.sleepUntil(seconds(this.#wall.now() + grace), stop.signal).then(() => false),
    ]);
    stop.abort();
    this.#stream = undefined;
    if (!drained) {
      this.ctx.log.warn(`${this.#label} did not play the end of the audio within ${grace.toFixed(1)} s; closed without it`);
      this.#dropped += this.#queue.length;
      this.#queue.length = 0;
    }
  }

  stats(): PortStats {
    return {
      frames: this.#frames,
      sent: this.#sent,
      dropped: this.#dropped,
      errors: this.#errors,
      latencyP50: this.#latency.quantile(0.5),
      latencyP99: this.#latency.quantile(0.99),
    };
  }

  #start(rate: number, channels: number): void {
    const format = { rate, channels, blockFrames: Math.max(16, Math.round((rate * this.p.latency) / blocksPerLatency)) };
    this.#format = format;
    this.#block = new Int16Array(format.blockFrames * channels);
    try {
      const stream = this.#pa!.create({
        outOptions: { deviceId: this.#deviceId, sampleRate: rate, channelCount: channels, sampleFormat: 16, maxQueue: blocksPerLatency, closeOnError: true },
      });
      stream.start();
      this.#stream = stream;
    } catch (e) {
      const detail = `${rate} Hz, ${channels} channel${channels === 1 ? '' : 's'}`;
      throw new TerpsiError('E_AUDIO_DEVICE', `cannot open ${this.#label} (${detail}): ${(e as Error).message}; outputs: ${describeDevices(this.#pa!, 'output')}`, {
        cause: e,
      });
    }
  }

  /** Converts the frame into the block being filled, queueing each block that fills up; returns how many did. */
  #append(frame: AudioFrame, format: Format): number {
    const { channels } = format;
    const { samples, channels: from } = frame;
    const n = Math.floor(samples.length / from);
    let pushed = 0;
    for (let i = 0; i < n; i++) {
      const at = i * from;
      const base = this.#filled * channels;
      if (this.#filled === 0) this.#blockRx = frame.rx;
      if (channels === 1 && from > 1) {
        let sum = 0;
        for (let c = 0; c < from; c++) sum += samples[at + c]!;
        this.#block[base] = pcm16(sum / from);
      } else {
        for (let c = 0; c < channels; c++) this.#block[base + c] = pcm16(samples[at + (c % from)]!);
      }
      if (++this.#filled === format.blockFrames) {
        this.#push(format);
        pushed++;
      }
    }
    return pushed;
  }

  #push(format: Format): void {
    const bytes = Buffer.from(this.#block.buffer, 0, this.#filled * format.channels * 2);
    this.#queue.push({ bytes, rx: this.#blockRx });
    this.#block = new Int16Array(format.blockFrames * format.channels);
    this.#filled = 0;
    // The device has played everything: build the cushion again before it gets more.
    if (!this.#writing && this.#queue.length === 1 && this.#wall.now() > this.#playsUntil) this.#priming = true;
  }

  #pump(): void {
    const stream = this.#stream;
    const format = this.#format;
    if (!stream || !format || this.#writing) return;
    if (this.#queue.length === 0) return this.#onIdle?.();
    if (this.#priming && this.#queue.length < blocksPerLatency && !this.#closing) return;
    this.#priming = false;
    const { bytes, rx } = this.#queue.shift()!;
    this.#writing = true;
    this.#playsUntil = Math.max(this.#wall.now(), this.#playsUntil) + bytes.length / (2 * format.channels * format.rate);
    const stalled = setTimeout(
      () => this.ctx.report(new TerpsiError('E_AUDIO_DEVICE', `${this.#label} took no audio for ${stallTime} s; the device stopped or was unplugged`)),
      stallTime * 1000,
    );
    stalled.unref();
    stream
      .write(bytes)
      .then(
        (status) => {
          this.#sent++;
          if (rx !== undefined) this.#latency.add(this.ctx.clock.now() - rx);
          // PortAudio's status flags: an underflow is a gap the audience heard.
          if (status) this.ctx.report(new TerpsiError('E_AUDIO_DEVICE', `${this.#label}: ${status.trim()}`));
        },
        (e: unknown) => {
          this.#errors++;
          this.ctx.report(asTerpsiError(e, 'E_AUDIO_DEVICE', this.#label));
        },
      )
      .finally(() => {
        clearTimeout(stalled);
        this.#writing = false;
        this.#pump();
      });
  }
}

/** A sound card or any PortAudio output: plays the audio frames it is given. */
export const audioOut: OutputType<Params> = {
  name: 'audio-out',
  description: 'plays audio frames on a PortAudio output device (sound card, loopback)',
  params,
  create: (p, ctx) => new AudioOutPort(p, ctx),
};
