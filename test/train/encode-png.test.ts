import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePng } from '../../src/train/encode-png.js';
import { decodePng, pixel } from '../helpers/png.js';

test('an image comes back from its PNG file pixel for pixel', () => {
  const width = 7;
  const height = 5;
  const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
  const image = decodePng(encodePng({ width, height, pixels }));
  assert.deepEqual([image.width, image.height], [width, height]);
  assert.deepEqual(image.pixels, pixels);
  assert.deepEqual(pixel(image, 1, 0), [(3 * 37) % 256, (4 * 37) % 256, (5 * 37) % 256]);
});

test('sizes that do not match the pixels are refused', () => {
  assert.throws(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(11) }), /2 × 2 pixels needs 12 RGB bytes, got 11/);
  assert.throws(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) }), RangeError);
});
