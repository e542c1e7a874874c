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

test('a sine on a bin lands in that bin only; non powers of two are refused', () => {
  const n = 256;
  const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 10 * i) / n));
  const power = new Float64Array(n / 2 + 1);
  new Fft(n).power(x, power);
  assert.ok(Math.abs(power[10]! - (n / 2) ** 2) < 1e-6);
  for (let k = 0; k <= n / 2; k++) if (k !== 10) assert.ok(power[k]! < 1e-12);
  assert.throws(() => new Fft(100), RangeError);
});

test('the periodic Hann window starts at 0 and peaks at 1 in the middle', () => {
  const w = hannWindow(8);
  assert.equal(w[0], 0);
  assert.ok(Math.abs(w[4]! - 1) < 1e-15);
  assert.ok(Math.abs(w[2]! - 0.5) < 1e-15);
});
