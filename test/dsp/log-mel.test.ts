import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hertz } from '../../src/core/units.js';
import { LogMel, logMel, MultiScaleLogMel, multiScaleLogMel } from '../../src/dsp/log-mel.js';
import { MelFilterbank } from '../../src/dsp/mel.js';
import { slaneyEdges, triangle } from '../helpers/mel-reference.js';
import { randomBlocks, seededRandom } from '../helpers/seeded-random.js';

const relClose = (a: number, b: number, tol = 1e-4) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

test('a sine on a bin lands in the right mel band with the energy the filter formula gives', () => {
  const sr = 16000;
  const amplitude = 0.5;
  for (const [nFft, f0] of [
    [1024, 1000],
    [1024, 3000],
    [400, 1000],
    [400, 5200],
  ] as const) {
    const hop = nFft / 2;
    const bin = (f0 * nFft) / sr;
    assert.ok(Number.isInteger(bin));
    const x = Float64Array.from({ length: nFft * 4 }, (_, i) => amplitude * Math.cos((2 * Math.PI * f0 * i) / sr + 0.3));
    // A cosine of whole cycles under a periodic Hann window: |X| = A·N/4 at its bin and A·N/8 at
    // the two neighbours, 0 elsewhere.
    const spectrum = new Map([
      [bin - 1, ((amplitude * nFft) / 8) ** 2],
      [bin, ((amplitude * nFft) / 4) ** 2],
      [bin + 1, ((amplitude * nFft) / 8) ** 2],
    ]);
    const nMels = 40;
    const edges = slaneyEdges(nMels, 0, sr / 2);
    const expected = Array.from({ length: nMels }, (_, b) => {
      let energy = 0;
      for (const [k, p] of spectrum) energy += triangle(edges[b]!, edges[b + 1]!, edges[b + 2]!, (k * sr) / nFft) * p;
      return energy;
    });
    const band = expected.indexOf(Math.max(...expected));
    assert.ok(edges[band]! < f0 && f0 < edges[band + 2]!, 'the loudest band is one whose triangle holds the sine');
    const rows = logMel(x, { sampleRate: hertz(sr), nFft, hop, nMels, topDb: null });
    assert.equal(rows.length, 1 + Math.floor((x.length - nFft) / hop));
    for (const row of rows) {
      assert.equal(row.indexOf(Math.max(...row)), band, `nFft ${nFft}, ${f0} Hz`);
      for (let b = 0; b < nMels; b++) {
        const db = 10 * Math.log10(Math.max(1e-10, expected[b]!));
        assert.ok(relClose(row[b]!, db) || Math.abs(row[b]! - db) < 1e-4, `nFft ${nFft}, ${f0} Hz, band ${b}: ${row[b]} dB vs ${db} dB`);
      }
    }
  }
});

test('silence is 10·log10(amin/ref) in every band; topDb floors each frame at its own maximum', () => {
  const sr = hertz(22050);
  for (const row of logMel(new Float32Array(8192), { sampleRate: sr, nFft: 2048, hop: 512 })) for (const v of row) assert.equal(v, -100);
  for (const row of logMel(new Float32Array(8192), { sampleRate: sr, nFft: 2048, hop: 512, ref: 1e-6, amin: 1e-8 })) for (const v of row) assert.ok(relClose(v, -20));
  const random = seededRandom(23);
  const x = Float32Array.from({ length: 22050 }, (_, i) => Math.sin(i * 0.07) * (i > 11025 ? 1 : 1e-4) + 1e-7 * random());
  for (const topDb of [80, 30]) {
    const rows = logMel(x, { sampleRate: sr, nFft: 2048, hop: 512, topDb });
    let floored = 0;
    for (const row of rows) {
      const max = Math.max(...row);
      assert.ok(Math.min(...row) >= max - topDb - 1e-4);
      if (row.some((v) => Math.abs(v - (max - topDb)) < 1e-4)) floored++;
    }
    // In the loud half the floor lies above the amin level, and the bands far from the sine sit on it.
    assert.ok(floored > rows.length / 3, `topDb ${topDb}: ${floored} of ${rows.length} frames reach their floor`);
  }
});

test('frame counts and row sizes, causal and centred', () => {
  const x = new Float32Array(10000);
  const options = { sampleRate: hertz(16000), nFft: 400, hop: 160, nMels: 64 };
  const rows = logMel(x, options);
  assert.equal(rows.length, 1 + Math.floor((10000 - 400) / 160));
  for (const row of rows) assert.equal(row.length, 64);
  assert.equal(logMel(x, { ...options, center: 'reflect' }).length, 1 + Math.floor(10000 / 160));
  assert.equal(logMel(new Float32Array(399), options).length, 0);
});

