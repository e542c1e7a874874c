import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Context } from '../core/context.js';
import type { ControlFrame, Frame } from '../core/frames.js';
import type { OutputPort, OutputType, PortStats } from '../core/registries.js';
import { seconds } from '../core/units.js';
import { QueuedPort } from './output-port.js';
import { udpTransport } from './udp-transport.js';

const params = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** scsynth's UDP port (57110 when sclang boots it). */
  port: z.number().int().min(1).max(65535).default(57110),
  /** Name of the SynthDef each body plays (presets/sonify/terpsi-lma.scd defines terpsi_lma). */
  synthdef: z.string().min(1).default('terpsi_lma'),
  /** Group the synths go into: 1 is the default group sclang makes; 0 (the root) for a bare scsynth. */
  group: z.number().int().min(0).default(1),
  /** Node id of body 0's synth; body n gets firstNode + n. */
  firstNode: z.number().int().min(2).max(2 ** 30).default(100000),
  /** A body's synth is released (gate 0) after this long without a value, seconds. */
  release: z.number().positive().max(600).default(2),
});

type Params = z.infer<typeof params>;

/** osc.js writes the strings scsynth needs (the float/int writer of the osc output does not); loaded on first use, as it slows startup. */
let oscjs: typeof import('osc') | undefined;
const osc = () => (oscjs ??= createRequire(import.meta.url)('osc') as typeof import('osc'));

type Arg = { readonly type: 'f' | 'i' | 's'; readonly value: number | string };

const message = (address: string, ...args: Arg[]): Uint8Array => osc().writePacket({ address, args }, { metadata: true }) as Uint8Array;
const int = (value: number): Arg => ({ type: 'i', value });
const float = (value: number): Arg => ({ type: 'f', value });
const string = (value: string): Arg => ({ type: 's', value });

/** /s_new's add action: at the tail of the target group, so effects placed after it by hand still follow. */
const addToTail = 1;

/**
 * Plays one synth per body on a SuperCollider server. Control frames named
 * `<anything>/<body>/<control>` with a value (what sonify-map sends) become, for a body seen for
 * the first time, `/s_new <synthdef> <node> 1 <group> <control> <value>`, and after that
 * `/n_set <node> <control> <value>`; node = firstNode + body. A body without a value for
 * `release` seconds gets `/n_set <node> gate 0` (the SynthDef frees itself when its envelope
 * ends) and a new synth if it comes back; closing releases them all. Other frames are ignored.
 */
class ScsynthPort implements OutputPort {
  readonly #port: QueuedPort<Uint8Array>;
  /** Bodies with a synth, and when each last got a value, seconds. */
  readonly #playing = new Map<number, number>();
  readonly #stop = new AbortController();

  constructor(
    private readonly p: Params,
    private readonly ctx: Context,
  ) {
    this.#port = new QueuedPort(ctx, (frame) => this.#encode(frame), [udpTransport({ host: p.host, port: p.port }, ctx.log)]);
  }

  async open(): Promise<void> {
    await this.#port.open();
    void this.#sweep();
  }

  write(frame: Frame): void {
    this.#port.write(frame);
  }

  async close(): Promise<void> {
    this.#stop.abort();
    const now = this.ctx.clock.now();
    this.#port.enqueue(this.#release(() => true), { kind: 'control', t: now, source: this.ctx.id, name: 'release', values: [] });
    await this.#port.close();
  }

  stats(): PortStats {
    return this.#port.stats();
  }

  #encode(frame: Frame): Uint8Array[] {
    if (frame.kind !== 'control') return [];
    const target = addressed(frame);
    if (!target) return [];
    const [body, control, value] = target;
    const node = this.p.firstNode + body;
    const playing = this.#playing.has(body);
    this.#playing.set(body, this.ctx.clock.now());
    return playing
      ? [message('/n_set', int(node), string(control), float(value))]
      : [message('/s_new', string(this.p.synthdef), int(node), int(addToTail), int(this.p.group), string(control), float(value))];
  }

  /** Releases, every tenth of `release`, the synths of bodies that went quiet. */
  async #sweep(): Promise<void> {
    const { clock } = this.ctx;
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      await clock.sleepUntil(seconds(clock.now() + this.p.release / 10), signal);
      if (signal.aborted) return;
      const now = clock.now();
      const packets = this.#release((seen) => seen < now - this.p.release);
      if (packets.length > 0) this.#port.enqueue(packets, { kind: 'control', t: now, source: this.ctx.id, name: 'release', values: [] });
    }
  }

  /** `/n_set <node> gate 0` for the playing bodies `due` picks by when they were last seen, which stop playing. */
  #release(due: (seen: number) => boolean): Uint8Array[] {
    const packets: Uint8Array[] = [];
    for (const [body, seen] of this.#playing) {
      if (!due(seen)) continue;
      this.#playing.delete(body);
      packets.push(message('/n_set', int(this.p.firstNode + body), string('gate'), float(0)));
    }
    return packets;
  }
}

/** Body and control of a frame named `.../<body>/<control>` with a finite value; undefined for any other. */
function addressed(frame: ControlFrame): [body: number, control: string, value: number] | undefined {
  const parts = frame.name.split('/');
  const value = frame.values[0];
  if (parts.length < 2 || value === undefined || !Number.isFinite(value)) return undefined;
  const body = Number(parts[parts.length - 2]);
  const control = parts[parts.length - 1]!;
  return Number.isInteger(body) && body >= 0 && control !== '' ? [body, control, value] : undefined;
}

/** SuperCollider's server: a synth per body, its controls set from sonify-map's control frames. */
export const scsynth: OutputType<Params> = {
  name: 'scsynth',
  description: 'SuperCollider server (scsynth, UDP 57110): a synth per body via /s_new, its controls via /n_set',
  params,
  create: (p, ctx) => new ScsynthPort(p, ctx),
};
