import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { hertz, type Hertz } from '../../src/core/units.js';
import { hzToMel, MelFilterbank, melFrequencies, melToHz } from '../../src/dsp/mel.js';
import { slaneyEdges, slaneyMel, triangle } from '../helpers/mel-reference.js';

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** The filterbank written out again: edges from the scale definition, weights from the triangle. */
function referenceBank(sr: number, nFft: number, nMels: number, fMin: number, fMax: number): number[][] {
  const edges = slaneyEdges(nMels, fMin, fMax);
  return Array.from({ length: nMels }, (_, b) =>
    Array.from({ length: Math.floor(nFft / 2) + 1 }, (_, k) => triangle(edges[b]!, edges[b + 1]!, edges[b + 2]!, (k * sr) / nFft)),
  );
}

function dense(bank: MelFilterbank): number[][] {
  return bank.weights.map((w, b) => {
    const row = new Array<number>(bank.bins).fill(0);
    w.forEach((v, j) => (row[bank.starts[b]! + j] = v));
    return row;
  });
}

test("hz ↔ mel on Slaney's scale gives librosa's documented values", () => {
  // librosa docs: hz_to_mel(60) = 0.9, hz_to_mel([110, 220, 440]) = [1.65, 3.3, 6.6], mel_to_hz(3) = 200,
  // and the scale's break point: 1 kHz is 15 mels.
  assert.ok(relClose(hzToMel(hertz(60)), 0.9, 1e-12));
  for (const [f, m] of [
    [110, 1.65],
    [220, 3.3],
    [440, 6.6],
    [1000, 15],
  ]) assert.ok(relClose(hzToMel(hertz(f!)), m!, 1e-12), `${f} Hz`);
  assert.ok(relClose(melToHz(3), 200, 1e-12));
  assert.ok(relClose(melToHz(15), 1000, 1e-12));
  [66.667, 133.333, 200, 266.667, 333.333].forEach((f, i) => assert.ok(Math.abs(melToHz(i + 1) - f) < 5e-4));
  // Above the break: 11025 Hz is 49.91059448015905 mels (as librosa computes it, in float64).
  assert.ok(relClose(hzToMel(hertz(11025)), 49.91059448015905, 1e-12));
  for (const f of [0, 1, 100, 999.9, 1000, 1000.1, 4000, 8000, 22050]) assert.ok(relClose(hzToMel(hertz(f)), slaneyMel(f), 1e-12), `${f} Hz`);
});

test('HTK scale: 2595·log10(1 + f/700), so 700 Hz is 2595·log10(2) mels', () => {
  assert.ok(relClose(hzToMel(hertz(700), true), 2595 * Math.log10(2), 1e-12));
  assert.ok(relClose(hzToMel(hertz(1000), true), 999.9855371396243, 1e-12));
  assert.ok(relClose(melToHz(2595 * Math.log10(2), true), 700, 1e-12));
});

test('hz → mel → hz round-trips on both scales', () => {
  for (let f = 0; f <= 24000; f += 37.3) {
    for (const htk of [false, true]) {
      const back = melToHz(hzToMel(hertz(f), htk), htk);
      assert.ok(Math.abs(back - f) <= 1e-9 * Math.max(1, f), `${f} Hz htk=${htk}: ${back}`);
    }
  }
});

test('mel frequencies are evenly spaced in mels between the limits, both included', () => {
  const f = melFrequencies(40, hertz(0), hertz(11025));
  assert.equal(f[0], 0);
  assert.ok(relClose(f[39]!, 11025, 1e-12));
  const step = hzToMel(hertz(11025)) / 39;
  for (let i = 0; i < 40; i++) assert.ok(Math.abs(hzToMel(f[i] as Hertz) - i * step) < 1e-9);
  // librosa docs, mel_frequencies(n_mels=40), printed to three decimals.
  const documented = [
    0, 85.317, 170.635, 255.952, 341.269, 426.586, 511.904, 597.221, 682.538, 767.855, 853.173, 938.49, 1024.856, 1119.114, 1222.042, 1334.436,
    1457.167, 1591.187, 1737.532, 1897.337, 2071.84, 2262.393, 2470.47, 2697.686, 2945.799, 3216.731, 3512.582, 3835.643, 4188.417, 4573.636,
    4994.285, 5453.621, 5955.205, 6502.92, 7101.009, 7754.107, 8467.272, 9246.028, 10096.408, 11025,
  ];
  documented.forEach((v, i) => assert.ok(Math.abs(f[i]! - v) <= 5e-4 + 1e-9, `f[${i}] = ${f[i]}, documented ${v}`));
});

