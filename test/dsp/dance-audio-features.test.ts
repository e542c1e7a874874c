import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DanceAudioFeatures, danceAudioFeatures, danceAudioFraming, sliceStart } from '../../src/dsp/dance-audio-features.js';
import { randomBlocks, seededRandom } from '../helpers/seeded-random.js';

const { frames, bins } = danceAudioFraming;
const row = (features: Float32Array, f: number) => features.subarray(f * bins, (f + 1) * bins);
const argmax = (values: ArrayLike<number>) => Array.prototype.indexOf.call(values, Math.max(...Array.from(values)));
const noise = (length: number, seed: number) => {
  const random = seededRandom(seed);
  return Float32Array.from({ length }, () => random() * 2 - 1);
};

test('slices start on the 30 fps clock: ⌊k·16000/30⌋, 533 or 534 apart, exactly 1600 samples every 3 and 30 a second', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(sliceStart), [0, 533, 1066, 1600, 2133, 2666, 3200]);
  for (let k = 0; k < 100000; k += 997) {
    assert.equal(sliceStart(k + 3) - sliceStart(k), 1600);
    assert.ok(sliceStart(k) <= (k * 16000) / 30 && (k * 16000) / 30 - sliceStart(k) < 1, `slice ${k}`);
  }
  assert.equal(sliceStart(30 * 3600), 16000 * 3600);
  // One second of audio holds exactly 30 complete slices; one sample less, 29.
  assert.equal(danceAudioFeatures(new Float32Array(16000)).length, 30);
  assert.equal(danceAudioFeatures(new Float32Array(15999)).length, 29);
});

test('every value matches a direct DFT of numpy.hamming(256)-weighted frames at slice start + 80f, zero-padded past 534', () => {
  // Noise everywhere, so a last frame that read on past its slice's 534 samples would differ.
  const signal = noise(16000, 7);
  const features = danceAudioFeatures(signal);
  const hamming = (j: number) => 0.54 - 0.46 * Math.cos((2 * Math.PI * j) / 255);
  for (const k of [0, 1, 2, 3, 17]) {
    for (let f = 0; f < frames; f++) {
      const db: number[] = [];
      for (let b = 0; b < bins; b++) {
        let re = 0;
        let im = 0;
        for (let j = 0; j < 256; j++) {
          const i = f * 80 + j;
          const x = i < 534 ? signal[sliceStart(k) + i]! * hamming(j) : 0;
          re += x * Math.cos((2 * Math.PI * b * j) / 256);
          im -= x * Math.sin((2 * Math.PI * b * j) / 256);
        }
        db.push(10 * Math.log10(Math.max(1e-10, (re * re + im * im) / 256)));
      }
      const lo = Math.min(...db);
      const hi = Math.max(...db);
      const got = row(features[k]!, f);
      db.forEach((v, b) => {
        const expected = (2 * (v - lo)) / (hi - lo) - 1;
        assert.ok(Math.abs(got[b]! - expected) < 1e-5, `slice ${k} frame ${f} bin ${b}: ${got[b]} vs ${expected}`);
      });
    }
  }
});

test('a sine peaks at its bin (62.5 Hz apart) in every frame of every slice: 1 there, −1 in the quietest bin', () => {
  for (const [hz, expected] of [
    [1000, [16]],
    [440, [7]],
    [3031.25, [48, 49]],
    [7000, [112]],
  ] as const) {
    const signal = Float32Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000));
    for (const features of danceAudioFeatures(signal)) {
      for (let f = 0; f < frames; f++) {
        const r = row(features, f);
        assert.ok((expected as readonly number[]).includes(argmax(r)), `${hz} Hz peaks at bin ${argmax(r)}`);
        assert.equal(Math.max(...r), 1);
        assert.equal(Math.min(...r), -1);
      }
    }
  }
});

test('silence, NaN and infinities give finite values: silence is −1 everywhere, bad samples count as 0', () => {
  for (const features of danceAudioFeatures(new Float32Array(4000))) assert.ok(features.every((v) => v === -1));
  const clean = noise(4000, 3);
  clean.fill(0, 1000, 1400);
  const broken = clean.slice();
  broken.fill(NaN, 1000, 1200);
  broken.fill(Infinity, 1200, 1300);
  broken.fill(-Infinity, 1300, 1400);
  const a = danceAudioFeatures(clean);
  const b = danceAudioFeatures(Float64Array.from(broken, (v, i) => (i === 1399 ? 1e300 : v)));
  assert.deepEqual(b, a);
  for (const features of b) assert.ok(features.every(Number.isFinite));
  // Noise far below the −100 dB floor is silence too; a constant (DC) level is not flat and is not.
  for (const features of danceAudioFeatures(noise(2000, 4).map((v) => v * 1e-9))) assert.ok(features.every((v) => v === -1));
  for (const features of danceAudioFeatures(new Float32Array(2000).fill(0.5))) assert.equal(argmax(row(features, 0)), 0);
});

test('a slice is flagged not finite exactly when one of its samples was NaN, infinite or beyond float32, however the stream is cut', () => {
  const signal = Float64Array.from(noise(20000, 5));
  signal[3000] = NaN;
  signal[9066] = -Infinity; // in slices 16 and 17: they share a sample
  signal[15999] = 1e300;
  const expected = danceAudioFeatures(signal).map((_, k) => [3000, 9066, 15999].every((i) => i < sliceStart(k) || i >= sliceStart(k) + danceAudioFraming.sliceLength));
  assert.deepEqual(
    expected.flatMap((ok, k) => (ok ? [] : [k])),
    [5, 16, 17, 29],
  );
  for (const [seed, maxBlock] of [
    [1, 1],
    [2, 700],
  ] as const) {
    const stream = new DanceAudioFeatures();
    const got: boolean[] = [];
    for (const [start, end] of randomBlocks(signal.length, maxBlock, seededRandom(seed))) stream.push(signal.subarray(start, end), (_, __, finite) => got.push(finite));
    assert.deepEqual(got, expected);
  }
});

test('block size does not matter: any cut of the stream gives the same matrices, in order, as the whole signal', () => {
  const signal = noise(20000, 9);
  const whole = danceAudioFeatures(signal);
  assert.equal(whole.length, 37);
  for (const [seed, maxBlock] of [
    [1, 1],
    [2, 7],
    [3, 600],
    [4, 5000],
  ] as const) {
    const stream = new DanceAudioFeatures();
    const got: Float32Array[] = [];
    for (const [start, end] of randomBlocks(signal.length, maxBlock, seededRandom(seed))) {
      stream.push(signal.subarray(start, end), (features, k) => {
        assert.equal(k, got.length);
        assert.equal(features.length, frames * bins);
        got.push(features);
      });
    }
    assert.deepEqual(got, whole, `blocks up to ${maxBlock}`);
  }
  // The matrices are the receiver's to keep: a later slice does not overwrite an earlier one.
  assert.notEqual(whole[0]!.buffer, whole[1]!.buffer);
});
