import { analysisWindow } from './analysis-window.js';

/** A complex DFT of one fixed size, computed in place on split real and imaginary parts. */
interface ComplexDft {
  transform(re: Float64Array, im: Float64Array): void;
}

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/**
 * Complex FFT of a power-of-two size (1 included), decimation in time: bit-reversed input, then
 * passes that each do two radix-2 stages at once (radix 4), after one plain radix-2 stage when
 * log2(size) is odd. Half the passes over memory of radix 2, which is what bounds speed here.
 */
class PowerOfTwoDft implements ComplexDft {
  readonly #size: number;
  readonly #oddStages: boolean;
  /** reverse[i]: i with its log2(size) bits reversed. */
  readonly reverse: Uint32Array;
  /** cos/sin of -2πj/size for j < size/2. */
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;

  constructor(size: number) {
    this.#size = size;
    const bits = Math.round(Math.log2(size));
    this.#oddStages = bits % 2 === 1;
    this.reverse = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reverse[i] = r;
    }
    this.#cos = new Float64Array(Math.ceil(size / 2));
    this.#sin = new Float64Array(Math.ceil(size / 2));
    for (let j = 0; j < size / 2; j++) {
      this.#cos[j] = Math.cos((-2 * Math.PI * j) / size);
      this.#sin[j] = Math.sin((-2 * Math.PI * j) / size);
    }
  }

  transform(re: Float64Array, im: Float64Array): void {
    const reverse = this.reverse;
    for (let i = 0; i < this.#size; i++) {
      const j = reverse[i]!;
      if (j > i) {
        const r = re[i]!;
        re[i] = re[j]!;
        re[j] = r;
        const m = im[i]!;
        im[i] = im[j]!;
        im[j] = m;
      }
    }
    this.butterflies(re, im);
  }

  /** The transform of data already in bit-reversed order, in place, in natural order. */
  butterflies(re: Float64Array, im: Float64Array): void {
    const n = this.#size;
    const cos = this.#cos;
    const sin = this.#sin;
    let h = 1;
    if (this.#oddStages) {
      for (let a = 0; a < n; a += 2) {
        const ar = re[a]!;
        const ai = im[a]!;
        const br = re[a + 1]!;
        const bi = im[a + 1]!;
        re[a] = ar + br;
        im[a] = ai + bi;
        re[a + 1] = ar - br;
        im[a + 1] = ai - bi;
      }
      h = 2;
    }
    // Stages of half-length h and 2h on blocks of 4h: with W = e^{-2πik/4h}, the first stage's
    // twiddle is W², the second's W and W·e^{-iπ/2} = −iW.
    for (; h < n; h <<= 2) {
      const block = 4 * h;
      const stride = n / block;
      for (let k = 0; k < h; k++) {
        const t = k * stride;
        const w2r = cos[t]!;
        const w2i = sin[t]!;
        const w1r = cos[2 * t]!;
        const w1i = sin[2 * t]!;
        for (let i0 = k; i0 < n; i0 += block) {
          const i1 = i0 + h;
          const i2 = i1 + h;
          const i3 = i2 + h;
          const x0r = re[i0]!;
          const x0i = im[i0]!;
          const x1r = re[i1]!;
          const x1i = im[i1]!;
          const x2r = re[i2]!;
          const x2i = im[i2]!;
          const x3r = re[i3]!;
          const x3i = im[i3]!;
          let tr = x1r * w1r - x1i * w1i;
          let ti = x1r * w1i + x1i * w1r;
          const a0r = x0r + tr;
          const a0i = x0i + ti;
          const a1r = x0r - tr;
          const a1i = x0i - ti;
          tr = x3r * w1r - x3i * w1i;
          ti = x3r * w1i + x3i * w1r;
          const a2r = x2r + tr;
          const a2i = x2i + ti;
          const a3r = x2r - tr;
          const a3i = x2i - ti;
          const b2r = a2r * w2r - a2i * w2i;
          const b2i = a2r * w2i + a2i * w2r;
          // −i·W·a3: multiply by W, then (r, i) → (i, −r).
          const b3r = a3r * w2i + a3i * w2r;
          const b3i = -(a3r * w2r - a3i * w2i);
          re[i0] = a0r + b2r;
          im[i0] = a0i + b2i;
          re[i2] = a0r - b2r;
          im[i2] = a0i - b2i;
          re[i1] = a1r + b3r;
          im[i1] = a1i + b3i;
          re[i3] = a1r - b3r;
          im[i3] = a1i - b3i;
        }
      }
    }
  }
}

/**
 * Bluestein's chirp-z DFT of any size m: with nk = (n² + k² − (k−n)²)/2 the DFT becomes a
 * convolution with the chirp e^{iπn²/m}, done as a circular convolution by power-of-two FFTs of
 * size M ≥ 2m − 1. About three FFTs of size M per transform; accurate to rounding.
 */
