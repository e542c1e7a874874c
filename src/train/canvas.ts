export type Rgb = readonly [number, number, number];

export const black: Rgb = [0, 0, 0];

/**
 * Glyphs 3 pixels wide and 5 high, one string of 15 bits per character, row by row from the top:
 * the digits, the signs tick labels need, the lower-case letters and the underscore.
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
  b: '100110101101110',
  f: '011010111010010',
  g: '011101011001110',
  h: '100110101101101',
  j: '001000001101010',
  k: '100101110101101',
  q: '011101011001001',
  u: '000101101101011',
  w: '000101101111111',
  x: '000101010010101',
  y: '000101011001110',
  z: '000111001100111',
  _: '000000000000111',
  '%': '101001010100101',
  ' ': '000000000000000',
};
/** Each glyph pixel is this many image pixels square; characters advance by 4 glyph pixels. */
export const glyphScale = 2;
const scale = glyphScale;
const advance = 4 * scale;



/** An RGB image to draw plots on, white to start with. */
export class Canvas {
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

/** Width of `s` in pixels as Canvas.text draws it. */
export const textWidth = (s: string) => s.length * advance - scale;
