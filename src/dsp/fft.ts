/**
 * Real-input FFT of a power-of-two size. A real signal of n samples is packed into a complex
 * signal of n/2 (even samples real, odd imaginary), transformed, and untangled: half the work of
 * a complex FFT of size n. Tables are built once per size; transforms allocate nothing.
 */
export class Fft {
  readonly size: number;
  readonly #half: number;
  readonly #reverse: Uint32Array;
  /** Twiddles of the half-size complex FFT: cos/sin of -2πk/(n/2). */
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  /** Twiddles of the untangling step: cos/sin of -2πk/n. */
  readonly #cosN: Float64Array;
  readonly #sinN: Float64Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #outRe: Float64Array;
  readonly #outIm: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    const half = (this.#half = size / 2);
    const bits = Math.log2(half);
    this.#reverse = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.#reverse[i] = r;
    }
    this.#cos = new Float64Array(half / 2);
    this.#sin = new Float64Array(half / 2);
    for (let k = 0; k < half / 2; k++) {
      this.#cos[k] = Math.cos((-2 * Math.PI * k) / half);
      this.#sin[k] = Math.sin((-2 * Math.PI * k) / half);
    }
    this.#cosN = new Float64Array(half + 1);
    this.#sinN = new Float64Array(half + 1);
    for (let k = 0; k <= half; k++) {
      this.#cosN[k] = Math.cos((-2 * Math.PI * k) / size);
      this.#sinN[k] = Math.sin((-2 * Math.PI * k) / size);
    }
    this.#re = new Float64Array(half);
    this.#im = new Float64Array(half);
    this.#outRe = new Float64Array(half + 1);
    this.#outIm = new Float64Array(half + 1);
  }

  /**
   * Spectrum of `input` (length `size`) for bins 0..size/2: writes size/2 + 1 values into
   * `re` and `im`.
   */
  forward(input: ArrayLike<number>, re: Float64Array | Float32Array, im: Float64Array | Float32Array): void {
    const half = this.#half;
    const zr = this.#re;
    const zi = this.#im;
    for (let m = 0; m < half; m++) {
      const j = this.#reverse[m]!;
      zr[j] = input[2 * m]!;
      zi[j] = input[2 * m + 1]!;
    }
    for (let len = 2; len <= half; len <<= 1) {
      const step = half / len;
      const mid = len >> 1;
      for (let start = 0; start < half; start += len) {
        for (let k = 0; k < mid; k++) {
          const wr = this.#cos[k * step]!;
          const wi = this.#sin[k * step]!;
          const a = start + k;
          const b = a + mid;
          const br = zr[b]! * wr - zi[b]! * wi;
          const bi = zr[b]! * wi + zi[b]! * wr;
          zr[b] = zr[a]! - br;
          zi[b] = zi[a]! - bi;
          zr[a] = zr[a]! + br;
          zi[a] = zi[a]! + bi;
        }
      }
    }
    // Untangle: X[k] = E[k] + W^k O[k], with E and O the spectra of the even and odd samples.
    for (let k = 0; k <= half; k++) {
      const a = k % half;
      const b = (half - k) % half;
      const er = (zr[a]! + zr[b]!) / 2;
      const ei = (zi[a]! - zi[b]!) / 2;
      const or = (zi[a]! + zi[b]!) / 2;
      const oi = -(zr[a]! - zr[b]!) / 2;
      const wr = this.#cosN[k]!;
      const wi = this.#sinN[k]!;
      re[k] = er + or * wr - oi * wi;
      im[k] = ei + or * wi + oi * wr;
    }
  }

  /** |X[k]|² for bins 0..size/2 into `out` (length size/2 + 1). */
  power(input: ArrayLike<number>, out: Float64Array | Float32Array): void {
    const re = this.#outRe;
    const im = this.#outIm;
    this.forward(input, re, im);
    for (let k = 0; k <= this.#half; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  }
}

/** Periodic Hann window of `size` samples (the STFT convention: sums to a constant at 50% overlap). */
export function hannWindow(size: number): Float64Array {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return w;
}
