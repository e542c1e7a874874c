import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Easymidi from 'easymidi';
import { z } from 'zod';
import type { Context } from '../core/context.js';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import type { Frame } from '../core/frames.js';
import type { OutputPort, OutputType, PortStats } from '../core/registries.js';
import { MidiMapper, type MidiMessage } from './midi-map.js';
import { QueuedPort, type Transport } from './output-port.js';

const note = z.number().int().min(0).max(127);
const params = z.strictObject({
  /** Name of the port: created when virtual, else an existing output (see `terpsi devices`). */
  port: z.string().min(1).default('terpsi'),
  virtual: z.boolean().default(true),
  channel: z.number().int().min(1).max(16).default(1),
  /** Control-frame name → CC number; the value is values[0] clamped to 0..1, times 127. */
  cc: z
    .record(z.string().min(1), z.number().int().min(0).max(119, 'CC 120..127 are channel mode messages (all notes off, reset, ...)'))
    .default({}),
  /** Note played on every beat, its velocity from the beat's confidence. */
  beatNote: note.optional(),
  /** Event tag → note held while the tag is active, its velocity from the tag's probability. */
  events: z.record(z.string().min(1), note).default({}),
  /** MIDI clock: 24 ticks per beat driven by the beat frames, with Start, Stop and Continue. */
  clock: z.boolean().default(false),
});

/** A midi output's patch fields, defaults applied. */
export type MidiParams = z.infer<typeof params>;

const require = createRequire(import.meta.url);
const alsaSequencer = '/dev/snd/seq';

/**
 * Loads easymidi (RtMidi underneath) once the OS is known to have a MIDI subsystem: on Linux
 * without the ALSA sequencer, RtMidi would print its own errors to stderr before failing.
 */
function loadEasymidi(): typeof Easymidi {
  if (process.platform === 'linux') {
    if (!existsSync(alsaSequencer)) {
      throw new TerpsiError(
        'E_MIDI_UNAVAILABLE',
        `this system has no ALSA sequencer (${alsaSequencer} is missing), so no MIDI port can be opened; ` +
          `load it with "sudo modprobe snd-seq" (in a container, also pass --device ${alsaSequencer}), ` +
          'or drive the rig over OSC instead',
      );
    }
    try {
      accessSync(alsaSequencer, constants.R_OK | constants.W_OK);
    } catch (e) {
      throw new TerpsiError(
        'E_MIDI_UNAVAILABLE',
        `${alsaSequencer} cannot be opened by this user; add it to the "audio" group ("sudo usermod -aG audio $USER", then log in again)`,
        { cause: e },
      );
    }
  }
  try {
    return require('easymidi') as typeof Easymidi;
  } catch (e) {
    throw asTerpsiError(e, 'E_MIDI_UNAVAILABLE', 'the MIDI library (easymidi on RtMidi) cannot be loaded; reinstall with "npm ci"');
  }
}

/**
 * The MIDI ports this system offers, by the names `port` takes, for `terpsi devices` and
 * `terpsi doctor`. Throws E_MIDI_UNAVAILABLE, saying what to do, where there is no MIDI subsystem.
 */
export function midiPorts(): { inputs: string[]; outputs: string[] } {
  const easymidi = loadEasymidi();
  try {
    return { inputs: easymidi.getInputs(), outputs: easymidi.getOutputs() };
  } catch (e) {
    throw asTerpsiError(e, 'E_MIDI_UNAVAILABLE', 'cannot list the MIDI ports');
  }
}

/** What the transport needs of an easymidi Output; its typed overloads cannot take a union. */
interface RawOutput {
  send(type: MidiMessage['type'], args?: object): void;
  close(): void;
}

function openOutput(name: string, virtual: boolean): RawOutput {
  if (virtual && process.platform === 'win32') {
    throw new TerpsiError('E_MIDI_PORT', `Windows has no virtual MIDI ports: create one named "${name}" with loopMIDI, then set virtual: false`);
  }
  const easymidi = loadEasymidi();
  if (!virtual) {
    const outputs = midiPorts().outputs;
    if (!outputs.includes(name)) {
      throw new TerpsiError('E_MIDI_PORT', `no MIDI output named "${name}"; outputs: ${outputs.join(', ') || 'none'} (or set virtual: true to create one)`);
    }
  }
  try {
    return new easymidi.Output(name, virtual) as unknown as RawOutput;
  } catch (e) {
    throw asTerpsiError(e, 'E_MIDI_PORT', `cannot open ${virtual ? 'a virtual' : 'the'} MIDI output "${name}"`);
  }
}

/** Sends through easymidi's `send`, which encodes with `Output.prototype.parseMessage`. */
class MidiTransport implements Transport<MidiMessage> {
  readonly label: string;
  #output: RawOutput | undefined;

  constructor(
    private readonly name: string,
    private readonly virtual: boolean,
  ) {
    this.label = `midi ${virtual ? 'virtual ' : ''}output "${name}"`;
  }

  async open(): Promise<void> {
    this.#output = openOutput(this.name, this.virtual);
  }

  async send(message: MidiMessage): Promise<void> {
    // easymidi writes a default channel into args, so it gets a copy.
    this.#output!.send(message.type, 'args' in message ? { ...message.args } : undefined);
  }

  async close(): Promise<void> {
    this.#output?.close();
    this.#output = undefined;
  }
}

/** The midi output: frames mapped to messages at once, beat-driven ones when due, all through one queued port. */
class MidiPort implements OutputPort {
  readonly #mapper: MidiMapper;
  readonly #port: QueuedPort<MidiMessage>;

  constructor(options: MidiParams, ctx: Context) {
    const { channel, cc, beatNote, events, clock } = options;
    const mapping = { channel: (channel - 1) as Easymidi.Channel, cc, beatNote, events, clock };
    const mapper = new MidiMapper(mapping, ctx.clock, (messages, cause) => this.#port.enqueue(messages, cause));
    this.#mapper = mapper;
    this.#port = new QueuedPort(ctx, (frame) => mapper.map(frame), [new MidiTransport(options.port, options.virtual)]);
  }

  open(): Promise<void> {
    return this.#port.open();
  }

  write(frame: Frame): void {
    this.#port.write(frame);
  }

  /** Silences sounding notes and stops the clock before the port closes, so nothing hangs on stage. */
  async close(): Promise<void> {
    this.#mapper.stop();
    await this.#port.close();
  }

  stats(): PortStats {
    return this.#port.stats();
  }
}

/** MIDI notes, CCs and clock through a named (virtual where the OS allows) port. */
export const midi = {
  name: 'midi',
  description: 'MIDI out: CCs from control frames, notes from beats and events, MIDI clock from predicted beats',
  params,
  create: (options: MidiParams, ctx: Context): OutputPort => new MidiPort(options, ctx),
} satisfies OutputType<MidiParams>;
