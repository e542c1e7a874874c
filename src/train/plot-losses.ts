import { black, Canvas, glyphScale as scale, textWidth, type Rgb } from './canvas.js';
import type { RgbImage } from './encode-png.js';

const grid: Rgb = [225, 225, 225];
const margin = { left: 64, right: 14, top: 32, bottom: 40 };

/** One curve: (step, loss) points in step order, drawn in `colour` and named in the legend. */
export interface LossSeries {
  readonly label: string;
  readonly colour: Rgb;
  readonly points: readonly (readonly [number, number])[];
}


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
