import type { Channel, ControlChange, Note } from 'easymidi';
import type { Clock } from '../core/clock.js';
import type { BeatFrame, ControlFrame, EventsFrame, Frame } from '../core/frames.js';
import { unreachable } from '../core/frames.js';
import { beatPeriod, normalized, seconds, type Seconds } from '../core/units.js';

/** One MIDI message as easymidi's `Output.send(type, args)` takes it. */
export type MidiMessage =
  | { readonly type: 'noteon' | 'noteoff'; readonly args: Note }
  | { readonly type: 'cc'; readonly args: ControlChange }
  | { readonly type: 'clock' | 'start' | 'continue' | 'stop' };

/** What a midi output sends for which frames. */
export interface MidiMapping {
  /** Channel as on the wire, 0..15 (people's channel 1 is 0). */
  readonly channel: Channel;
  /** Control-frame name → CC number. */
  readonly cc: Readonly<Record<string, number>>;
  /** Note played on every beat. */
  readonly beatNote?: number;
  /** Event tag → note held while the tag is active. */
  readonly events: Readonly<Record<string, number>>;
  /** Send MIDI clock (24 ticks per beat) with Start, Stop and Continue. */
  readonly clock: boolean;
}

/** Receives messages the mapper sends on its own schedule, with the frame they stem from. */
export type MidiSink = (messages: MidiMessage[], cause: Frame) => void;

/** MIDI clock resolution, fixed by the MIDI standard. */
const ticksPerBeat = 24;
/**
 * How long a beat note sounds: 100 ms, long enough for lighting desks that poll at 25 Hz to see it,
 * or half a beat when beats come faster than 300 bpm, so that one never overlaps the next.
 */
const beatNoteLength = seconds(0.1);
/** Beat periods without a new beat after which the clock sends Stop. */
const beatsBeforeStop = 2;

type Entry =
  | { kind: 'tick'; t: Seconds; seq: number; beat: number; cause: Frame }
  | { kind: 'note-on' | 'note-off'; t: Seconds; seq: number; beat: number; velocity: number; cause: Frame }
  | { kind: 'stop'; t: Seconds; seq: number; cause: Frame };

/**
 * Turns frames into MIDI messages. Control frames become CCs and events frames notes at once;
 * beats are in the future when predicted, so the beat note and the clock ticks are scheduled on
 * the engine clock and reach the sink when due.
 *
 * Clock: each beat frame schedules the 24 ticks of its beat, 60/tempo/24 s apart, the first on the
 * beat. A newer beat replaces what is left of the schedule: a refined prediction of the same beat
 * (same index) moves its unsent ticks; ticks of older beats still pending when the new beat is due
 * are squeezed into the time left before it, so every beat gets exactly 24 ticks and receivers stay
 * in phase when the tempo changes. Start goes before the first tick, Stop after two beat periods
 * without a beat, Continue before the first tick after a Stop.
 */
export class MidiMapper {
  #entries: Entry[] = [];
  #seq = 0;
  #armed: { readonly t: Seconds; readonly stop: AbortController } | undefined;
  #closed = false;
  /** Index of the newest beat whose note, and whose ticks, were scheduled. */
  #noteBeat: number | undefined;
  #clockBeat: number | undefined;
  #started = false;
  /** While the clock runs: the frame behind its latest tick. */
  #running: Frame | undefined;
  /** Notes sounding now, with the frames that started them: silenced on close. */
  #beatSounding: { readonly beat: number; readonly cause: Frame } | undefined;
  readonly #eventsSounding = new Map<string, { tags: Set<string>; cause: Frame }>();

  constructor(
    private readonly mapping: MidiMapping,
    private readonly clock: Clock,
    private readonly sink: MidiSink,
  ) {}

