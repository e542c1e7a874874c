import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/seeded-random.js';
import { seconds } from '../../../src/core/units.js';
import { averagePrecision } from '../../../src/train/metrics/average-precision.js';
import { chooseThresholds } from '../../../src/train/metrics/choose-thresholds.js';
import { clipTaggingScores } from '../../../src/train/metrics/clip-tagging-scores.js';
import { confusionMatrix } from '../../../src/train/metrics/confusion-matrix.js';
import { frameScores, precisionRecallF1 } from '../../../src/train/metrics/frame-scores.js';
import { intervalsToFrames } from '../../../src/train/metrics/intervals-to-frames.js';
import { rocAuc } from '../../../src/train/metrics/roc-auc.js';

/** Scores rounded to tenths so that ties happen, and labels that lean on the scores. */
function data(n: number, seed: string) {
  const random = seededRandom(seed);
  const scores = Array.from({ length: n }, () => Math.round(random() * 10) / 10);
  const labels = scores.map((s) => random() < 0.2 + 0.6 * s);
  return { scores, labels };
}

test('rocAuc equals counting every positive–negative pair (ties half), and is NaN with one class only', () => {
  for (const seed of ['a', 'b', 'c']) {
    const { scores, labels } = data(200, seed);
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) => {
      if (!labels[i]) return;
      scores.forEach((q, j) => {
        if (labels[j]) return;
        pairs++;
        wins += p > q ? 1 : p === q ? 0.5 : 0;
      });
    });
    assert.ok(Math.abs(rocAuc(scores, labels) - wins / pairs) < 1e-12);
  }
  assert.ok(Number.isNaN(rocAuc([0.1, 0.9], [true, true])));
});

test('averagePrecision matches scikit-learn on its documented example and a slow step-wise reference', () => {
  // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
  assert.ok(Math.abs(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true]) - 0.8333333333) < 1e-9);
  const { scores, labels } = data(150, 'ap');
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  const positives = labels.filter(Boolean).length;
  let previous = 0;
  let reference = 0;
  for (const t of thresholds) {
    const tp = scores.filter((s, i) => s >= t && labels[i]).length;
    const predicted = scores.filter((s) => s >= t).length;
    reference += (tp / positives - previous) * (tp / predicted);
    previous = tp / positives;
  }
  assert.ok(Math.abs(averagePrecision(scores, labels) - reference) < 1e-12);
  assert.ok(Number.isNaN(averagePrecision([0.5], [false])));
});

test('clipTaggingScores: per tag over clips, per clip over tags, undefined ones left out of the means', () => {
  const scores = [
    [0.9, 0.1, 0.5],
    [0.2, 0.8, 0.5],
    [0.7, 0.3, 0.5],
  ];
  const labels = [
    [true, false, false],
    [false, true, false],
    [true, false, false],
  ];
  const s = clipTaggingScores(scores, labels, ['a', 'b', 'c']);
  assert.equal(s.perTag[0]!.auc, 1);
  assert.ok(Number.isNaN(s.perTag[2]!.auc));
  assert.equal(s.macroAuc, 1);
  assert.equal(s.map, 1);
  assert.equal(s.perClipAuc, 1);
});

test('frameScores pools counts for micro and averages occurring tags for macro', () => {
  const predicted = [
    [true, false, false],
    [true, true, false],
    [false, true, false],
  ];
  const truth = [
    [true, false, false],
    [false, true, false],
    [false, false, false],
  ];
  const s = frameScores(predicted, truth, ['a', 'b', 'c']);
  assert.deepEqual(s.micro, precisionRecallF1(2, 2, 0));
  assert.equal(s.perTag[0]!.f1, 2 / 3);
  assert.equal(s.perTag[1]!.f1, 2 / 3);
  assert.equal(s.macro.f1, 2 / 3, 'c never occurs and is not averaged');
});

test('intervalsToFrames marks frames whose time lies in [onset, offset)', () => {
  const rows = intervalsToFrames([{ tag: 'b', onset: seconds(0.1), offset: seconds(0.3) }], ['a', 'b'], 5, 0.1);
  assert.deepEqual(
    rows.map((r) => r[1]),
    [false, true, true, false, false],
  );
  assert.ok(rows.every((r) => r[0] === false));
});

test('chooseThresholds finds the best-F1 candidate a brute-force sweep finds, quickly', () => {
  const random = seededRandom('thresholds');
  const frames = 3000;
  const truth = Array.from({ length: frames }, () => [random() < 0.3, random() < 0.05, false]);
  const probabilities = truth.map((row) => row.map((t) => Math.min(1, Math.max(0, (t ? 0.6 : 0.3) + 0.3 * (random() - 0.5)))));
  const chosen = chooseThresholds(probabilities, truth, ['a', 'b', 'c']);
  for (const c of [0, 1]) {
    let best = -1;
    for (let k = 0; k < 1000; k++) {
      const t = (k + 0.5) / 1000;
      let tp = 0;
      let fp = 0;
      let fn = 0;
      probabilities.forEach((row, i) => {
        const p = row[c]! >= t;
        if (p && truth[i]![c]) tp++;
        else if (p) fp++;
        else if (truth[i]![c]) fn++;
      });
      best = Math.max(best, precisionRecallF1(tp, fp, fn).f1);
    }
    const mine = frameScores(probabilities.map((row) => [row[c]! >= chosen[c]!]), truth.map((row) => [row[c]!]), ['x']).micro.f1;
    assert.ok(Math.abs(mine - best) < 1e-12, `tag ${c}: ${mine} vs ${best}`);
  }
  assert.equal(chosen[2], 0.5, 'a tag that never occurs keeps 0.5');
});

test('confusionMatrix counts true rows against predicted columns; unknown predictions count nowhere', () => {
  assert.deepEqual(confusionMatrix(['x', 'x', 'y', 'y'], ['x', 'y', 'y', 'unknown'], ['x', 'y']), [
    [1, 1],
    [0, 1],
  ]);
});
