import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plotConfusion } from '../../src/train/plot-confusion.js';

test('plotConfusion shades each cell by its share of the row: white for none, darkest for all', () => {
  const image = plotConfusion('title', ['a', 'b'], [
    [2, 2],
    [0, 3],
  ]);
  assert.equal(image.pixels.length, image.width * image.height * 3);
  // Cells are 40 pixels square from (left, 56); read each one's top-left corner, clear of its digits.
  const left = image.width - 16 - 2 * 40;
  const at = (row: number, column: number) => Array.from(image.pixels.subarray(((56 + row * 40 + 2) * image.width + left + column * 40 + 2) * 3, ((56 + row * 40 + 2) * image.width + left + column * 40 + 2) * 3 + 3));
  assert.deepEqual(at(1, 0), [255, 255, 255]);
  assert.deepEqual(at(1, 1), [30, 70, 160]);
  assert.deepEqual(at(0, 0), at(0, 1));
  assert.ok(at(0, 0)[0]! > 30 && at(0, 0)[0]! < 255);
});