  /** The messages due now for `frame`; later ones go to the sink when their time comes. */
  map(frame: Frame): MidiMessage[] {
    if (this.#closed) return [];
    switch (frame.kind) {
      case 'control':
        return this.#control(frame);
      case 'events':
        return this.#events(frame);
      case 'beat':
        return this.#beat(frame);
      case 'audio':
      case 'skeleton':
      case 'video':
      case 'motion':
      case 'lma':
        return [];
      default:
        return unreachable(frame);
    }
  }

  /** Cancels everything scheduled and sends note-offs for sounding notes, and Stop if the clock runs. */
  stop(): void {
    this.#closed = true;
    this.#armed?.stop.abort();
    this.#armed = undefined;
    this.#entries = [];
    const { beatNote } = this.mapping;
    if (this.#beatSounding && beatNote !== undefined) this.sink([this.#note('noteoff', beatNote, 0)], this.#beatSounding.cause);
    this.#beatSounding = undefined;
    for (const { tags, cause } of this.#eventsSounding.values()) {
      this.sink([...tags].map((tag) => this.#note('noteoff', this.mapping.events[tag]!, 0)), cause);
    }
    this.#eventsSounding.clear();
    if (this.#running) this.sink([{ type: 'stop' }], this.#running);
    this.#running = undefined;
  }

  #control(frame: ControlFrame): MidiMessage[] {
    const controller = own(this.mapping.cc, frame.name);
    const x = frame.values[0];
    if (controller === undefined || x === undefined) return [];
    return [{ type: 'cc', args: { channel: this.mapping.channel, controller, value: Math.round(normalized(x) * 127) } }];
  }

  /** Per source, so one detector's frame does not end the notes of another's tags. */
  #events(frame: EventsFrame): MidiMessage[] {
    const before = this.#eventsSounding.get(frame.source)?.tags ?? new Set<string>();
    const now = new Set(frame.active.filter((tag) => own(this.mapping.events, tag) !== undefined));
    const messages: MidiMessage[] = [];
    for (const tag of before) if (!now.has(tag)) messages.push(this.#note('noteoff', this.mapping.events[tag]!, 0));
    for (const tag of now) {
      if (!before.has(tag)) messages.push(this.#note('noteon', this.mapping.events[tag]!, velocity(frame.probabilities[tag] ?? 1)));
    }
    if (now.size > 0) this.#eventsSounding.set(frame.source, { tags: now, cause: frame });
    else this.#eventsSounding.delete(frame.source);
    return messages;
  }

  #beat(frame: BeatFrame): MidiMessage[] {
    if (!Number.isFinite(frame.t)) return [];
    // Scheduled messages are sent later on purpose: their latency is not the engine's.
    const { rx: _arrival, ...cause } = frame;
    const period = frame.tempo > 0 && Number.isFinite(frame.tempo) ? beatPeriod(frame.tempo) : undefined;
    if (this.mapping.beatNote !== undefined) this.#scheduleNote(frame, cause, period);
    if (this.mapping.clock && period !== undefined) this.#scheduleTicks(frame, cause, period);
    this.#entries.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const due = this.#takeDue().flatMap(([messages]) => messages);
    this.#arm();
    return due;
  }

  #scheduleNote(frame: BeatFrame, cause: Frame, period: Seconds | undefined): void {
    if (frame.index === this.#noteBeat) {
      const pending = this.#entries.some((e) => e.kind === 'note-on' && e.beat === frame.index);
      if (!pending) return;
      this.#entries = this.#entries.filter((e) => !(e.kind === 'note-on' || e.kind === 'note-off') || e.beat !== frame.index);
    }
    this.#noteBeat = frame.index;
    const length = period === undefined ? beatNoteLength : Math.min(beatNoteLength, period / 2);
    const v = velocity(frame.confidence);
    this.#entries.push({ kind: 'note-on', t: frame.t, seq: this.#seq++, beat: frame.index, velocity: v, cause });
    this.#entries.push({ kind: 'note-off', t: seconds(frame.t + length), seq: this.#seq++, beat: frame.index, velocity: 0, cause });
  }

  #scheduleTicks(frame: BeatFrame, cause: Frame, period: Seconds): void {
    const now = this.clock.now();
    let first = 0;
    if (frame.index === this.#clockBeat) {
      const unsent = this.#entries.filter((e) => e.kind === 'tick' && e.beat === frame.index).length;
      first = ticksPerBeat - unsent;
      this.#entries = this.#entries.filter((e) => e.kind !== 'tick' || e.beat !== frame.index);
    }
    this.#clockBeat = frame.index;
    const spacing = period / ticksPerBeat;
    const anchor = frame.t + first * spacing;
    const older = this.#entries.filter((e) => e.kind === 'tick');
    if (older.some((e) => e.t >= anchor)) {
      const span = Math.max(0, anchor - now);
      older.forEach((e, j) => (e.t = seconds(now + (j * span) / older.length)));
    }
    for (let k = first; k < ticksPerBeat; k++) {
      this.#entries.push({ kind: 'tick', t: seconds(frame.t + k * spacing), seq: this.#seq++, beat: frame.index, cause });
    }
    this.#entries = this.#entries.filter((e) => e.kind !== 'stop');
    const stopAt = seconds(Math.max(frame.t, now) + beatsBeforeStop * period);
    this.#entries.push({ kind: 'stop', t: stopAt, seq: this.#seq++, cause });
  }

  /** Removes the entries due now and turns them into messages, each batch with its cause. */
  #takeDue(): [MidiMessage[], Frame][] {
    const now = this.clock.now();
    const batches: [MidiMessage[], Frame][] = [];
    while (this.#entries.length > 0 && this.#entries[0]!.t <= now) {
      const entry = this.#entries.shift()!;
      const messages = this.#fire(entry);
      if (messages.length > 0) batches.push([messages, entry.cause]);
    }
    return batches;
  }

  #fire(entry: Entry): MidiMessage[] {
    switch (entry.kind) {
      case 'tick': {
        const wasRunning = this.#running !== undefined;
        this.#running = entry.cause;
        if (wasRunning) return [{ type: 'clock' }];
        const begin: MidiMessage = { type: this.#started ? 'continue' : 'start' };
        this.#started = true;
        return [begin, { type: 'clock' }];
      }
      case 'stop':
        if (!this.#running) return [];
        this.#running = undefined;
        return [{ type: 'stop' }];
      case 'note-on':
        this.#beatSounding = entry;
        return [this.#note('noteon', this.mapping.beatNote!, entry.velocity)];
      case 'note-off':
        if (this.#beatSounding?.beat === entry.beat) this.#beatSounding = undefined;
        return [this.#note('noteoff', this.mapping.beatNote!, 0)];
      default:
        return unreachable(entry);
    }
  }

  /** Keeps one wait on the clock, for the earliest entry. */
  #arm(): void {
    const next = this.#entries[0];
    if (this.#armed && next && this.#armed.t === next.t) return;
    this.#armed?.stop.abort();
    this.#armed = undefined;
    if (!next || this.#closed) return;
    const armed = { t: next.t, stop: new AbortController() };
    this.#armed = armed;
    void this.clock.sleepUntil(next.t, armed.stop.signal).then(() => {
      if (armed.stop.signal.aborted) return;
      this.#armed = undefined;
      for (const [messages, cause] of this.#takeDue()) this.sink(messages, cause);
      this.#arm();
    });
  }

  #note(type: 'noteon' | 'noteoff', note: number, velocity: number): MidiMessage {
    return { type, args: { channel: this.mapping.channel, note, velocity } };
  }
}

/** A note-on velocity (1..127: velocity 0 would mean note-off) from a 0..1 strength. */
function velocity(strength: number): number {
  return Math.max(1, Math.round(normalized(strength) * 127));
}

/** A record's own value, so that a tag named "constructor" maps to nothing. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
