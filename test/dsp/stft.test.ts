import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { pushCentered, Stft, stft, type Samples } from '../../src/dsp/stft.js';
import { randomBlocks, seededRandom } from '../helpers/seeded-random.js';

const hann = (n: number, i: number) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);

test('frame i covers samples [i·hop, i·hop + nFft): an impulse shows up, windowed, in exactly those frames', () => {
  const nFft = 400;
  const hop = 160;
  const at = 1000;
  const x = new Float32Array(3000);
  x[at] = 1;
  const frames = stft(x, { nFft, hop });
  assert.equal(frames.length, 1 + Math.floor((x.length - nFft) / hop));
  frames.forEach((power, i) => {
    assert.equal(power.length, nFft / 2 + 1);
    const j = at - i * hop;
    // A delayed impulse has a flat magnitude spectrum: |X[k]| = w[j] at every bin.
    const expected = j >= 0 && j < nFft ? hann(nFft, j) ** 2 : 0;
    for (let k = 0; k < power.length; k++) assert.ok(Math.abs(power[k]! - expected) <= 1e-12, `frame ${i} bin ${k}: ${power[k]} vs ${expected}`);
  });
});

test('Parseval holds for every frame with the known window, for even and odd nFft, Hann and Hamming', () => {
  const random = seededRandom(3);
  const x = Float64Array.from({ length: 6000 }, () => random() * 2 - 1);
  for (const [nFft, window] of [
    [2048, 'hann'],
    [441, 'hann'],
    [1000, 'hamming'],
  ] as const) {
    const hop = 300;
    const frames = stft(x, { nFft, hop, window });
    frames.forEach((power, i) => {
      let time = 0;
      for (let j = 0; j < nFft; j++) {
        const w = window === 'hann' ? hann(nFft, j) : 0.54 - 0.46 * Math.cos((2 * Math.PI * j) / nFft);
        time += (w * x[i * hop + j]!) ** 2;
      }
      // One-sided spectrum: bins other than DC and (for even nFft) Nyquist stand for two.
      let spectral = power[0]!;
      for (let k = 1; k < power.length; k++) spectral += (nFft % 2 === 0 && k === nFft / 2 ? 1 : 2) * power[k]!;
      assert.ok(Math.abs(spectral / nFft - time) / time < 1e-10, `nFft ${nFft} frame ${i}`);
    });
  }
});

test('magnitude is the square root of power', () => {
  const random = seededRandom(5);
  const x = Float64Array.from({ length: 1000 }, () => random() - 0.5);
  const power = stft(x, { nFft: 256, hop: 100 });
  const magnitude = stft(x, { nFft: 256, hop: 100, spectrum: 'magnitude' });
  power.forEach((p, i) => p.forEach((v, k) => assert.equal(magnitude[i]![k], Math.sqrt(v))));
});

test('streaming in random block sizes gives the whole-signal frames bit for bit (hop < nFft and hop > nFft)', () => {
  const random = seededRandom(11);
  const x = Float32Array.from({ length: 20000 }, () => random() * 2 - 1);
  for (const options of [
    { nFft: 400, hop: 160 },
    { nFft: 256, hop: 300 },
    { nFft: 2048, hop: 512, offset: 700 },
  ]) {
    const whole = stft(x, options);
    const core = new Stft(options);
    const streamed: Float64Array[] = [];
    const indices: number[] = [];
    for (const [start, end] of randomBlocks(x.length, 3000, random)) {
      core.push(x.subarray(start, end), (spectrum, frame) => {
        streamed.push(spectrum.slice());
        indices.push(frame);
      });
    }
    assert.equal(streamed.length, whole.length);
    assert.deepEqual(indices, whole.map((_, i) => i));
    streamed.forEach((s, i) => assert.deepEqual(s, whole[i]));
  }
});

test('offset drops that many samples before frame 0', () => {
  const random = seededRandom(13);
  const x = Float64Array.from({ length: 5000 }, () => random() - 0.5);
  const shifted = stft(x, { nFft: 512, hop: 128, offset: 300 });
  const reference = stft(x.subarray(300), { nFft: 512, hop: 128 });
  assert.deepEqual(shifted, reference);
});

test('center pads ⌊nFft/2⌋ on both sides (librosa center=True): 1 + ⌊length/hop⌋ frames, frame i centred on sample i·hop', () => {
  const random = seededRandom(17);
  const x = Float64Array.from({ length: 3001 }, () => random() - 0.5);
  for (const nFft of [512, 441]) {
    const pad = Math.floor(nFft / 2);
    const hop = 128;
    const zeros = new Float64Array(x.length + 2 * pad);
    zeros.set(x, pad);
    const reflect = zeros.slice();
    // numpy 'reflect': mirror about the edge sample, not repeating it.
    for (let k = 1; k <= pad; k++) {
      reflect[pad - k] = x[k]!;
      reflect[pad + x.length - 1 + k] = x[x.length - 1 - k]!;
    }
    const centred = stft(x, { nFft, hop, center: 'zeros' });
    assert.equal(centred.length, 1 + Math.floor(x.length / hop));
    assert.deepEqual(centred, stft(zeros, { nFft, hop }));
    assert.deepEqual(stft(x, { nFft, hop, center: 'reflect' }), stft(reflect, { nFft, hop }));
  }
});

test('reflect padding follows numpy, also when the padding is longer than the signal', () => {
  const padded = (signal: number[], pad: number) => {
    const out: number[] = [];
    pushCentered(Float64Array.from(signal), pad, 'reflect', (s: Samples) => out.push(...s));
    return out;
  };
  // numpy docs: np.pad([1, 2, 3, 4, 5], (2, 3), 'reflect') = [3, 2, 1, 2, 3, 4, 5, 4, 3, 2].
  assert.deepEqual(padded([1, 2, 3, 4, 5], 2), [3, 2, 1, 2, 3, 4, 5, 4, 3]);
  // np.pad([1, 2, 3], 5, 'reflect'): the mirror image repeats with period 2·(3 − 1).
  assert.deepEqual(padded([1, 2, 3], 5), [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
  assert.deepEqual(padded([7], 2), [7, 7, 7, 7, 7]);
});

test('NaN, ±Infinity and out-of-range samples count as 0: spectra stay finite', () => {
  const random = seededRandom(19);
  const clean = Float64Array.from({ length: 4000 }, () => random() - 0.5);
  const dirty = clean.slice();
  const zeroed = clean.slice();
  for (const [i, v] of [
    [10, Number.NaN],
    [1500, Number.POSITIVE_INFINITY],
    [1501, Number.NEGATIVE_INFINITY],
    [3000, 1e300],
  ] as const) {
    dirty[i] = v;
    zeroed[i] = 0;
  }
  const frames = stft(dirty, { nFft: 1024, hop: 256 });
  for (const f of frames) for (const v of f) assert.ok(Number.isFinite(v));
  assert.deepEqual(frames, stft(zeroed, { nFft: 1024, hop: 256 }));
});

test('bad options are refused with E_PARAM', () => {
  for (const options of [
    { nFft: 0, hop: 10 },
    { nFft: 256, hop: 0 },
    { nFft: 256.5, hop: 10 },
    { nFft: 256, hop: 10, offset: -1 },
  ]) {
    assert.throws(
      () => new Stft(options),
      (e) => isTerpsiError(e) && e.code === 'E_PARAM',
    );
  }
});
