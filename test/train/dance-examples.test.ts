import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { danceAudioFeatures } from '../../src/dsp/dance-audio-features.js';
import { MotionNormalization, motionVectorLength, packMotion } from '../../src/movement/motion-vector.js';
import { contrastiveLabels } from '../../src/train/contrastive-labels.js';
import { buildDanceCorpus } from '../../src/train/corpora/dance-corpus.js';
import { consecutiveDanceWindows, danceBatch, danceExamples, randomDanceWindows, spectrumSize, type DanceExamples } from '../../src/train/dance-examples.js';
import { danceCorpusDataset } from '../../src/train/datasets/dance-corpus-dataset.js';
import type { DanceTrack } from '../../src/train/datasets/dance-track.js';
import { TrainingRandom } from '../../src/train/training-random.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-dance-examples-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let examples: DanceExamples;
let loaded: DanceTrack[];
before(async () => {
  await buildDanceCorpus({ dir, tracks: 2, seconds: 6, seed: 4, split: 'train' });
  const sources = danceCorpusDataset(dir);
  loaded = await Promise.all(sources.map((s) => s.load()));
  examples = await danceExamples(sources, { seed: 9, augment: true });
});

const meanAbsDifference = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

test('each motion frame gets its audio features, clean and noisy, its normalised pose and its labels', () => {
  assert.equal(examples.tracks.length, 2);
  examples.tracks.forEach((t, i) => {
    const track = loaded[i]!;
    const clean = danceAudioFeatures(track.audio);
    assert.equal(t.frames, Math.min(track.motion.length, clean.length));
    assert.ok(t.frames >= track.motion.length - 1, 'at most the last frame lacks a whole audio slice');
    assert.equal(t.spectra.length, 3);
    for (const s of t.spectra) assert.equal(s.length, t.frames * spectrumSize);
    assert.deepEqual(t.spectra[0]!.subarray(7 * spectrumSize, 8 * spectrumSize), clean[7]);
    const pose = examples.normalization.apply(packMotion(track.motion[11]!));
    assert.deepEqual(t.motion.subarray(11 * motionVectorLength, 12 * motionVectorLength), pose);
    assert.deepEqual(t.labels, contrastiveLabels(t.motion, t.frames, motionVectorLength));
    assert.ok(t.labels.includes(0) && t.labels.includes(1), 'a dance turns, and keeps going between turns');
  });
  const all = examples.tracks.flatMap((t) => [...t.motion].map(Math.abs));
  assert.ok(Math.max(...all) <= 1 + 1e-6, 'the fitted scaling puts the training motion in −1..1');
});

test('the noisy versions are further from the clean features the louder the noise, and the same on every run', async () => {
  for (const t of examples.tracks) {
    const at10 = meanAbsDifference(t.spectra[1]!, t.spectra[0]!);
    const at0 = meanAbsDifference(t.spectra[2]!, t.spectra[0]!);
    assert.ok(at10 > 0.01 && at0 > 1.2 * at10, `10 dB: ${at10}, 0 dB: ${at0}`);
  }
  const again = await danceExamples(danceCorpusDataset(dir), { seed: 9, augment: true });
  assert.deepEqual(again.tracks[1]!.spectra[2], examples.tracks[1]!.spectra[2]);
  const other = await danceExamples(danceCorpusDataset(dir).slice(1), { seed: 10, augment: false, normalization: examples.normalization });
  assert.equal(other.tracks[0]!.spectra.length, 1, 'held-out tracks are taken clean');
  assert.equal(other.normalization, examples.normalization);
  assert.deepEqual(other.tracks[0]!.motion, examples.tracks[1]!.motion);
});

test('random windows cover every track and version, seeded, within the frames', () => {
  const steps = 20;
  const draw = () => randomDanceWindows(examples.tracks, 300, steps, new TrainingRandom(5).next);
  const windows = draw();
  assert.deepEqual(draw(), windows);
  for (const w of windows) assert.ok(w.start >= 1 && w.start + steps <= examples.tracks[w.track]!.frames);
  assert.deepEqual(new Set(windows.map((w) => `${w.track}/${w.version}`)).size, 6);
  assert.throws(
    () => randomDanceWindows(examples.tracks, 1, 1000, Math.random),
    (e) => isTerpsiError(e) && e.code === 'E_USAGE' && /sequences of 1000 steps need tracks of 1001 frames or more; the longest has \d+/.test(e.message),
  );
});

test('a batch holds each window with the pose before it and the labels of its steps', () => {
  const steps = 6;
  const windows = [
    { track: 1, version: 2, start: 40 },
    { track: 0, version: 0, start: 1 },
  ];
  const batch = danceBatch(examples.tracks, windows, steps);
  const t = examples.tracks[1]!;
  const m = motionVectorLength;
  assert.deepEqual(batch.spectra.subarray(0, steps * spectrumSize), t.spectra[2]!.subarray(40 * spectrumSize, 46 * spectrumSize));
  assert.deepEqual(batch.targets.subarray(0, steps * m), t.motion.subarray(40 * m, 46 * m));
  assert.deepEqual(batch.start.subarray(0, m), t.motion.subarray(39 * m, 40 * m));
  assert.deepEqual([...batch.labels.subarray(0, steps - 1)], [...t.labels.subarray(40, 45)]);
  assert.deepEqual(batch.start.subarray(m), examples.tracks[0]!.motion.subarray(0, m));

  const held = consecutiveDanceWindows(examples.tracks, 50);
  const frames = examples.tracks.map((x) => x.frames);
  assert.equal(held.length, frames.reduce((n, f) => n + Math.floor((f - 1) / 50), 0));
  assert.deepEqual(held.filter((w) => w.track === 0).map((w) => w.start), Array.from({ length: Math.floor((frames[0]! - 1) / 50) }, (_, k) => 1 + 50 * k));
  assert.ok(held.every((w) => w.version === 0 && w.start + 50 <= frames[w.track]!));
});

test('the scaling fitted is the one MotionNormalization fits over the same frames', () => {
  const frames = examples.tracks.flatMap((t, i) => loaded[i]!.motion.slice(0, t.frames).map((p) => packMotion(p)));
  assert.deepEqual(examples.normalization.maxima, MotionNormalization.fit(frames).maxima);
});
