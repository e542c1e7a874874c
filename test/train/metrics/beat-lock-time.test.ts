import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beatLockTime } from '../../../src/train/metrics/beat-lock-time.js';

const reference = Array.from({ length: 40 }, (_, i) => 0.5 * i);

test('locked at the first of four consecutive beats within 70 ms of consecutive reference beats', () => {
  assert.equal(beatLockTime(reference, reference.slice(6)), 3);
  // Off-phase beats, then two right ones that break off, then a run.
  const estimated = [1.25, 1.75, 2.52, 3.03, 3.8, 4.49, 5.02, 5.48, 6.0];
  assert.equal(beatLockTime(reference, estimated), 4.49);
});

test('half tempo or off-phase never locks; times are counted from `from`', () => {
  assert.equal(beatLockTime(reference, reference.filter((_, i) => i % 2 === 0)), Infinity);
  assert.equal(beatLockTime(reference, reference.map((t) => t + 0.25)), Infinity);
  assert.ok(Math.abs(beatLockTime(reference, reference, 10.2) - 0.3) < 1e-9);
  assert.equal(beatLockTime(reference, []), Infinity);
});
