import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastValueFrom, take, toArray } from 'rxjs';
import { realClock, virtualClock } from '../../src/core/clock.js';
import type { AudioFrame, ControlFrame, Frame } from '../../src/core/frames.js';
import { bpm, hertz, seconds } from '../../src/core/units.js';
import { onset } from '../../src/dsp/onset.js';
import { synthSong } from '../../src/sources/synth-song.js';
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

test('a 30 s song renders in well under a second', () => {
  const started = performance.now();
  const song = renderSong({ ...options, bars: 15, seed: 9 });
  const elapsed = performance.now() - started;
  assert.equal(song.samples.length, 30 * 16000);
  assert.ok(elapsed < 1000, `${elapsed.toFixed(0)} ms`);
});

test('synth-song plays the song in blocks timed by the sample counter, looping seamlessly', async () => {
  const params = synthSong.params.parse({ bars: 1, seed: 5 });
  assert.deepEqual(params, { tempo: 120, bars: 1, beatsPerBar: 4, sampleRate: 16000, blockSize: 534, seed: 5, loop: true });
  const song = renderSong({ tempo: bpm(120), bars: 1, beatsPerBar: 4, sampleRate: hertz(16000), seed: 5 });
  // 2 s of song is 32000 samples: block 59 wraps around the end, and the song plays twice and a bit.
  const blocks = 130;
  const frames = (await lastValueFrom(
    synthSong.create(params, testContext('song', { clock: virtualClock() })).pipe(take(blocks), toArray<Frame>()),
  )) as AudioFrame[];
  frames.forEach((f, k) => {
    assert.equal(f.source, 'song');
    assert.equal(f.samples.length, 534);
    assert.equal(f.index, k * 534);
    assert.equal(f.t, (k * 534) / 16000);
  });
  const played = Float32Array.from(frames.flatMap((f) => [...f.samples]));
  for (let i = 0; i < played.length; i++) assert.equal(played[i], song.samples[i % song.samples.length], `sample ${i}`);
});

test('on the real clock blocks are paced in real time, and unsubscribing stops them', async () => {
  const clock = realClock();
  const params = synthSong.params.parse({ bars: 1 });
  const arrivals: number[] = [];
  const started = clock.now();
  const subscription = synthSong.create(params, testContext('song', { clock })).subscribe((f) => {
    arrivals.push(clock.now() - f.t);
    if (arrivals.length === 10) subscription.unsubscribe();
  });
  await clock.sleepUntil(seconds(started + 0.7));
  assert.equal(arrivals.length, 10);
  // Block 9 is due 9 × 33.4 ms = 0.3 s after the start. Node's timers count whole milliseconds,
  // so the real clock may wake a hair early.
  arrivals.forEach((late) => assert.ok(late > -0.002 && late < 0.1, `emitted ${late} s after its time`));
});
