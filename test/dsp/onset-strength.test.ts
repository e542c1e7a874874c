import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hertz } from '../../src/core/units.js';
import { logMel } from '../../src/dsp/log-mel.js';
import { OnsetStrength, onsetStrength } from '../../src/dsp/onset-strength.js';
import { randomBlocks, seededRandom } from '../helpers/seeded-random.js';

const sr = 22050;
const options = { sampleRate: hertz(sr), nFft: 2048, hop: 512 };
const clicks = [0.5, 1.0, 1.5, 2.25, 3.0, 3.5].map((t) => Math.round(t * sr));

function clickTrain(): Float32Array {
  const random = seededRandom(41);
  const x = new Float32Array(sr * 4);
  for (const start of clicks) for (let i = 0; i < 400; i++) x[start + i] = 0.8 * Math.exp(-i / 60) * (random() * 2 - 1);
  return x;
}

/** The flux written out from librosa's formula on log-mel rows: mean over bands of max(0, S[i] − S[i−1]). */
function flux(rows: readonly Float32Array[]): number[] {
  return rows.map((row, i) => (i === 0 ? 0 : row.reduce((s, v, b) => s + Math.max(0, v - rows[i - 1]![b]!), 0) / row.length));
}

test('onset strength peaks once per click, in a frame that holds the click, and is 0 before it', () => {
  const strength = onsetStrength(clickTrain(), options);
  const max = Math.max(...strength);
  assert.ok(max > 1);
  for (const v of strength) assert.ok(v >= 0 && Number.isFinite(v));
  const peaks: number[] = [];
  strength.forEach((v, i) => {
    if (v > max / 4 && v >= (strength[i - 1] ?? 0) && v > (strength[i + 1] ?? 0)) peaks.push(i);
  });
  assert.equal(peaks.length, clicks.length, `peaks at frames ${peaks}`);
  peaks.forEach((frame, j) => {
    const s = clicks[j]!;
    assert.ok(frame * 512 <= s && s < frame * 512 + 2048, `click at sample ${s}, peak at frame ${frame}`);
  });
  // Frames that end before the first click saw only silence.
  for (let i = 0; i * 512 + 2048 <= clicks[0]!; i++) assert.equal(strength[i], 0);
});

test('silence gives exactly 0', () => {
  for (const v of onsetStrength(new Float32Array(sr), options)) assert.equal(v, 0);
});

test("equals librosa's formula on the log-mel rows", () => {
  const x = clickTrain();
  const expected = flux(logMel(x, options));
  const strength = onsetStrength(x, options);
  assert.equal(strength.length, expected.length);
  strength.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 1e-9 * Math.max(1, expected[i]!), `frame ${i}`));
});

test("centred, it takes librosa's alignment: ⌊nFft/(2·hop)⌋ frames of delay after the lag, cut to the frame count", () => {
  const x = clickTrain();
  const rows = logMel(x, { ...options, center: 'zeros' });
  const strength = onsetStrength(x, { ...options, center: 'zeros' });
  assert.equal(strength.length, rows.length);
  const delay = Math.floor(2048 / (2 * 512));
  const raw = flux(rows);
  strength.forEach((v, i) => assert.ok(Math.abs(v - (i < delay ? 0 : raw[i - delay]!)) <= 1e-9 * Math.max(1, v), `frame ${i}`));
  // librosa's envelope at frame i looks at the frame ending on sample i·hop: the causal strength
  // of the frame starting nFft earlier.
  const causal = onsetStrength(x, options);
  for (let i = 8; i < causal.length; i++) assert.ok(Math.abs(strength[i + 2048 / 512]! - causal[i]!) <= 1e-4 * Math.max(1, causal[i]!), `frame ${i}`);
});

test('streaming in random block sizes gives the whole-file values bit for bit, with the log-mel rows', () => {
  const random = seededRandom(43);
  const x = clickTrain();
  const whole = onsetStrength(x, options);
  const rows = logMel(x, options);
  const core = new OnsetStrength(options);
  const streamed: number[] = [];
  for (const [start, end] of randomBlocks(x.length, 4000, random)) {
    core.push(x.subarray(start, end), (strength, frame, row) => {
      assert.equal(frame, streamed.length);
      assert.deepEqual(row, rows[frame]);
      streamed.push(strength);
    });
  }
  assert.deepEqual(Float64Array.from(streamed), whole);
});

test('NaN and ±Infinity samples count as 0: the strength stays finite', () => {
  const x = clickTrain();
  for (let i = 0; i < x.length; i += 997) x[i] = i % 2 === 0 ? Number.NaN : Number.NEGATIVE_INFINITY;
  for (const v of onsetStrength(x, options)) assert.ok(Number.isFinite(v) && v >= 0);
});
