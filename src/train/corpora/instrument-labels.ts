import { seconds, type Seconds } from '../../core/units.js';
import type { TagInterval } from '../datasets/labeled-clip.js';
import { drumChannel, tickTime, type MidiFile } from './midi-file.js';
import { instrumentFamilyOfProgram, instrumentTags, type InstrumentTag } from './instrument-tags.js';

/** A clip's labels: the families that sound in it (tag order) and when each sounds. */
export interface InstrumentLabels {
  readonly tags: readonly InstrumentTag[];
  /** Sorted by tag order, then onset; no two of one tag overlap or touch. */
  readonly intervals: readonly TagInterval[];
  /** Notes starting in the clip on a melodic channel whose program is of no family: sounds no tag names. */
  readonly unlabeledNotes: number;
}

/** Notes of one family closer than this are one interval: a detector's frames are coarser than the gap. */
export const intervalGap = seconds(0.1);
/**
 * How long a drum hit counts as sounding. General MIDI percussion ignores note-offs (mma writes
 * them one tick after the hit); 0.2 s covers the body of a kick, snare or hi-hat, not a crash's ring.
 */
export const drumHit = seconds(0.2);

/**
 * The instrument labels of the first `length` seconds of a MIDI file: every note of a melodic
 * channel belongs to the family of the program in force on its channel when it starts (program 0
 * before any program change, as General MIDI says; notes of programs of no family are not
 * labelled), and sounds from its note-on to its note-off; every note on the percussion channel is
 * a drum hit sounding for `drumHit`. The note-off is the truth even though the synthesiser's
 * release tail rings on for a while after it. A note-on's note-off is the first later one of its
 * channel and key not already taken (a note with none lasts to the end of the file). Intervals of
 * a family less than `intervalGap` apart are merged, then clipped to [0, length]; a family with
 * no interval left is not a tag. Counts the notes in the clip that no tag names.
 */
export function instrumentLabels(midi: MidiFile, length: Seconds): InstrumentLabels {
  const time = tickTime(midi);
  const spans = new Map<InstrumentTag, [number, number][]>();
  const add = (tag: InstrumentTag, onset: number, offset: number) => {
    const list = spans.get(tag) ?? [];
    list.push([onset, offset]);
    spans.set(tag, list);
  };
  const offsByKey = new Map<string, number[]>();
  for (const off of midi.noteOffs) {
    const key = `${off.channel}/${off.key}`;
    const list = offsByKey.get(key) ?? [];
    list.push(off.tick);
    offsByKey.set(key, list);
  }
  const nextOff = new Map<string, number>();
  let unlabeledNotes = 0;
  for (const note of midi.notes) {
    if (note.channel === drumChannel) {
      add('drums', time(note.tick), time(note.tick) + drumHit);
      continue;
    }
    const family = instrumentFamilyOfProgram(programAt(midi, note.channel, note.tick));
    const key = `${note.channel}/${note.key}`;
    const offs = offsByKey.get(key) ?? [];
    // Notes come in tick order, so one pointer per key pairs them first in, first out.
    let i = nextOff.get(key) ?? 0;
    while (i < offs.length && offs[i]! <= note.tick) i++;
    const end = i < offs.length ? offs[i++]! : midi.endTick;
    nextOff.set(key, i);
    if (family) add(family, time(note.tick), time(end));
    else if (time(note.tick) < length) unlabeledNotes++;
  }

  const intervals: TagInterval[] = [];
  for (const tag of instrumentTags) {
    const merged: [number, number][] = [];
    for (const [onset, offset] of (spans.get(tag) ?? []).sort((a, b) => a[0] - b[0])) {
      const last = merged[merged.length - 1];
      if (last && onset - last[1] < intervalGap) last[1] = Math.max(last[1], offset);
      else merged.push([onset, offset]);
    }
    for (const [onset, offset] of merged) {
      const from = Math.max(0, onset);
      const to = Math.min(length, offset);
      if (to > from) intervals.push({ tag, onset: seconds(from), offset: seconds(to) });
    }
  }
  return { tags: instrumentTags.filter((t) => intervals.some((i) => i.tag === t)), intervals, unlabeledNotes };
}

/** The program in force on `channel` at `tick`: a program change at the same tick as a note applies to it, the later of two at one tick wins. */
function programAt(midi: MidiFile, channel: number, tick: number): number {
  let latest: { tick: number; program: number } = { tick: -1, program: 0 };
  for (const change of midi.programChanges) {
    if (change.channel === channel && change.tick <= tick && change.tick >= latest.tick) latest = change;
  }
  return latest.program;
}