test('streaming in random block sizes gives the whole-file rows bit for bit', () => {
  const random = seededRandom(29);
  const x = Float32Array.from({ length: 40000 }, (_, i) => 0.3 * Math.sin(i * 0.01 * (1 + i / 40000)) + 0.05 * (random() - 0.5));
  for (const options of [
    { sampleRate: hertz(22050), nFft: 2048, hop: 512 },
    { sampleRate: hertz(16000), nFft: 400, hop: 160, nMels: 80, window: 'hamming' as const, fMin: hertz(20), fMax: hertz(7600) },
  ]) {
    const whole = logMel(x, options);
    const core = new LogMel(options);
    const streamed: Float32Array[] = [];
    for (const [start, end] of randomBlocks(x.length, 2500, random)) {
      core.push(x.subarray(start, end), (row, frame) => {
        assert.equal(frame, streamed.length);
        streamed.push(row);
      });
    }
    assert.equal(streamed.length, whole.length);
    streamed.forEach((row, i) => assert.deepEqual(row, whole[i]));
  }
});

test('NaN and ±Infinity samples count as 0: rows stay finite', () => {
  const x = Float32Array.from({ length: 8000 }, (_, i) => Math.sin(i * 0.2));
  const zeroed = x.slice();
  for (const i of [5, 2000, 2001, 7000]) {
    x[i] = i % 2 === 0 ? Number.NaN : Number.POSITIVE_INFINITY;
    zeroed[i] = 0;
  }
  const options = { sampleRate: hertz(16000), nFft: 1024, hop: 256 };
  const rows = logMel(x, options);
  for (const row of rows) for (const v of row) assert.ok(Number.isFinite(v));
  assert.deepEqual(rows, logMel(zeroed, options));
  for (const frame of multiScaleLogMel(x, { sampleRate: hertz(16000), hop: 256, nFfts: [256, 1024] })) for (const row of frame) for (const v of row) assert.ok(Number.isFinite(v));
});

const multi = { sampleRate: hertz(16000), hop: 512, nFfts: [512, 2048, 8192], nMels: 64 };

test('multi-scale: one row per scale per hop; centred, each scale equals its own centred log-mel (librosa center=True)', () => {
  const random = seededRandom(31);
  const x = Float32Array.from({ length: 16000 * 3 + 77 }, (_, i) => 0.2 * Math.sin(i * 0.05) + 0.1 * (random() - 0.5));
  const frames = multiScaleLogMel(x, { ...multi, center: 'zeros' });
  assert.equal(frames.length, 1 + Math.floor(x.length / 512));
  for (const rows of frames) {
    assert.equal(rows.length, 3);
    for (const row of rows) assert.equal(row.length, 64);
  }
  multi.nFfts.forEach((nFft, s) => {
    const single = logMel(x, { ...multi, nFft, center: 'zeros' });
    assert.equal(single.length, frames.length);
    frames.forEach((rows, i) => assert.deepEqual(rows[s], single[i], `scale ${nFft} frame ${i}`));
  });
  // Causal: as many frames as the longest window fits, all scales present in each.
  const causal = multiScaleLogMel(x, multi);
  assert.equal(causal.length, 1 + Math.floor((x.length - 8192) / 512));
});

test('multi-scale frames share their centre: an impulse there gives every scale a flat spectrum in that frame only', () => {
  const centre = 4096;
  const frame = 6;
  const x = new Float32Array(16000);
  x[frame * 512 + centre] = 1;
  const frames = multiScaleLogMel(x, { ...multi, topDb: null });
  multi.nFfts.forEach((nFft, s) => {
    // Flat |X|² = w[nFft/2]² = 1 at every bin, so band b holds the sum of its weights.
    const bank = new MelFilterbank({ sampleRate: hertz(16000), nFft, nMels: 64 });
    frames[frame]![s]!.forEach((v, b) => assert.ok(relClose(v, 10 * Math.log10(bank.weights[b]!.reduce((a, w) => a + w, 0))), `scale ${nFft} band ${b}`));
  });
  // One hop away the impulse has left the 512-sample window, and sits lower in the longer ones.
  for (const other of [frame - 1, frame + 1]) {
    for (const v of frames[other]![0]!) assert.equal(v, -100);
    for (let s = 1; s < 3; s++) frames[other]![s]!.forEach((v, b) => assert.ok(v < frames[frame]![s]![b]!));
  }
});

test('multi-scale streaming in random block sizes gives the whole-file frames bit for bit', () => {
  const random = seededRandom(37);
  const x = Float32Array.from({ length: 30000 }, () => random() - 0.5);
  const whole = multiScaleLogMel(x, multi);
  const core = new MultiScaleLogMel(multi);
  assert.equal(core.centre, 4096);
  const streamed: Float32Array[][] = [];
  for (const [start, end] of randomBlocks(x.length, 5000, random)) {
    core.push(x.subarray(start, end), (rows, i) => {
      assert.equal(i, streamed.length);
      streamed.push(rows);
    });
  }
  assert.deepEqual(streamed, whole);
});
