import { TerpsiError } from '../../core/errors.js';
import { seconds, type Seconds } from '../../core/units.js';

/** A tempo change: from `tick` on, a quarter note lasts `microsPerQuarter` µs. */
export interface TempoChange {
  readonly tick: number;
  readonly microsPerQuarter: number;
}

/** A time signature change at `tick`: `numerator`/`denominator` (denominator as written: 4 for x/4). */
export interface TimeSignature {
  readonly tick: number;
  readonly numerator: number;
  readonly denominator: number;
}

/** A note-on with a velocity above 0 (a note-on with velocity 0 is a note-off and is not listed). */
export interface NoteOn {
  readonly tick: number;
  /** 0..15; General MIDI drums are channel 9 (the tenth). */
  readonly channel: number;
  readonly key: number;
  readonly velocity: number;
}

/** A note-off: a note-off event, or a note-on with velocity 0 (which mma writes). */
export interface NoteOff {
  readonly tick: number;
  readonly channel: number;
  readonly key: number;
}

/** A program change: from `tick` on, `channel` plays General MIDI program `program` (0-based). */
export interface ProgramChange {
  readonly tick: number;
  readonly channel: number;
  readonly program: number;
}

/** A marker meta event: `text` at `tick`. */
export interface Marker {
  readonly tick: number;
  readonly text: string;
}

/** What a Standard MIDI File says about timing and notes, all tracks merged, in tick order. */
export interface MidiFile {
  readonly ticksPerQuarter: number;
  readonly tempos: readonly TempoChange[];
  readonly timeSignatures: readonly TimeSignature[];
  readonly markers: readonly Marker[];
  readonly notes: readonly NoteOn[];
  readonly noteOffs: readonly NoteOff[];
  readonly programChanges: readonly ProgramChange[];
  /** The latest end-of-track tick over all tracks (the last event; not necessarily a bar line). */
  readonly endTick: number;
}

/** The General MIDI percussion channel (0-based). */
export const drumChannel = 9;

/**
 * Reads a Standard MIDI File (format 0 or 1, pulses-per-quarter division): tempo and time
 * signature and marker meta events, note-ons, note-offs, program changes and the end of every track. Anything else
 * (controllers, text, SysEx) is skipped. A file that is not a MIDI file, or uses SMPTE time division, is
 * E_FILE_FORMAT naming `file`.
 */