class Bluestein implements ComplexDft {
  readonly #size: number;
  readonly #fft: PowerOfTwoDft;
  /** The chirp e^{-iπk²/m}. */
  readonly #chirpRe: Float64Array;
  readonly #chirpIm: Float64Array;
  /** Spectrum of the conjugate chirp, wrapped to size M, already divided by M for the inverse. */
  readonly #kernelRe: Float64Array;
  readonly #kernelIm: Float64Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;

  constructor(size: number) {
    this.#size = size;
    let big = 1;
    while (big < 2 * size - 1) big <<= 1;
    this.#fft = new PowerOfTwoDft(big);
    this.#chirpRe = new Float64Array(size);
    this.#chirpIm = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      // k² mod 2m keeps the angle small, so the chirp stays exact for large k.
      const angle = (Math.PI * ((k * k) % (2 * size))) / size;
      this.#chirpRe[k] = Math.cos(angle);
      this.#chirpIm[k] = -Math.sin(angle);
    }
    this.#kernelRe = new Float64Array(big);
    this.#kernelIm = new Float64Array(big);
    for (let k = 0; k < size; k++) {
      this.#kernelRe[k] = this.#chirpRe[k]!;
      this.#kernelIm[k] = -this.#chirpIm[k]!;
      if (k > 0) {
        this.#kernelRe[big - k] = this.#chirpRe[k]!;
        this.#kernelIm[big - k] = -this.#chirpIm[k]!;
      }
    }
    this.#fft.transform(this.#kernelRe, this.#kernelIm);
    for (let k = 0; k < big; k++) {
      this.#kernelRe[k] = this.#kernelRe[k]! / big;
      this.#kernelIm[k] = this.#kernelIm[k]! / big;
    }
    this.#re = new Float64Array(big);
    this.#im = new Float64Array(big);
  }

  transform(re: Float64Array, im: Float64Array): void {
    const m = this.#size;
    const ar = this.#re;
    const ai = this.#im;
    const cr = this.#chirpRe;
    const ci = this.#chirpIm;
    for (let k = 0; k < m; k++) {
      ar[k] = re[k]! * cr[k]! - im[k]! * ci[k]!;
      ai[k] = re[k]! * ci[k]! + im[k]! * cr[k]!;
    }
    ar.fill(0, m);
    ai.fill(0, m);
    this.#fft.transform(ar, ai);
    // Multiply by the kernel and conjugate, so the forward FFT below computes the inverse.
    const kr = this.#kernelRe;
    const ki = this.#kernelIm;
    for (let k = 0; k < ar.length; k++) {
      const xr = ar[k]!;
      const xi = ai[k]!;
      ar[k] = xr * kr[k]! - xi * ki[k]!;
      ai[k] = -(xr * ki[k]! + xi * kr[k]!);
    }
    this.#fft.transform(ar, ai);
    for (let k = 0; k < m; k++) {
      const xr = ar[k]!;
      const xi = -ai[k]!;
      re[k] = xr * cr[k]! - xi * ci[k]!;
      im[k] = xr * ci[k]! + xi * cr[k]!;
    }
  }
}

/**
 * Real-input DFT of any size n ≥ 1, one-sided: bins 0..⌊n/2⌋. An even n packs the signal into a
 * complex signal of n/2 (even samples real, odd imaginary), transforms it and untangles: half the
 * work of a complex DFT of size n. That complex transform is radix 4 for powers of two and
 * Bluestein's algorithm for other sizes; an odd n is transformed as a complex signal. Tables are built once; transforms allocate nothing.
 */
export class Fft {
  readonly size: number;
  /** Bins of the one-sided spectrum: ⌊size/2⌋ + 1. */
  readonly bins: number;
  readonly #dft: PowerOfTwoDft | Bluestein;
  /** Size of the complex transform: size/2 for even sizes, size for odd ones. */
  readonly #complexSize: number;
  /** Twiddles of the untangling step: cos/sin of -2πk/n. */
  readonly #cosN: Float64Array;
  readonly #sinN: Float64Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #outRe: Float64Array;
  readonly #outIm: Float64Array;
  /** Scratch of `inverse`: the whole-circle sequences and the even part's transform. */
  readonly #inverseIn: Float64Array;
  readonly #inverseEven: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FFT size must be an integer ≥ 1, got ${size}`);
    this.size = size;
    this.bins = Math.floor(size / 2) + 1;
    const even = size % 2 === 0;
    const complexSize = (this.#complexSize = even ? size / 2 : size);
    this.#dft = isPowerOfTwo(complexSize) ? new PowerOfTwoDft(complexSize) : new Bluestein(complexSize);
    const twiddles = even ? this.bins : 0;
    this.#cosN = new Float64Array(twiddles);
    this.#sinN = new Float64Array(twiddles);
    for (let k = 0; k < twiddles; k++) {
      this.#cosN[k] = Math.cos((-2 * Math.PI * k) / size);
      this.#sinN[k] = Math.sin((-2 * Math.PI * k) / size);
    }
    this.#re = new Float64Array(complexSize);
    this.#im = new Float64Array(complexSize);
    this.#outRe = new Float64Array(this.bins);
    this.#outIm = new Float64Array(this.bins);
    this.#inverseIn = new Float64Array(size);
    this.#inverseEven = new Float64Array(size);
  }

