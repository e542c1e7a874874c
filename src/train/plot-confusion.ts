import { black, Canvas, textWidth, type Rgb } from './canvas.js';
import type { RgbImage } from './encode-png.js';

const cell = 40;
const white: Rgb = [255, 255, 255];

/**
 * A confusion matrix as an image: one row per true class (named and numbered on the left, under
 * "true"), one column per predicted class (numbered on top), each cell shaded by its share of
 * the row (white for none, dark blue for all) with its count written in it, and a title above.
 */
export function plotConfusion(title: string, classes: readonly string[], counts: readonly (readonly number[])[]): RgbImage {
  const names = classes.map((c, i) => `${i} ${c}`);
  const left = Math.max(...names.map(textWidth)) + 16;
  const top = 56;
  const width = left + classes.length * cell + 16;
  const height = top + classes.length * cell + 16;
  const canvas = new Canvas(Math.max(width, textWidth(title) + 16), height);
  canvas.text(title, 8, 8, black);
  canvas.text('predicted', left, 24, black);
  canvas.text('true', 8, 24, black);
  classes.forEach((_, j) => canvas.text(String(j), left + j * cell + cell / 2 - textWidth(String(j)) / 2, top - 14, black));
  counts.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const y = top + i * cell;
    canvas.text(names[i]!, 8, y + cell / 2 - 5, black);
    row.forEach((n, j) => {
      const share = total > 0 ? n / total : 0;
      const shade: Rgb = [Math.round(255 - 225 * share), Math.round(255 - 185 * share), Math.round(255 - 95 * share)];
      canvas.rect(left + j * cell, y, cell - 1, cell - 1, shade);
      if (n > 0) canvas.text(String(n), left + j * cell + cell / 2 - textWidth(String(n)) / 2, y + cell / 2 - 5, share > 0.5 ? white : black);
    });
  });
  return { width: canvas.width, height: canvas.height, pixels: canvas.pixels };
}