export function readMidiFile(bytes: Uint8Array, file: string): MidiFile {
  const fail = (why: string) => new TerpsiError('E_FILE_FORMAT', `${file}: ${why}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 14 || id(0) !== 'MThd') throw fail('not a Standard MIDI File (no MThd header)');
  const headerSize = view.getUint32(4);
  const format = view.getUint16(8);
  const trackCount = view.getUint16(10);
  const division = view.getUint16(12);
  if (format > 2) throw fail(`unknown MIDI file format ${format}`);
  if (format === 2) throw fail('MIDI format 2 (independent sequences) has no single timeline');
  if (division & 0x8000) throw fail('SMPTE time division is not supported; expected pulses per quarter note');
  if (division === 0) throw fail('the header says 0 ticks per quarter note');

  const tempos: TempoChange[] = [];
  const timeSignatures: TimeSignature[] = [];
  const markers: Marker[] = [];
  const notes: NoteOn[] = [];
  const noteOffs: NoteOff[] = [];
  const programChanges: ProgramChange[] = [];
  let endTick = 0;
  let at = 8 + headerSize;
  for (let track = 0; track < trackCount; track++) {
    if (at + 8 > bytes.length) throw fail(`track ${track + 1} of ${trackCount} is missing (the file ends at byte ${bytes.length})`);
    if (id(at) !== 'MTrk') throw fail(`expected track ${track + 1} (MTrk) at byte ${at}, found "${id(at)}"`);
    const end = at + 8 + view.getUint32(at + 4);
    if (end > bytes.length) throw fail(`track ${track + 1} runs past the end of the file`);
    let p = at + 8;
    let tick = 0;
    let status = 0;
    const varLength = () => {
      let value = 0;
      for (let i = 0; i < 4; i++) {
        if (p >= end) throw fail(`track ${track + 1}: event cut off at byte ${p}`);
        const b = bytes[p++]!;
        value = (value << 7) | (b & 0x7f);
        if (!(b & 0x80)) return value;
      }
      throw fail(`track ${track + 1}: a variable-length number at byte ${p - 4} is longer than 4 bytes`);
    };
    const need = (n: number) => {
      if (p + n > end) throw fail(`track ${track + 1}: event cut off at byte ${p}`);
    };
    while (p < end) {
      tick += varLength();
      need(1);
      if (bytes[p]! & 0x80) status = bytes[p++]!;
      else if (status === 0) throw fail(`track ${track + 1}: data byte without a status at byte ${p}`);
      if (status === 0xff) {
        need(1);
        const type = bytes[p++]!;
        const length = varLength();
        need(length);
        if (type === 0x51 && length === 3) tempos.push({ tick, microsPerQuarter: (bytes[p]! << 16) | (bytes[p + 1]! << 8) | bytes[p + 2]! });
        if (type === 0x58 && length >= 2) timeSignatures.push({ tick, numerator: bytes[p]!, denominator: 2 ** bytes[p + 1]! });
        if (type === 0x06) markers.push({ tick, text: new TextDecoder('latin1').decode(bytes.subarray(p, p + length)) });
        p += length;
        if (type === 0x2f) break;
        // Meta and SysEx events cancel running status.
        status = 0;
      } else if (status === 0xf0 || status === 0xf7) {
        const length = varLength();
        need(length);
        p += length;
        status = 0;
      } else {
        const kind = status & 0xf0;
        const size = kind === 0xc0 || kind === 0xd0 ? 1 : 2;
        need(size);
        const channel = status & 0x0f;
        if (kind === 0x90 && bytes[p + 1]! > 0) notes.push({ tick, channel, key: bytes[p]!, velocity: bytes[p + 1]! });
        else if (kind === 0x90 || kind === 0x80) noteOffs.push({ tick, channel, key: bytes[p]! });
        else if (kind === 0xc0) programChanges.push({ tick, channel, program: bytes[p]! });
        p += size;
      }
    }
    endTick = Math.max(endTick, tick);
    at = end;
  }
  // Events of different tracks interleave in time; a stable sort keeps same-tick order per track.
  const byTick = (a: { tick: number }, b: { tick: number }) => a.tick - b.tick;
  return {
    ticksPerQuarter: division,
    tempos: tempos.sort(byTick),
    timeSignatures: timeSignatures.sort(byTick),
    markers: markers.sort(byTick),
    notes: notes.sort(byTick),
    noteOffs: noteOffs.sort(byTick),
    programChanges: programChanges.sort(byTick),
    endTick,
  };
}

/**
 * Converts ticks to seconds through the file's tempo map (120 BPM until the first tempo event, as
 * the standard says). The returned function takes any tick ≥ 0.
 */
export function tickTime(midi: Pick<MidiFile, 'ticksPerQuarter' | 'tempos'>): (tick: number) => Seconds {
  // Each segment: from `tick` on, time = start + (t - tick)·secondsPerTick.
  const segments: { tick: number; start: number; secondsPerTick: number }[] = [{ tick: 0, start: 0, secondsPerTick: 0.5 / midi.ticksPerQuarter }];
  for (const change of midi.tempos) {
    const last = segments[segments.length - 1]!;
    const start = last.start + (change.tick - last.tick) * last.secondsPerTick;
    const segment = { tick: change.tick, start, secondsPerTick: change.microsPerQuarter / 1e6 / midi.ticksPerQuarter };
    if (last.tick === change.tick) segments[segments.length - 1] = segment;
    else segments.push(segment);
  }
  return (tick) => {
    let i = segments.length - 1;
    while (i > 0 && segments[i]!.tick > tick) i--;
    const s = segments[i]!;
    return seconds(s.start + (tick - s.tick) * s.secondsPerTick);
  };
}

/**
 * The tick of every beat from `start` (a bar line) up to, not including, `end`: one beat per
 * denominator note of the time signature in force (a quarter in x/4, an eighth in x/8), the count
 * restarting at each time signature change (a change is a bar line). 4/4 until the first time
 * signature event, as the standard says.
 */
export function beatTicks(midi: Pick<MidiFile, 'ticksPerQuarter' | 'timeSignatures'>, start: number, end: number): number[] {
  const ticks: number[] = [];
  const changes = [{ tick: 0, numerator: 4, denominator: 4 }, ...midi.timeSignatures];
  for (let i = 0; i < changes.length; i++) {
    const from = Math.max(changes[i]!.tick, start);
    const until = Math.min(changes[i + 1]?.tick ?? end, end);
    const step = (midi.ticksPerQuarter * 4) / changes[i]!.denominator;
    // A beat grid that starts at the later of the change and `start`, both bar lines.
    for (let t = from; t < until; t += step) ticks.push(t);
  }
  return ticks;
}
