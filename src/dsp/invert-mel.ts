import type { MelFilterbank } from './mel.js';

/**
 * A non-negative spectrum (power or magnitude, whichever the bands were made from) whose mel
 * bands under `bank` are close to `mel`, into `out` (`bank.bins` values): non-negative least
 * squares by Lee & Seung's multiplicative updates, x ← x·(Mᵀy) / (MᵀMx), started from Mᵀy. Bins no
 * band covers come out 0. The least-squares answer spreads a band's energy over its bins as the
 * filters overlap; fine detail inside a band cannot come back.
 */
export function invertMel(bank: MelFilterbank, mel: ArrayLike<number>, out: Float64Array, iterations = 100): void {
  const { nMels, starts, weights } = bank;
  const target = new Float64Array(bank.bins);
  // Mᵀy: what each bin gets from the bands over it.
  for (let b = 0; b < nMels; b++) {
    const y = Math.max(0, mel[b]!);
    const w = weights[b]!;
    for (let j = 0; j < w.length; j++) target[starts[b]! + j]! += w[j]! * y;
  }
  out.set(target);
  const bands = new Float64Array(nMels);
  const back = new Float64Array(bank.bins);
  for (let it = 0; it < iterations; it++) {
    bank.apply(out, bands);
    back.fill(0);
    for (let b = 0; b < nMels; b++) {
      const w = weights[b]!;
      for (let j = 0; j < w.length; j++) back[starts[b]! + j]! += w[j]! * bands[b]!;
    }
    for (let k = 0; k < out.length; k++) out[k] = back[k]! > 1e-30 ? (out[k]! * target[k]!) / back[k]! : 0;
  }
}
