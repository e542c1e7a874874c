import type { RgbImage } from './encode-png.js';

export type Rgb = readonly [number, number, number];

/** One curve: (step, loss) points in step order, drawn in `colour` and named in the legend. */
export interface LossSeries {
  readonly label: string;
  readonly colour: Rgb;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * Glyphs 3 pixels wide and 5 high, one string of 15 bits per character, row by row from the top:
 * the digits, the signs tick labels need and the letters of the labels the training writes.
 */
const glyphs: Readonly<Record<string, string>> = {
  '0': '111101101101111',
  '1': '010110010010111',
  '2': '111001111100111',
  '3': '111001111001111',
  '4': '101101111001001',
  '5': '111100111001111',
  '6': '111100111101111',
  '7': '111001001001001',
  '8': '111101111101111',
  '9': '111101111001111',
  '.': '000000000000010',
  '-': '000000111000000',
  a: '000011101101011',
  c: '000011100100011',
  d: '001011101101011',
  e: '000111111100011',
  i: '010000010010010',
  l: '010010010010010',
  m: '000110111101101',
  n: '000110101101101',
  o: '000010101101010',
  p: '000110101110100',
  r: '000011100100100',
  s: '000011110001110',
  t: '010111010010011',
  v: '000101101101010',
  ' ': '000000000000000',
};
/** Each glyph pixel is this many image pixels square; characters advance by 4 glyph pixels. */
const scale = 2;
const advance = 4 * scale;

const black: Rgb = [0, 0, 0];
const grid: Rgb = [225, 225, 225];
const margin = { left: 64, right: 14, top: 32, bottom: 40 };

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  set(x: number, y: number, c: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.pixels.set(c, (y * this.width + x) * 3);
  }

  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) this.set(x + dx, y + dy, c);
  }

  /** A line two pixels thick from (x0, y0) to (x1, y1). */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
    const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= n; i++) {
      const x = x0 + ((x1 - x0) * i) / n;
      const y = y0 + ((y1 - y0) * i) / n;
      this.rect(Math.round(x), Math.round(y), 2, 2, c);
    }
  }

  /** Text with its top-left corner at (x, y); characters without a glyph are left blank. */
  text(s: string, x: number, y: number, c: Rgb): void {
    [...s].forEach((ch, i) => {
      const bits = glyphs[ch] ?? glyphs[' ']!;
      for (let k = 0; k < 15; k++) if (bits[k] === '1') this.rect(x + i * advance + (k % 3) * scale, y + Math.floor(k / 3) * scale, scale, scale, c);
    });
  }
}

const textWidth = (s: string) => s.length * advance - scale;

/** A round step between about `count` ticks over 0..max: 1, 2 or 5 times a power of ten. */
function tickStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
}

/** 10^k written short: 0.01, 0.1, 1, 10, 100, else 1e-3, 1e3. */
const decade = (k: number) => (k >= -2 && k <= 2 ? String(10 ** k) : `1e${k}`);

/**
 * A line plot of loss curves, `width` × `height` pixels (at least 200 × 120): steps on a linear
 * axis from 0, losses on a logarithmic one spanning whole decades (a grid line and label at each),
 * a legend above. Points that are not finite or not above 0 are left out; where a curve has more
 * points than there are pixel columns, the points of each column are averaged.
 */
export function plotLosses(series: readonly LossSeries[], width = 720, height = 420): RgbImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 200 && height >= 120)) {
    throw new RangeError(`a loss plot needs at least 200 × 120 whole pixels, got ${width} × ${height}`);
  }
  const canvas = new Canvas(width, height);
  const [x0, x1, y0, y1] = [margin.left, width - margin.right, margin.top, height - margin.bottom];
  const usable = series.map((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && y > 0));
  const all = usable.flat();
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const logs = all.map(([, y]) => Math.log10(y));
  const lo = logs.length > 0 ? Math.floor(Math.min(...logs)) : 0;
  const hi = Math.max(lo + 1, logs.length > 0 ? Math.ceil(Math.max(...logs)) : 1);
  const px = (x: number) => x0 + (x / xMax) * (x1 - x0);
  const py = (y: number) => y1 - ((Math.log10(y) - lo) / (hi - lo)) * (y1 - y0);

  for (let k = lo; k <= hi; k++) {
    const y = Math.round(py(10 ** k));
    canvas.rect(x0, y, x1 - x0, 1, grid);
    const label = decade(k);
    canvas.text(label, x0 - 8 - textWidth(label), y - 2 * scale, black);
  }
  const step = tickStep(xMax, 5);
  for (let x = 0; x <= xMax; x += step) {
    const at = Math.round(px(x));
    canvas.rect(at, y1, 1, 5, black);
    const label = String(x);
    canvas.text(label, at - textWidth(label) / 2, y1 + 8, black);
  }
  canvas.rect(x0, y0, 1, y1 - y0 + 1, black);
  canvas.rect(x0, y1, x1 - x0 + 1, 1, black);
  canvas.text('step', (x0 + x1) / 2 - textWidth('step') / 2, height - 14, black);
  canvas.text('loss', 6, 8, black);

  let legend = x0;
  series.forEach((s, i) => {
    canvas.rect(legend, 12, 16, 4, s.colour);
    canvas.text(s.label, legend + 22, 9, black);
    legend += 22 + textWidth(s.label) + 20;
    // Average the points that fall in the same pixel column, then join the columns.
    const columns = new Map<number, { sum: number; n: number }>();
    for (const [x, y] of usable[i]!) {
      const c = Math.round(px(x));
      const e = columns.get(c) ?? { sum: 0, n: 0 };
      e.sum += y;
      e.n++;
      columns.set(c, e);
    }
    const path = [...columns].map(([c, e]) => [c, py(e.sum / e.n)] as const);
    path.forEach(([x, y], k) => {
      if (k > 0) canvas.line(path[k - 1]![0], path[k - 1]![1], x, y, s.colour);
      if (path.length <= 60) canvas.rect(x - 2, y - 2, 5, 5, s.colour);
    });
  });
  return { width, height, pixels: canvas.pixels };
}
