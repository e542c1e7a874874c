import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { beatTicks, drumChannel, readMidiFile, tickTime } from '../../../src/train/corpora/midi-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('terpsi-midi-');

/** A variable-length quantity as MIDI files store it. */
const vlq = (n: number): number[] => {
  const out = [n & 0x7f];
  while ((n >>= 7) > 0) out.unshift((n & 0x7f) | 0x80);
  return out;
};
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const chunk = (id: string, body: number[]) => [...[...id].map((c) => c.charCodeAt(0)), ...u32(body.length), ...body];
const smf = (division: number, tracks: number[][]) =>
  Uint8Array.from([...chunk('MThd', [0, 1, 0, tracks.length, division >> 8, division & 0xff]), ...tracks.flatMap((t) => chunk('MTrk', t))]);

test('a two-track file: tempo map, time signatures, markers, running status, SysEx, program changes and both kinds of note-off', () => {
  const meta = [
    0, 0xff, 0x58, 4, 3, 2, 24, 8, // 3/4 at tick 0
    0, 0xff, 0x06, 5, ...[...'Start'].map((c) => c.charCodeAt(0)),
    ...vlq(1440), 0xff, 0x51, 3, 0x0f, 0x42, 0x40, // tempo 1 000 000 µs at tick 1440 (120 BPM before: the default)
    ...vlq(480), 0xff, 0x58, 4, 2, 1, 24, 8, // 2/2 at tick 1920
    ...vlq(960), 0xff, 0x06, 3, ...[...'End'].map((c) => c.charCodeAt(0)),
    0, 0xff, 0x2f, 0,
  ];
  const notes = [
    0, 0xf0, 3, 0x7e, 0x09, 0xf7, // a SysEx message cancels running status
    0, 0x99, 36, 100,
    ...vlq(480), 42, 80, // running status: another note-on on channel 10
    ...vlq(10), 42, 0, // velocity 0: a note-off, not listed
    ...vlq(950), 0xc0, 5, // program change: one data byte
    ...vlq(20), 0x90, 60, 64,
    ...vlq(100), 0x80, 60, 30, // a note-off event proper
    0, 0xff, 0x2f, 0,
  ];
  const midi = readMidiFile(smf(480, [meta, notes]), 'two.mid');
  assert.equal(midi.ticksPerQuarter, 480);
  assert.deepEqual(midi.tempos, [{ tick: 1440, microsPerQuarter: 1_000_000 }]);
  assert.deepEqual(midi.timeSignatures, [{ tick: 0, numerator: 3, denominator: 4 }, { tick: 1920, numerator: 2, denominator: 2 }]);
  assert.deepEqual(midi.markers, [{ tick: 0, text: 'Start' }, { tick: 2880, text: 'End' }]);
  assert.deepEqual(midi.notes, [
    { tick: 0, channel: drumChannel, key: 36, velocity: 100 },
    { tick: 480, channel: drumChannel, key: 42, velocity: 80 },
    { tick: 1460, channel: 0, key: 60, velocity: 64 },
  ]);
  assert.deepEqual(midi.noteOffs, [
    { tick: 490, channel: drumChannel, key: 42 },
    { tick: 1560, channel: 0, key: 60 },
  ]);
  assert.deepEqual(midi.programChanges, [{ tick: 1440, channel: 0, program: 5 }]);
  assert.equal(midi.endTick, 2880);

  const time = tickTime(midi);
  assert.equal(time(480), 0.5, '120 BPM until the first tempo event');
  assert.equal(time(1440), 1.5);
  assert.equal(time(1920), 2.5, 'one second a quarter after it');
  // 3/4 from 0 counts quarters; 2/2 from 1920 counts half notes.
  assert.deepEqual(beatTicks(midi, 0, 2880), [0, 480, 960, 1440, 1920]);
  assert.deepEqual(beatTicks(midi, 0, 2880 + 960), [0, 480, 960, 1440, 1920, 2880]);
  assert.deepEqual(beatTicks(midi, 960, 1920), [960, 1440]);
});

test('not a MIDI file, SMPTE time and a cut-off track are E_FILE_FORMAT naming the file', () => {
  const formatError = (bytes: Uint8Array, pattern: RegExp) =>
    assert.throws(() => readMidiFile(bytes, 'x.mid'), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith('x.mid: ') && pattern.test(e.message));
  formatError(new TextEncoder().encode('RIFF....WAVEfmt '), /not a Standard MIDI File/);
  formatError(smf(0xe728, [[0, 0xff, 0x2f, 0]]), /SMPTE/);
  formatError(smf(480, [[0, 0x99, 36]]), /cut off/);
  formatError(smf(480, [[0, 0xff, 0x2f, 0]]).subarray(0, 20), /track 1 of 1 is missing|runs past the end/);
});

test('a file mma writes: its tempo change, 3/4 time, markers and drum note-ons at the ticks the song asks for', () => {
  writeFileSync(
    join(dir, 'song.mma'),
    `Tempo 100
Time 3
TimeSig 3 4
Begin Drum-Kick
  Tone KickDrum1
  Sequence {1 0 90}
End
Begin Drum-HH
  Tone ClosedHiHat
  Sequence {1 0 90; 2 0 90; 3 0 90}
End
MidiMark SongStart
C
C
Tempo 150
C
C
MidiMark SongEnd
`,
  );
  execFileSync('mma', ['-f', 'song.mid', 'song.mma'], { cwd: dir, stdio: 'ignore' });
  const midi = readMidiFile(readFileSync(join(dir, 'song.mid')), 'song.mid');
  const q = midi.ticksPerQuarter;
  assert.deepEqual(midi.tempos, [{ tick: 0, microsPerQuarter: 600_000 }, { tick: 6 * q, microsPerQuarter: 400_000 }]);
  assert.deepEqual(midi.timeSignatures, [{ tick: 0, numerator: 3, denominator: 4 }]);
  assert.deepEqual(midi.markers, [{ tick: 0, text: 'SongStart' }, { tick: 12 * q, text: 'SongEnd' }]);
  const kicks = midi.notes.filter((n) => n.channel === drumChannel && n.key === 36).map((n) => n.tick);
  const hats = midi.notes.filter((n) => n.channel === drumChannel && n.key === 42).map((n) => n.tick);
  assert.deepEqual(kicks, [0, 3, 6, 9].map((b) => b * q));
  assert.deepEqual(hats, Array.from({ length: 12 }, (_, b) => b * q));
  const time = tickTime(midi);
  const beats = beatTicks(midi, 0, 12 * q).map(time);
  const expected = [0, 0.6, 1.2, 1.8, 2.4, 3.0, 3.6, 4.0, 4.4, 4.8, 5.2, 5.6];
  assert.equal(beats.length, expected.length);
  beats.forEach((t, i) => assert.ok(Math.abs(t - expected[i]!) < 1e-9, `beat ${i} at ${t} s, expected ${expected[i]}`));
  assert.ok(Math.abs(time(12 * q) - 6) < 1e-9);
});
