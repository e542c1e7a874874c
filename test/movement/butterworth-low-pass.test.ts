import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { hertz } from '../../src/core/units.js';
import { butterworthLowPass, lowPassChannel, lowPassSignal, type LowPassDesign } from '../../src/movement/butterworth-low-pass.js';

/** |H(e^{iω})| of the cascade at f Hz, evaluated from the section coefficients. */
function magnitude(design: LowPassDesign, f: number): number {
  const w = (2 * Math.PI * f) / design.sampleRate;
  let gain = 1;
  for (const { b0, b1, b2, a1, a2 } of design.sections) {
    const num = Math.hypot(b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w), b1 * Math.sin(w) + b2 * Math.sin(2 * w));
    const den = Math.hypot(1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w), a1 * Math.sin(w) + a2 * Math.sin(2 * w));
    gain *= num / den;
  }
  return gain;
}

/** The analogue Butterworth magnitude 1/sqrt(1 + (Ω/Ωc)^10) with Ω the bilinear transform's warped frequency. */
function warpedButterworth(f: number, fc: number, fs: number): number {
  return 1 / Math.sqrt(1 + (Math.tan((Math.PI * f) / fs) / Math.tan((Math.PI * fc) / fs)) ** 10);
}

const dB = (g: number) => 20 * Math.log10(g);
const designs = [
  [3, 30],
  [3, 60],
  [3, 1000],
  [10, 44.1],
  [0.5, 120],
] as const;

test('two second-order sections and one first-order section, each of gain 1 at 0 Hz', () => {
  const d = butterworthLowPass(hertz(3), hertz(30));
  assert.equal(d.order, 5);
  assert.equal(d.sections.length, 3);
  assert.deepEqual(d.sections.map((s) => s.a2 === 0 && s.b2 === 0), [false, false, true]);
  for (const s of d.sections) assert.ok(Math.abs((s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2) - 1) < 1e-12);
});

test('the magnitude is the warped 5th-order Butterworth at every frequency: DC gain 1, −3.01 dB at the cut-off', () => {
  for (const [fc, fs] of designs) {
    const d = butterworthLowPass(hertz(fc), hertz(fs));
    assert.ok(Math.abs(magnitude(d, 0) - 1) < 1e-12, `DC gain for ${fc} Hz at ${fs} Hz`);
    assert.ok(Math.abs(dB(magnitude(d, fc)) + 10 * Math.log10(2)) < 1e-9, `${dB(magnitude(d, fc))} dB at the cut-off`);
    for (let i = 1; i < 400; i++) {
      const f = (i / 400) * (fs / 2);
      const expected = warpedButterworth(f, fc, fs);
      const got = magnitude(d, f);
      assert.ok(Math.abs(got - expected) <= 1e-9 * expected + 1e-15, `${fc} Hz at ${fs} Hz, f = ${f}: ${got} ≠ ${expected}`);
    }
  }
});

test('5th-order roll-off: −100 dB one decade above the cut-off (−100 dB/decade), warping adding attenuation near Nyquist', () => {
  // Far from Nyquist the warping is negligible and the analogue figure holds.
  const d = butterworthLowPass(hertz(3), hertz(10000));
  const decade = dB(magnitude(d, 30));
  assert.ok(Math.abs(decade - dB(warpedButterworth(30, 3, 10000))) < 1e-6);
  assert.ok(Math.abs(decade + 100) < 0.01, `${decade} dB at 30 Hz`);
  const slope = dB(magnitude(d, 300)) - dB(magnitude(d, 30));
  assert.ok(Math.abs(slope - (dB(warpedButterworth(300, 3, 10000)) - dB(warpedButterworth(30, 3, 10000)))) < 1e-6);
  assert.ok(Math.abs(slope + 100) < 0.2, `${slope} dB from 30 to 300 Hz`);
  // At 3 Hz for 100 Hz frames the decade up lies near Nyquist, where tan() stretches it further.
  const near = butterworthLowPass(hertz(3), hertz(100));
  const at30 = dB(magnitude(near, 30));
  assert.ok(Math.abs(at30 - dB(warpedButterworth(30, 3, 100))) < 1e-6);
  assert.ok(at30 < -100 && at30 > -130, `${at30} dB at 30 Hz for 100 Hz frames`);
});

