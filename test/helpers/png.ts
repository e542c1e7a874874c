import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import type { RgbImage } from '../../src/train/encode-png.js';

/** CRC-32 bit by bit: an implementation independent of the encoder's table. */
function crc(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * Reads a PNG file of the kind encodePng writes (8-bit RGB, unfiltered rows), checking what any
 * decoder would: the signature, each chunk's CRC, IHDR first and IEND last, the image data's size.
 */
export function decodePng(file: Uint8Array): RgbImage {
  const bytes = Buffer.from(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(bytes.readUInt32BE(at + 8 + length), crc(bytes.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.push({ type, data });
    at += 12 + length;
  }
  assert.equal(chunks[0]?.type, 'IHDR');
  assert.equal(chunks.at(-1)?.type, 'IEND');
  const header = chunks[0]!.data;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.deepEqual([...header.subarray(8)], [8, 2, 0, 0, 0], 'bit depth 8, truecolour, deflate, no interlace');
  const rows = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  assert.equal(rows.length, height * (1 + 3 * width));
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(rows[y * (1 + 3 * width)], 0, `row ${y} unfiltered`);
    pixels.set(rows.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), y * width * 3);
  }
  return { width, height, pixels };
}

/** The colour of pixel (x, y). */
export const pixel = (image: RgbImage, x: number, y: number): number[] => [...image.pixels.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3)];

/** How many pixels have colour `rgb`, within the box [x0, x1) × [y0, y1) (the whole image by default). */
export function countColour(image: RgbImage, rgb: readonly number[], box = [0, 0, image.width, image.height]): number {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixel(image, x, y).every((v, k) => v === rgb[k])) n++;
  return n;
}