  /**
   * Spectrum of `input` (length `size`) for bins 0..⌊size/2⌋: writes `bins` values into `re`
   * and `im`.
   */
  forward(input: ArrayLike<number>, re: Float64Array | Float32Array, im: Float64Array | Float32Array): void {
    const zr = this.#re;
    const zi = this.#im;
    const half = this.#complexSize;
    if (this.size % 2 === 1) {
      for (let m = 0; m < half; m++) zr[m] = input[m]!;
      zi.fill(0);
      this.#dft.transform(zr, zi);
      for (let k = 0; k < this.bins; k++) {
        re[k] = zr[k]!;
        im[k] = zi[k]!;
      }
      return;
    }
    const dft = this.#dft;
    if (dft instanceof PowerOfTwoDft) {
      // Packing straight into bit-reversed order saves the permutation pass.
      const reverse = dft.reverse;
      for (let m = 0; m < half; m++) {
        const j = reverse[m]!;
        zr[j] = input[2 * m]!;
        zi[j] = input[2 * m + 1]!;
      }
      dft.butterflies(zr, zi);
    } else {
      for (let m = 0; m < half; m++) {
        zr[m] = input[2 * m]!;
        zi[m] = input[2 * m + 1]!;
      }
      dft.transform(zr, zi);
    }
    // Untangle: X[k] = E[k] + W^k O[k], with E and O the spectra of the even and odd samples.
    const cosN = this.#cosN;
    const sinN = this.#sinN;
    for (let k = 0; k <= half; k++) {
      const a = k === half ? 0 : k;
      const b = k === 0 ? 0 : half - k;
      const er = (zr[a]! + zr[b]!) / 2;
      const ei = (zi[a]! - zi[b]!) / 2;
      const or = (zi[a]! + zi[b]!) / 2;
      const oi = -(zr[a]! - zr[b]!) / 2;
      const wr = cosN[k]!;
      const wi = sinN[k]!;
      re[k] = er + or * wr - oi * wi;
      im[k] = ei + or * wi + oi * wr;
    }
  }

  /**
   * The real signal (length `size`, into `out`) whose one-sided spectrum is `re` + i·`im` (bins
   * 0..⌊size/2⌋; the other half is their conjugate mirror). With a = Re X and b = −Im X extended
   * to the whole circle, a is even and b odd, so x[n] = (Re DFT(a)[n] − Im DFT(b)[n]) / size:
   * two forward transforms of real signals. Allocates nothing.
   */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array | Float32Array): void {
    const n = this.size;
    const a = this.#inverseIn;
    const bins = this.bins;
    for (let k = 0; k < bins; k++) a[k] = re[k]!;
    for (let k = bins; k < n; k++) a[k] = re[n - k]!;
    this.forward(a, this.#outRe, this.#outIm);
    const even = this.#inverseEven;
    for (let k = 0; k < n; k++) even[k] = this.#outRe[k < bins ? k : n - k]!;
    a[0] = 0;
    for (let k = 1; k < bins; k++) a[k] = -im[k]!;
    // Bin n/2 of an even size is real in a real signal's spectrum: its imaginary part is dropped.
    if (n % 2 === 0) a[n / 2] = 0;
    for (let k = bins; k < n; k++) a[k] = im[n - k]!;
    this.forward(a, this.#outRe, this.#outIm);
    for (let k = 0; k < n; k++) {
      // Im of the DFT of an odd real sequence is odd too: bin n − k holds −Im[k].
      const oddIm = k < bins ? this.#outIm[k]! : -this.#outIm[n - k]!;
      out[k] = (even[k]! - oddIm) / n;
    }
  }

  /** |X[k]|² for bins 0..⌊size/2⌋ into `out` (length `bins`). */
  power(input: ArrayLike<number>, out: Float64Array | Float32Array): void {
    const re = this.#outRe;
    const im = this.#outIm;
    this.forward(input, re, im);
    const bins = this.bins;
    for (let k = 0; k < bins; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  }
}

/** Periodic Hann window of `size` samples (the STFT convention: sums to a constant at 50% overlap). */
export function hannWindow(size: number): Float64Array {
  return analysisWindow('hann', size);
}