test('a sine through the streaming form comes out scaled by |H|: 1/√2 at the cut-off', () => {
  const fs = 60;
  const fc = 3;
  const d = butterworthLowPass(hertz(fc), hertz(fs));
  for (const f of [0.5, 1.5, 3, 6]) {
    const step = lowPassChannel(d);
    let peak = 0;
    for (let i = 0; i < 60 * fs; i++) {
      const y = step(Math.sin((2 * Math.PI * f * i) / fs));
      if (i > 40 * fs) peak = Math.max(peak, Math.abs(y));
    }
    // The sampled peak misses the true one by at most 1 − cos(π·f/fs).
    const expected = warpedButterworth(f, fc, fs);
    assert.ok(peak <= expected + 1e-9 && peak >= expected * Math.cos((Math.PI * f) / fs) - 1e-9, `${f} Hz: peak ${peak}, |H| ${expected}`);
  }
});

test('a constant passes unchanged from its first sample; the whole-signal form equals the streaming one', () => {
  const d = butterworthLowPass(hertz(3), hertz(30));
  for (const y of lowPassSignal(d, new Float64Array(100).fill(1.234))) assert.ok(Math.abs(y - 1.234) < 1e-12, String(y));
  const signal = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i / 3) + 0.3 * Math.cos(i * 1.7) + i / 100);
  const step = lowPassChannel(d);
  assert.deepEqual(lowPassSignal(d, signal), Float64Array.from(signal, (x) => step(x)));
});

test('a sample that is not finite is skipped: the previous output comes back and the state is untouched', () => {
  const d = butterworthLowPass(hertz(3), hertz(30));
  const clean = lowPassSignal(d, [0, 1, 2, 3, 4]);
  const step = lowPassChannel(d);
  assert.ok(Number.isNaN(step(Number.NaN)), 'nothing to return before the first sample');
  const out = [0, 1, Number.NaN, 2, Number.POSITIVE_INFINITY, 3, 4].map(step);
  assert.deepEqual(out, [clean[0], clean[1], clean[1], clean[2], clean[2], clean[3], clean[4]]);
});

test('stable from 0.01 % to 49 % of the sample rate: poles inside the unit circle, impulse response dies away', () => {
  for (const ratio of [1e-4, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.4, 0.49]) {
    const d = butterworthLowPass(hertz(ratio * 1000), hertz(1000));
    for (const { a1, a2 } of d.sections) {
      // Second order: both roots of z² + a1·z + a2 inside |z| < 1 (the stability triangle); first order: |a1| < 1.
      assert.ok(Math.abs(a2) < 1 && Math.abs(a1) < 1 + a2, `a1 = ${a1}, a2 = ${a2} at fc/fs = ${ratio}`);
    }
    // Near Nyquist the least damped poles lie at radius 0.98: a few thousand samples to die away.
    const n = Math.max(5000, Math.ceil(200 / ratio));
    const impulse = new Float64Array(n);
    impulse[1] = 1;
    const h = lowPassSignal(d, impulse);
    const sum = h.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `the impulse response sums to the DC gain at fc/fs = ${ratio}: ${sum}`);
    const tail = Math.max(...h.subarray(n - 100).map(Math.abs));
    assert.ok(tail < 1e-12, `tail ${tail} at fc/fs = ${ratio}`);
  }
});

test('a cut-off at or above half the sample rate, or not positive, is refused with E_PARAM', () => {
  for (const [fc, fs] of [
    [15, 30],
    [20, 30],
    [0, 30],
    [-1, 30],
    [3, Number.NaN],
  ] as const) {
    assert.throws(
      () => butterworthLowPass(hertz(fc), hertz(fs)),
      (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM' && e.message.includes(`${fc} Hz`),
    );
  }
});
