import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hertz } from '../../src/core/units.js';
import { Fft } from '../../src/dsp/fft.js';
import { griffinLim } from '../../src/dsp/griffin-lim.js';
import { invertMel } from '../../src/dsp/invert-mel.js';
import { MelFilterbank } from '../../src/dsp/mel.js';
import { stft } from '../../src/dsp/stft.js';

test('Fft.inverse undoes forward for even, odd, power-of-two and other sizes', () => {
  for (const n of [1, 2, 7, 8, 12, 1000, 4096]) {
    const fft = new Fft(n);
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + 0.3 * Math.cos(i * i * 0.7));
    const re = new Float64Array(fft.bins);
    const im = new Float64Array(fft.bins);
    const y = new Float64Array(n);
    fft.forward(x, re, im);
    fft.inverse(re, im, y);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i]! - y[i]!) < 1e-12, `n ${n}, sample ${i}: ${y[i]} ≠ ${x[i]}`);
  }
});

const sampleRate = 22050;
/** A rising tone and a gated one above it: two seconds of a signal with phase structure to find. */
const signal = Float64Array.from({ length: 2 * sampleRate }, (_, i) => {
  const t = i / sampleRate;
  return Math.sin(2 * Math.PI * (220 + 100 * t) * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t) * (i % 11025 < 5000 ? 1 : 0);
});
const options = { nFft: 1024, hop: 256, spectrum: 'magnitude' } as const;

/** ‖|STFT(y)| − S‖ / ‖S‖: how far the magnitudes of a resynthesis are from the wanted ones. */
function spectralConvergence(wanted: readonly Float64Array[], y: Float32Array): number {
  const got = stft(y, options);
  let num = 0;
  let den = 0;
  wanted.forEach((frame, f) => frame.forEach((v, k) => ((num += (v - got[f]![k]!) ** 2), (den += v * v))));
  return Math.sqrt(num / den);
}

test('Griffin–Lim: the magnitudes come back within 10 % after 32 fast iterations, better than the original algorithm', () => {
  const wanted = stft(signal, options);
  const y = griffinLim(wanted, { nFft: 1024, hop: 256 });
  assert.equal(y.length, (wanted.length - 1) * 256 + 1024);
  const fast = spectralConvergence(wanted, y);
  const plain = spectralConvergence(wanted, griffinLim(wanted, { nFft: 1024, hop: 256, momentum: 0 }));
  const none = spectralConvergence(wanted, griffinLim(wanted, { nFft: 1024, hop: 256, iterations: 0 }));
  assert.ok(fast < 0.1, `fast: ${fast}`);
  assert.ok(fast < plain && plain < none, `fast ${fast}, plain ${plain}, zero phase ${none}`);
  assert.equal(griffinLim([], { nFft: 1024, hop: 256 }).length, 0);
  assert.ok(griffinLim([new Float64Array(513)], { nFft: 1024, hop: 256 }).every((v) => v === 0), 'silence stays silent');
});

test('invertMel: a spectrum whose mel bands match the ones asked for, non-negative', () => {
  const bank = new MelFilterbank({ sampleRate: sampleRate as Hertz, nFft: 1024, nMels: 64 });
  const spectrum = stft(signal, { nFft: 1024, hop: 256 })[40]!;
  const mel = new Float64Array(64);
  bank.apply(spectrum, mel);
  const back = new Float64Array(bank.bins);
  invertMel(bank, mel, back);
  assert.ok(back.every((v) => v >= 0));
  const again = new Float64Array(64);
  bank.apply(back, again);
  const total = mel.reduce((s, v) => s + v, 0);
  const error = mel.reduce((s, v, b) => s + Math.abs(v - again[b]!), 0);
  assert.ok(error < 0.02 * total, `mel bands off by ${((100 * error) / total).toFixed(2)} % of their sum`);
  // Energy lands where it was: the strongest bin of the inverse is within a band of the true peak.
  const peak = (s: Float64Array) => s.indexOf(Math.max(...s));
  assert.ok(Math.abs(peak(back) - peak(spectrum)) <= 3, `peak at bin ${peak(back)}, was ${peak(spectrum)}`);
});
