import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePng } from '../../src/train/encode-png.js';
import { plotLosses } from '../../src/train/plot-losses.js';
import { countColour, decodePng, pixel } from '../helpers/png.js';

const blue = [31, 119, 180] as const;
const orange = [255, 127, 14] as const;

test('loss curves are drawn in their colours on log axes, a point per step where there is room', () => {
  // Training loss falls from 1 to 0.01 over 400 steps; held-out loss measured every 100.
  const train = Array.from({ length: 400 }, (_, i) => [i + 1, 10 ** (-2 * (i / 399))] as const);
  const held = [100, 200, 300, 400].map((s) => [s, 2 * 10 ** (-2 * ((s - 1) / 399))] as const);
  const image = decodePng(
    encodePng(
      plotLosses(
        [
          { label: 'train', colour: blue, points: train },
          { label: 'validation', colour: orange, points: held },
        ],
        600,
        360,
      ),
    ),
  );
  assert.deepEqual([image.width, image.height], [600, 360]);
  assert.deepEqual(pixel(image, 599, 359), [255, 255, 255]);
  // The plot area spans x 64..586 and y 32..320; loss 1 at the top decade line, 0.01 at the bottom.
  const plot = [64, 32, 587, 321];
  assert.ok(countColour(image, blue, plot) > 500, 'the training curve is drawn across the plot');
  assert.ok(countColour(image, orange, plot) > 50, 'the held-out curve and its markers are drawn');
  assert.ok(countColour(image, blue, [60, 28, 80, 40]) > 0, 'the curve starts at the top left');
  assert.ok(countColour(image, blue, [570, 310, 590, 324]) > 0, 'and ends at the bottom right');
  assert.equal(countColour(image, blue, [300, 32, 587, 150]), 0, 'nothing of it where its loss never was');
  assert.deepEqual(pixel(image, 64, 200), [0, 0, 0], 'the step axis');
  assert.ok(countColour(image, blue, [64, 0, 600, 28]) > 0, 'a legend swatch above the plot');
});

test('losses that are not finite or not above 0 are left out, and tiny images refused', () => {
  const image = plotLosses([{ label: 'train', colour: blue, points: [[1, NaN], [2, 0], [3, -1], [4, Infinity]] }], 300, 200);
  assert.equal(countColour(image, blue, [64, 32, 286, 161]), 0);
  assert.throws(() => plotLosses([], 100, 100), /at least 200 × 120/);
});
