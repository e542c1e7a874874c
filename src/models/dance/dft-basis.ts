/** Matrices that turn a correlation along bins into products per frequency bin, and back. */
export interface DftBasis {
  /** Bins of a real signal's transform: ⌊size/2⌋ + 1. */
  readonly bins: number;
  /** [2·bins][size]: row 2b gives bin b's real part, row 2b + 1 its imaginary part. */
  readonly forward: Float32Array;
  /** [2·bins][taps]: the conjugate transform of the taps, so that products correlate. */
  readonly taps: Float32Array;
  /** [outputs][2·bins]: back from the bins of a real signal to its first `outputs` positions. */
  readonly inverse: Float32Array;
}

/**
 * The discrete Fourier transform of size `size` (the input's length: a correlation with `taps` taps
 * wraps around only into positions past its `outputs` valid ones, so no padding is needed).
 */
export function dftBasis(size: number, taps: number, outputs: number): DftBasis {
  const bins = Math.floor(size / 2) + 1;
  const rows = 2 * bins;
  const angle = (k: number) => (2 * Math.PI * (k % size)) / size;
  const forward = new Float32Array(rows * size);
  const tapBasis = new Float32Array(rows * taps);
  const inverse = new Float32Array(outputs * rows);
  for (let b = 0; b < bins; b++) {
    for (let x = 0; x < size; x++) {
      forward[2 * b * size + x] = Math.cos(angle(b * x));
      forward[(2 * b + 1) * size + x] = -Math.sin(angle(b * x));
    }
    for (let f = 0; f < taps; f++) {
      tapBasis[2 * b * taps + f] = Math.cos(angle(b * f));
      tapBasis[(2 * b + 1) * taps + f] = Math.sin(angle(b * f));
    }
    // A real signal's other bins mirror these: count them twice, but for 0 and (even sizes) size/2.
    const weight = (b === 0 || 2 * b === size ? 1 : 2) / size;
    for (let y = 0; y < outputs; y++) {
      inverse[y * rows + 2 * b] = weight * Math.cos(angle(b * y));
      inverse[y * rows + 2 * b + 1] = -weight * Math.sin(angle(b * y));
    }
  }
  return { bins, forward, taps: tapBasis, inverse };
}
