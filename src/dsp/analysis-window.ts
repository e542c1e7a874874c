/** The analysis windows an STFT can use. */
export type WindowKind = 'hann' | 'hamming';

/** a0 of the raised cosine a0 − (1 − a0)·cos(2πi/n) each kind is. */
const raisedCosine: Readonly<Record<WindowKind, number>> = { hann: 0.5, hamming: 0.54 };

/**
 * Periodic (DFT-even) window of `size` samples, as scipy.signal.get_window(kind, size,
 * fftbins=True) gives it and librosa uses: the symmetric window of size + 1 without its last
 * sample. A window of one sample is [1], as in scipy.
 */
export function analysisWindow(kind: WindowKind, size: number): Float64Array {
  const w = new Float64Array(size);
  if (size === 1) return w.fill(1);
  const a0 = raisedCosine[kind];
  for (let i = 0; i < size; i++) w[i] = a0 - (1 - a0) * Math.cos((2 * Math.PI * i) / size);
  return w;
}
