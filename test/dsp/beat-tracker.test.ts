import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BeatFrame } from '../../src/core/frames.js';
import { bpm, hertz } from '../../src/core/units.js';
import { beatTracker } from '../../src/dsp/beat-tracker.js';
import { renderSong } from '../../src/train/corpora/render-song.js';
import { beatFMeasure } from '../../src/train/metrics/beat-f-measure.js';
import { testContext } from '../helpers/context.js';
import { audioFrames, through } from '../helpers/frames.js';

const rate = 22050;
const track = async (samples: Float32Array, block = 512) =>
  (await through(audioFrames(samples, rate, block), beatTracker.create({ minBpm: 60, maxBpm: 220 }, testContext('beats')))) as BeatFrame[];
const song = (tempo: number, beatsPerBar = 4, seed = 1, bars = 16) =>
  renderSong({ tempo: bpm(tempo), bars, beatsPerBar, sampleRate: hertz(rate), seed });

test('finds the beats of generated songs from 85 to 200 BPM, each predicted before it happens', async () => {
  for (const [tempo, meter] of [[85, 3], [100, 4], [128, 4], [176, 4], [200, 4]] as const) {
    const s = song(tempo, meter, tempo, Math.ceil((30 * tempo) / 60 / meter));
    const beats = await track(s.samples);
    const score = beatFMeasure(s.beats, beats.map((b) => b.t));
    assert.ok(score.f >= 0.9, `${tempo} BPM: F ${score.f.toFixed(2)}; tempi ${[...new Set(beats.map((b) => b.tempo))].join(', ')}`);
    for (const b of beats) assert.ok(b.rx! < b.t, `beat at ${b.t} announced at ${b.rx}`);
    assert.ok(beats[0]!.t < 5, `${tempo} BPM: locked at ${beats[0]!.t.toFixed(2)} s`);
    assert.deepEqual(beats.map((b) => b.index), beats.map((_, i) => i));
  }
});

test('re-locks within 3 s after an abrupt tempo change', async () => {
  const a = song(110, 4, 1, 10);
  const b = song(150, 4, 2, 14);
  const joined = new Float32Array(a.samples.length + b.samples.length);
  joined.set(a.samples);
  joined.set(b.samples, a.samples.length);
  const change = a.samples.length / rate;
  const beats = await track(joined);
  const after = b.beats.map((t) => t + change).filter((t) => t >= change + 3);
  const found = beats.map((x) => x.t).filter((t) => t >= change + 3);
  const hits = after.filter((t) => found.some((f) => Math.abs(f - t) <= 0.07)).length;
  // However the phase moves at the change, beats never come closer than half a beat.
  for (let i = 1; i < beats.length; i++) {
    assert.ok(beats[i]!.t - beats[i - 1]!.t >= 0.5 * (60 / beats[i]!.tempo) - 0.011, `beats at ${beats[i - 1]!.t} and ${beats[i]!.t}`);
  }
  assert.ok(hits / after.length >= 0.9, `${hits} of ${after.length} beats found from 3 s after the change`);
});

test('silence, white noise, DC, clipping, NaN and infinities give no beats and no errors', async () => {
  const n = rate * 12;
  let seed = 3;
  const noise = Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
  const dc = new Float32Array(n).fill(0.7);
  const nan = new Float32Array(n).fill(Number.NaN);
  const inf = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Infinity : i % 3 === 1 ? -Infinity : 0));
  for (const [name, x] of [['silence', new Float32Array(n)], ['noise', noise], ['dc', dc], ['nan', nan], ['inf', inf]] as const) {
    const ctx = testContext('beats');
    const beats = (await through(audioFrames(x, rate, 512), beatTracker.create({ minBpm: 60, maxBpm: 220 }, ctx))) as BeatFrame[];
    assert.equal(beats.length, 0, `${name}: ${beats.length} beats`);
    assert.deepEqual(ctx.reported, [], name);
  }
  const clipped = song(120).samples.map((v) => Math.max(-0.2, Math.min(0.2, v * 4)));
  const beats = await track(clipped);
  assert.ok(beatFMeasure(song(120).beats, beats.map((b) => b.t)).f >= 0.9, 'a clipped song still tracks');
  // Garbage must not poison the tracker's memory for the rest of the show.
  const after = new Float32Array(3 * rate + song(120).samples.length).fill(Number.NaN);
  after.set(song(120).samples, 3 * rate);
  const recovered = await track(after);
  assert.ok(beatFMeasure(song(120).beats.map((t) => t + 3), recovered.map((b) => b.t)).f >= 0.9, 'a song after 3 s of NaN still tracks');
});

test('block size does not change the beats', async () => {
  const s = song(128);
  const a = await track(s.samples, 512);
  const b = await track(s.samples, 333);
  assert.deepEqual(b.map((x) => x.t), a.map((x) => x.t));
});
