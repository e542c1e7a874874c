import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { seconds } from '../../../src/core/units.js';
import { decodeWav } from '../../../src/sources/wav.js';
import { generalMidiSoundFont } from '../../../src/train/corpora/check-render-tools.js';
import { drumHit, instrumentLabels } from '../../../src/train/corpora/instrument-labels.js';
import { drumChannel, readMidiFile, type MidiFile } from '../../../src/train/corpora/midi-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A MIDI file at 120 BPM with 100 ticks a quarter note: tick t is at t/200 s. */
const midi = (parts: Partial<MidiFile>): MidiFile => ({
  ticksPerQuarter: 100,
  tempos: [{ tick: 0, microsPerQuarter: 500_000 }],
  timeSignatures: [],
  markers: [],
  notes: [],
  noteOffs: [],
  programChanges: [],
  endTick: 4000,
  ...parts,
});
const on = (tick: number, channel: number, key = 60) => ({ tick, channel, key, velocity: 90 });
const off = (tick: number, channel: number, key = 60) => ({ tick, channel, key });
const close = (actual: readonly { tag: string; onset: number; offset: number }[], expected: [string, number, number][]) => {
  assert.equal(actual.length, expected.length, JSON.stringify(actual));
  actual.forEach((a, i) => {
    const [tag, onset, offset] = expected[i]!;
    assert.equal(a.tag, tag);
    assert.ok(Math.abs(a.onset - onset) < 1e-9 && Math.abs(a.offset - offset) < 1e-9, `${JSON.stringify(a)} vs ${expected[i]}`);
  });
};

test('notes take the family of the program in force on their channel; drums are the tenth channel', () => {
  const labels = instrumentLabels(
    midi({
      programChanges: [
        { tick: 0, channel: 0, program: 40 }, // violin
        { tick: 400, channel: 0, program: 57 }, // trombone from 2 s, at the same tick as a note
        { tick: 0, channel: drumChannel, program: 40 }, // a kit change: still drums
        { tick: 0, channel: 2, program: 46 }, // harp: no family
      ],
      notes: [on(0, 0), on(400, 0), on(100, drumChannel, 36), on(50, 1), on(200, 2)],
      noteOffs: [off(200, 0), off(600, 0), off(101, drumChannel, 36), off(150, 1), off(300, 2)],
    }),
    seconds(10),
  );
  assert.deepEqual(labels.tags, ['drums', 'piano', 'strings', 'brass']);
  close(labels.intervals, [
    ['drums', 0.5, 0.5 + drumHit],
    ['piano', 0.25, 0.75], // program 0 before any program change
    ['strings', 0, 1],
    ['brass', 2, 3],
  ]);
  assert.equal(labels.unlabeledNotes, 1, 'the harp note');
});

test('intervals under 0.1 s apart merge; repeated and overlapping notes pair first in, first out; all clipped to the clip', () => {
  const labels = instrumentLabels(
    midi({
      notes: [on(0, 0), on(100, 0), on(120, 0), on(210, 0), on(300, 0), on(340, 0), on(1900, 0)],
      // 0–100 then 100–150 (the off at 100 ends the first, the next note starts there); 120 overlaps until 180;
      // 210–250 starts 0.15 s after 180: a new interval; 300 and 340 overlap; 1900 never ends (the file ends at 4000).
      noteOffs: [off(100, 0), off(150, 0), off(180, 0), off(250, 0), off(380, 0), off(390, 0)],
    }),
    seconds(9.75),
  );
  close(labels.intervals, [
    ['piano', 0, 0.9],
    ['piano', 1.05, 1.25],
    ['piano', 1.5, 1.95],
    ['piano', 9.5, 9.75],
  ]);
  assert.equal(labels.unlabeledNotes, 0);
  // 0.105 s apart: two intervals; 0.095 s: one.
  const gap = (ticks: number) => instrumentLabels(midi({ notes: [on(0, 0), on(100 + ticks, 0)], noteOffs: [off(100, 0), off(200 + ticks, 0)] }), seconds(5)).intervals.length;
  assert.equal(gap(21), 2);
  assert.equal(gap(19), 1);
  assert.deepEqual(instrumentLabels(midi({ notes: [on(2000, 0)], noteOffs: [off(2100, 0)] }), seconds(5)), { tags: [], intervals: [], unlabeledNotes: 0 });
});

test('rendered by FluidSynth, the audio sounds where the labels say and is near silent elsewhere', () => {
  const dir = tempDir('terpsi-instrument-labels-');
  // One 4 s bar at 60 BPM, twice: an organ on beat 1, a string ensemble on beat 3, a kick on beat 4.5.
  writeFileSync(
    join(dir, 'gaps.mma'),
    `Tempo 60
Begin Chord-Organ
  Voice 16
  Sequence {1 4 90}
End
Begin Chord-Strings
  Voice 48
  Sequence {3 4 90}
End
Begin Drum-Kick
  Tone KickDrum1
  Sequence {4.5 0 90}
End
C
G
MidiMark End
`,
  );
  execFileSync('mma', ['-f', 'gaps.mid', 'gaps.mma'], { cwd: dir, stdio: 'ignore' });
  const file = readMidiFile(readFileSync(join(dir, 'gaps.mid')), 'gaps.mid');
  const labels = instrumentLabels(file, seconds(8));
  assert.deepEqual(labels.tags, ['drums', 'strings', 'organ']);
  const starts = (tag: string) => labels.intervals.filter((i) => i.tag === tag).map((i) => i.onset);
  assert.deepEqual(starts('organ'), [0, 4]);
  assert.deepEqual(starts('strings'), [2, 6]);
  assert.deepEqual(starts('drums'), [3.5, 7.5]);
  for (const i of labels.intervals.filter((i) => i.tag !== 'drums')) assert.ok(i.offset - i.onset > 0.5 && i.offset - i.onset <= 1, `${i.tag} lasts about a beat`);

  const rate = 16000;
  execFileSync('fluidsynth', ['-q', '-n', '-i', '-R', '0', '-C', '0', '-F', join(dir, 'gaps.wav'), '-r', String(rate), generalMidiSoundFont, join(dir, 'gaps.mid')], { stdio: 'ignore' });
  const audio = decodeWav(readFileSync(join(dir, 'gaps.wav')), 'gaps.wav');
  const mono = Float32Array.from({ length: Math.min(audio.samples.length / audio.channels, 8 * rate) }, (_, i) => audio.samples[i * audio.channels]!);
  // Inside any interval; outside all of them and past the release tails (the string ensemble's rings about 0.4 s after its note-off).
  const inside = (t: number) => labels.intervals.some((i) => t >= i.onset && t < i.offset);
  const quiet = (t: number) => !labels.intervals.some((i) => t >= i.onset && t < i.offset + 0.5);
  const rms = (keep: (t: number) => boolean) => {
    let sum = 0;
    let n = 0;
    mono.forEach((x, k) => {
      if (keep(k / rate)) [sum, n] = [sum + x * x, n + 1];
    });
    assert.ok(n > 0.5 * rate, 'at least half a second of each');
    return Math.sqrt(sum / n);
  };
  const ratio = rms(inside) / rms(quiet);
  assert.ok(ratio > 30, `sounding ${(20 * Math.log10(ratio)).toFixed(0)} dB above the gaps`);
});
