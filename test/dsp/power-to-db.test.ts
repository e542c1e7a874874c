import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { powerToDb } from '../../src/dsp/power-to-db.js';

const power = [1, 0.1, 1e-3, 1e-12, 0];

function db(options: Parameters<typeof powerToDb>[2]): number[] {
  const out = new Float64Array(power.length);
  powerToDb(power, out, options);
  return [...out];
}

function near(actual: readonly number[], expected: readonly number[]) {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 1e-4 * Math.max(1, Math.abs(expected[i]!)), `[${i}] ${v} vs ${expected[i]}`));
}

test('10·log10(max(amin, p)) − 10·log10(max(amin, |ref|)), amin 1e-10 by default', () => {
  near(db({ topDb: null }), [0, -10, -30, -100, -100]);
  near(db({ ref: 10, topDb: null }), [-10, -20, -40, -110, -110]);
  near(db({ ref: -10, topDb: null }), [-10, -20, -40, -110, -110]);
  near(db({ amin: 1e-5, topDb: null }), [0, -10, -30, -50, -50]);
  // A reference below amin counts as amin, as in librosa.
  near(db({ ref: 1e-12, topDb: null }), [100, 90, 70, 0, 0]);
});

test('topDb floors at the maximum minus topDb (80 dB by default)', () => {
  near(db({}), [0, -10, -30, -80, -80]);
  near(db({ topDb: 25 }), [0, -10, -25, -25, -25]);
  near(db({ ref: 0.1, topDb: 25 }), [10, 0, -15, -15, -15]);
  near(db({ topDb: 0 }), [0, 0, 0, 0, 0]);
});

test('works in place and into Float32; NaN power is no louder than amin', () => {
  const values = Float32Array.from([4, 2, Number.NaN]);
  powerToDb(values, values, { topDb: null });
  near([...values], [10 * Math.log10(4), 10 * Math.log10(2), -100]);
});

test('amin ≤ 0 and topDb < 0 are refused with E_PARAM', () => {
  const out = new Float64Array(1);
  for (const options of [{ amin: 0 }, { amin: -1 }, { topDb: -1 }, { amin: Number.NaN }]) {
    assert.throws(
      () => powerToDb([1], out, options),
      (e) => isTerpsiError(e) && e.code === 'E_PARAM',
    );
  }
});
