import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControlFrame } from '../../src/core/frames.js';
import { bpm, hertz } from '../../src/core/units.js';
import { onset } from '../../src/dsp/onset.js';
import { renderSong } from '../../src/train/corpora/render-song.js';
import { testContext } from '../helpers/context.js';
import { audioFrames, through } from '../helpers/frames.js';

const options = { tempo: bpm(120), bars: 8, beatsPerBar: 4, sampleRate: hertz(16000), seed: 3 };

test('the song has exact beats, a -3 dBFS peak, and is the same for the same seed', () => {
  const song = renderSong(options);
  assert.equal(song.samples.length, 16 * 16000);
  assert.equal(song.beats.length, 32);
  song.beats.forEach((b, i) => assert.equal(b, i * 0.5));
  assert.deepEqual(song.downbeats, song.beats.filter((_, i) => i % 4 === 0));
  const peak = song.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(Math.abs(20 * Math.log10(peak) + 3) < 0.01, `peak ${peak}`);
  assert.ok(song.samples.every(Number.isFinite));
  assert.deepEqual(renderSong(options).samples, song.samples);
  assert.notDeepEqual(renderSong({ ...options, seed: 4 }).samples, song.samples);
});

test('it is audibly rhythmic: onsets fall on most beats', async () => {
  const song = renderSong(options);
  const ctx = testContext('onset', { tunables: onset.tunables! });
  const out = (await through(audioFrames(song.samples, 16000, 534), onset.create({}, ctx))) as ControlFrame[];
  const onsets = out.filter((f) => f.values[1] === 1).map((f) => f.t);
  const hit = song.beats.filter((b) => onsets.some((t) => Math.abs(t - b) <= 0.05)).length;
  assert.ok(hit / song.beats.length >= 0.75, `${hit} of ${song.beats.length} beats have an onset within 50 ms`);
});
