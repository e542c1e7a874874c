import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beatFMeasure } from '../../../src/train/metrics/beat-f-measure.js';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual}, expected ${expected}`);

test('a perfect estimate scores 1; one shifted past 70 ms scores 0', () => {
  const reference = Array.from({ length: 40 }, (_, i) => i * 0.5);
  assert.equal(beatFMeasure(reference, reference).f, 1);
  const late = beatFMeasure(reference, reference.map((t) => t + 0.08));
  assert.deepEqual([late.f, late.matched], [0, 0]);
  const slightlyLate = beatFMeasure(reference, reference.map((t) => t + 0.03));
  assert.equal(slightlyLate.f, 1);
  close(slightlyLate.offset, 0.03, 'mean offset');
});

test('one-to-one matching is maximal, not greedy: 10.06 goes to 10.00 so that 10.16 can take 10.10', () => {
  // Nearest-first would pair 10.06 with 10.10 (40 ms) and leave 10.16 with nothing within 70 ms
  // (10.00 is 160 ms away): F 0.5. mir_eval's bipartite matching pairs both, each 60 ms apart.
  const score = beatFMeasure([10.0, 10.1], [10.06, 10.16]);
  assert.deepEqual([score.matched, score.precision, score.recall, score.f], [2, 1, 1, 1]);
  close(score.offset, 0.06, 'mean offset');
  // One reference beat more: 2 of 3 found, both estimates right. P 1, R 2/3, F 0.8 (mir_eval: 0.8).
  const more = beatFMeasure([10.0, 10.1, 10.2], [10.06, 10.16]);
  close(more.f, 0.8, 'F');
});

test('beats before 5 s are dropped from both lists first', () => {
  // Reference after trimming: 5, 6, 7. Estimate: 4.97 is dropped although it is 30 ms from 5;
  // 6.05 matches 6, 8 matches nothing. P = 1/2, R = 1/3, F = 2·(1/6)/(5/6) = 0.4 (mir_eval: 0.4).
  const score = beatFMeasure([3, 4, 5, 6, 7], [2, 4.97, 6.05, 8]);
  assert.deepEqual([score.reference, score.estimated, score.matched], [3, 2, 1]);
  close(score.precision, 1 / 2, 'P');
  close(score.recall, 1 / 3, 'R');
  close(score.f, 0.4, 'F');
});

test('an estimate at double tempo: half its beats are false positives', () => {
  // Matches: 5.02–5.0 and 5.5–5.5; 6.1 and 6.42 miss 6.0 and 6.5 by 100 and 80 ms. P = 2/6,
  // R = 2/5, F = 2·(2/6)(2/5)/((2/6)+(2/5)) = 4/11 (mir_eval: 0.36363636...).
  const score = beatFMeasure([5, 5.5, 6, 6.5, 7], [5.02, 5.26, 5.5, 5.76, 6.1, 6.42]);
  close(score.f, 4 / 11, 'F');
});

test('the window edge is decided in floating point exactly as mir_eval decides it', () => {
  // mir_eval hits when est − 0.07 ≤ ref ≤ est + 0.07: 5.07 − 0.07 is 5 exactly (a hit), but
  // 8.005 − 0.07 is 7.935000000000001, just past 7.935 (a miss), and so symmetrically.
  assert.equal(beatFMeasure([5], [5.07]).f, 1);
  assert.equal(beatFMeasure([7.935], [8.005]).f, 0);
  assert.equal(beatFMeasure([8.005], [7.935]).f, 0);
});

test('empty lists score 0 (mir_eval warns and returns 0); repeated beats are each matched once', () => {
  for (const [reference, estimated] of [[[], []], [[6, 7], []], [[], [6, 7]], [[1, 2], [1, 2]]] as const) {
    const score = beatFMeasure(reference, estimated);
    assert.deepEqual([score.f, score.precision, score.recall, score.matched], [0, 0, 0, 0], `${reference} vs ${estimated}`);
    assert.ok(Number.isNaN(score.offset));
  }
  const twice = beatFMeasure([6, 6], [6]);
  assert.deepEqual([twice.matched, twice.precision, twice.recall], [1, 1, 0.5]);
  close(twice.f, 2 / 3, 'F');
});

test('decreasing, non-finite or millisecond-looking times are a RangeError naming the list', () => {
  assert.throws(() => beatFMeasure([6, 5.5], [6]), /reference beats must not decrease/);
  assert.throws(() => beatFMeasure([6], [6, NaN]), /estimated beat 1 is NaN/);
  assert.throws(() => beatFMeasure([6000, 40000], [6]), /reference beat 1 is 40000 s/);
});
