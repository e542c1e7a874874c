import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fft, hannWindow } from '../../src/dsp/fft.js';

/** Textbook DFT, O(n²), as the independent reference. */
function dft(x: ArrayLike<number>): { re: number[]; im: number[] } {
  const n = x.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let k = 0; k <= n / 2; k++) {
    let r = 0;
    let i = 0;
    for (let t = 0; t < n; t++) {
      r += x[t]! * Math.cos((-2 * Math.PI * k * t) / n);
      i += x[t]! * Math.sin((-2 * Math.PI * k * t) / n);
    }
    re.push(r);
    im.push(i);
  }
  return { re, im };
}

test('matches the textbook DFT for every size from 4 to 2048', () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let n = 4; n <= 2048; n *= 2) {
    const x = Float64Array.from({ length: n }, random);
    const fft = new Fft(n);
    const re = new Float64Array(n / 2 + 1);
    const im = new Float64Array(n / 2 + 1);
    fft.forward(x, re, im);
    const ref = dft(x);
    for (let k = 0; k <= n / 2; k++) {
      assert.ok(Math.abs(re[k]! - ref.re[k]!) < 1e-9 * n, `n=${n} re[${k}]`);
      assert.ok(Math.abs(im[k]! - ref.im[k]!) < 1e-9 * n, `n=${n} im[${k}]`);
    }
  }
});

test('matches the textbook DFT for sizes that are not powers of two, even and odd', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (const n of [1, 2, 3, 5, 6, 12, 160, 400, 441, 1000, 1023]) {
    const x = Float64Array.from({ length: n }, random);
    const fft = new Fft(n);
    assert.equal(fft.bins, Math.floor(n / 2) + 1);
    const re = new Float64Array(fft.bins);
    const im = new Float64Array(fft.bins);
    fft.forward(x, re, im);
    const ref = dft(x);
    assert.equal(ref.re.length, fft.bins);
    for (let k = 0; k < fft.bins; k++) {
      assert.ok(Math.abs(re[k]! - ref.re[k]!) < 1e-10 * n, `n=${n} re[${k}]: ${re[k]} vs ${ref.re[k]}`);
      assert.ok(Math.abs(im[k]! - ref.im[k]!) < 1e-10 * n, `n=${n} im[${k}]: ${im[k]} vs ${ref.im[k]}`);
    }
    const power = new Float64Array(fft.bins);
    fft.power(x, power);
    for (let k = 0; k < fft.bins; k++) assert.ok(Math.abs(power[k]! - (ref.re[k]! ** 2 + ref.im[k]! ** 2)) < 1e-9 * n * n);
  }
});

test('a large size that is not a power of two keeps its accuracy (Bluestein chirp stays exact)', () => {
  const n = 44100;
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 1234 * i) / n) + 0.5 * Math.sin((2 * Math.PI * 20000 * i) / n));
  const fft = new Fft(n);
  const power = new Float64Array(fft.bins);
  fft.power(x, power);
  assert.ok(Math.abs(Math.sqrt(power[1234]!) - n / 2) < 1e-6 * n);
  assert.ok(Math.abs(Math.sqrt(power[20000]!) - n / 4) < 1e-6 * n);
  let leak = 0;
  for (let k = 0; k < fft.bins; k++) if (k !== 1234 && k !== 20000) leak = Math.max(leak, Math.sqrt(power[k]!));
  assert.ok(leak < 1e-7 * n, `largest other bin ${leak}`);
});

test('Parseval: energy in time equals energy over the full spectrum / n', () => {
  const n = 1024;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9));
  const power = new Float64Array(n / 2 + 1);
  new Fft(n).power(x, power);
  let spectral = power[0]! + power[n / 2]!;
  for (let k = 1; k < n / 2; k++) spectral += 2 * power[k]!;
  const temporal = x.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(spectral / n - temporal) / temporal < 1e-12);
});

test('a sine on a bin lands in that bin only; sizes that are not positive integers are refused', () => {
  const n = 256;
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 10 * i) / n));
  const power = new Float64Array(n / 2 + 1);
  new Fft(n).power(x, power);
  assert.ok(Math.abs(power[10]! - (n / 2) ** 2) < 1e-6);
  for (let k = 0; k <= n / 2; k++) if (k !== 10) assert.ok(power[k]! < 1e-12);
  for (const bad of [0, -8, 2.5, Number.NaN]) assert.throws(() => new Fft(bad), RangeError);
});

test('the periodic Hann window starts at 0 and peaks at 1 in the middle', () => {
  const w = hannWindow(8);
  assert.equal(w[0], 0);
  assert.ok(Math.abs(w[4]! - 1) < 1e-15);
  assert.ok(Math.abs(w[2]! - 0.5) < 1e-15);
});