test('the filterbank matches librosa.filters.mel(sr=22050, n_fft=2048) and the triangle formula', () => {
  const bank = new MelFilterbank({ sampleRate: hertz(22050), nFft: 2048 });
  assert.equal(bank.nMels, 128);
  assert.equal(bank.bins, 1025);
  const m = dense(bank);
  // librosa's first two rows (its docs print melfb[0][1] = 0.016), in float64.
  const first = [0, 0.016182853208219942, 0.032365706416439884, 0.028990088037379964, 0.012807234829160026, 0];
  const second = [0, 0, 0, 0.009779235793639925, 0.025962089001859864, 0.035393705451959974, 0.01921085224374004, 0.003027999035520103, 0];
  first.forEach((v, k) => assert.ok(Math.abs(m[0]![k]! - v) <= 1e-9 * v + 1e-15, `[0][${k}] = ${m[0]![k]}`));
  second.forEach((v, k) => assert.ok(Math.abs(m[1]![k]! - v) <= 1e-9 * v + 1e-15, `[1][${k}] = ${m[1]![k]}`));
  const reference = referenceBank(22050, 2048, 128, 0, 11025);
  for (let b = 0; b < 128; b++) {
    for (let k = 0; k < 1025; k++) assert.ok(Math.abs(m[b]![k]! - reference[b]![k]!) <= 1e-9 * reference[b]![k]! + 1e-15, `[${b}][${k}]`);
  }
  // Sparse storage keeps exactly the non-zero run of each band.
  bank.weights.forEach((w) => assert.ok(w.length === 0 || (w[0]! > 0 && w[w.length - 1]! > 0)));
});

test('fMin, fMax and the HTK scale move the band edges as the formulas say', () => {
  const bank = new MelFilterbank({ sampleRate: hertz(16000), nFft: 512, nMels: 40, fMin: hertz(50), fMax: hertz(7600), htk: true });
  const lo = 2595 * Math.log10(1 + 50 / 700);
  const hi = 2595 * Math.log10(1 + 7600 / 700);
  bank.edges.forEach((f, i) => assert.ok(relClose(f, 700 * (10 ** ((lo + ((hi - lo) * i) / 41) / 2595) - 1), 1e-12)));
  const m = dense(bank);
  for (let b = 0; b < 40; b++) {
    for (let k = 0; k < 257; k++) {
      const expected = triangle(bank.edges[b]!, bank.edges[b + 1]!, bank.edges[b + 2]!, (k * 16000) / 512);
      assert.ok(Math.abs(m[b]![k]! - expected) <= 1e-12 * expected + 1e-18);
    }
  }
});

test("Slaney normalisation: each triangle peaks at 2/(f_right − f_left), so its area is ½·width·peak = 1 (Hz⁻¹·Hz)", () => {
  // Triangle of base W = f_right − f_left and height h = 2/W: area = W·h/2 = 1. Summing the
  // sampled weights times the bin spacing approximates that area; the error shrinks as (Δf/W)².
  const fine = new MelFilterbank({ sampleRate: hertz(16000), nFft: 65536, nMels: 40 });
  const df = 16000 / 65536;
  fine.weights.forEach((w, b) => {
    const width = fine.edges[b + 2]! - fine.edges[b]!;
    const area = w.reduce((s, v) => s + v, 0) * df;
    assert.ok(Math.abs(area - 1) < 1e-4, `band ${b}: area ${area}`);
    assert.ok(Math.max(...w) <= 2 / width + 1e-15);
    assert.ok(Math.max(...w) > (2 / width) * (1 - (2 * df) / width), `band ${b} peak`);
  });
  // At n_fft 2048 the bands are a few bins wide and the sampled area is only near 1.
  const coarse = new MelFilterbank({ sampleRate: hertz(22050), nFft: 2048 });
  coarse.weights.forEach((w) => assert.ok(Math.abs(w.reduce((s, v) => s + v, 0) * (22050 / 2048) - 1) < 0.05));
});

test('bad filterbank settings are refused with E_PARAM', () => {
  for (const options of [
    { sampleRate: hertz(0), nFft: 512 },
    { sampleRate: hertz(16000), nFft: 0 },
    { sampleRate: hertz(16000), nFft: 512, nMels: 0 },
    { sampleRate: hertz(16000), nFft: 512, fMin: hertz(4000), fMax: hertz(3000) },
    { sampleRate: hertz(16000), nFft: 512, fMin: hertz(-1) },
  ]) {
    assert.throws(
      () => new MelFilterbank(options),
      (e) => isTerpsiError(e) && e.code === 'E_PARAM',
    );
  }
});
