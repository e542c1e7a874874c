import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { drawArrangement } from '../../../src/train/corpora/instrument-arrangement.js';
import { instrumentGrooves } from '../../../src/train/corpora/instrument-grooves.js';
import { instrumentSong } from '../../../src/train/corpora/instrument-song.js';
import { instrumentFamilyOfProgram, instrumentTags } from '../../../src/train/corpora/instrument-tags.js';

// Track lists as mma's library has them: a full band, a bass-less arpeggio groove, a walking-bass trio.
const grooves = [
  { groove: 'Band', tracks: ['ARPEGGIO', 'BASS', 'CHORD', 'CHORD-SUS', 'DRUM-HH', 'DRUM-KICK', 'DRUM-SNARE', 'WALK'] },
  { groove: 'Arps', tracks: ['ARPEGGIO', 'CHORD-SUS', 'DRUM-SHAKE'] },
  { groove: 'Trio', tracks: ['CHORD-PIANO', 'DRUM-RIDE', 'WALK'] },
];
const grooveFile = instrumentGrooves[0]!;
const draws = Array.from({ length: 2000 }, (_, i) => drawArrangement(grooveFile, grooves, seededRandom(`arrangement/${i}`)));

test('every family drawn plays at least one track with a program of its own; the bass only on bass-register tracks', () => {
  for (const a of draws) {
    const tracks = grooves.find((g) => g.groove === a.groove)!.tracks;
    assert.deepEqual(a.parts.map((p) => p.track), tracks);
    assert.ok(a.families.length >= 1);
    assert.deepEqual(a.families, instrumentTags.filter((t) => a.parts.some((p) => p.family === t)));
    for (const part of a.parts) {
      if (part.track.startsWith('DRUM')) {
        assert.equal(part.program, undefined);
        assert.equal(part.family, a.families.includes('drums') ? 'drums' : undefined, 'all drum tracks on or all off');
      } else if (part.family !== undefined) {
        assert.equal(instrumentFamilyOfProgram(part.program!), part.family, `${part.track}: program ${part.program}`);
        if (part.family === 'bass') assert.ok(part.track === 'BASS' || part.track.startsWith('WALK'), part.track);
      } else assert.equal(part.program, undefined);
    }
    assert.ok(a.tempo >= grooveFile.tempo[0] && a.tempo <= grooveFile.tempo[1]);
    assert.ok(a.transpose >= -5 && a.transpose <= 6);
  }
});

test('drums in about half the clips, one to five families, and every tag both present and absent often', () => {
  const share = (tag: string) => draws.filter((a) => a.families.includes(tag as never)).length / draws.length;
  assert.ok(Math.abs(share('drums') - 0.5) < 0.05, `drums in ${share('drums')}`);
  for (const tag of instrumentTags) assert.ok(share(tag) > 0.15 && share(tag) < 0.85, `${tag} in ${share(tag)} of clips`);
  const counts = new Set(draws.map((a) => a.families.length));
  assert.deepEqual([...counts].sort(), [1, 2, 3, 4, 5]);
  assert.ok(draws.some((a) => a.families.length === 1 && a.families[0] === 'drums'), 'some clips have drums alone');
});

test('the same seed draws the same arrangement; the song switches off every track no family plays', () => {
  const again = drawArrangement(grooveFile, grooves, seededRandom('arrangement/7'));
  assert.deepEqual(again, draws[7]);
  for (const a of draws.slice(0, 50)) {
    const song = instrumentSong(a, 5);
    for (const part of a.parts) {
      if (part.family === undefined) assert.match(song, new RegExp(`^${part.track} Off$`, 'm'));
      else if (part.program !== undefined) assert.match(song, new RegExp(`^${part.track} Voice ${part.program} `, 'm'));
    }
    assert.match(song, new RegExp(`^Use stdlib/${grooveFile.file}\nGroove ${a.groove}$`, 'm'));
    const lines = song.split('\n');
    const bars = lines.slice(lines.indexOf('MidiMark SongStart') + 1, lines.indexOf('MidiMark SongEnd'));
    assert.deepEqual(bars, Array.from({ length: 5 }, (_, i) => a.chords[i % a.chords.length]), 'five bars of one chord each');
  }
});
