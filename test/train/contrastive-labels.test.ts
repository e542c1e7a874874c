import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrastiveLabels } from '../../src/train/contrastive-labels.js';

/** Frames of four values (a, −a, a, −a): each frame's standard deviation is |a|. */
const spread = (a: readonly number[]) => Float32Array.from(a.flatMap((v) => [v, -v, v, -v]));

test('a pair is labelled 0 where the spread of the motion turns, 1 while it keeps its direction', () => {
  // Spread 1 2 3 4 3 2 3 3 4: up, up, up, down, down, up, flat, up.
  const labels = contrastiveLabels(spread([1, 2, 3, 4, 3, 2, 3, 3, 4]), 9, 4);
  assert.deepEqual([...labels], [1, 1, 1, 0, 1, 0, 1, 1]);
});

test('no change is no turn, and the first direction has nothing to turn from', () => {
  assert.deepEqual([...contrastiveLabels(spread([2, 2, 3, 2]), 4, 4)], [1, 1, 0]);
  assert.deepEqual([...contrastiveLabels(spread([5, 4, 4, 4, 6]), 5, 4)], [1, 1, 1, 0], 'a turn is measured against the last direction that was not flat');
  assert.deepEqual([...contrastiveLabels(spread([1]), 1, 4)], []);
});

test('the spread is taken over the whole vector: a shift of every value changes nothing', () => {
  const a = spread([1, 3, 2, 4, 1]);
  const shifted = a.map((v) => v + 7);
  assert.deepEqual([...contrastiveLabels(shifted, 5, 4)], [...contrastiveLabels(a, 5, 4)]);
  assert.deepEqual([...contrastiveLabels(a, 5, 4)], [1, 0, 0, 0]);
  assert.throws(() => contrastiveLabels(a, 6, 4), /6 frames of 4 values need 24 values, got 20/);
});
