/** RMS level of `samples` in dB of full scale; −Infinity for silence or no samples. Non-finite samples count as silence. */
export function rmsDb(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (Number.isFinite(v)) sum += v * v;
  }
  return samples.length > 0 ? 10 * Math.log10(sum / samples.length) : -Infinity;
}
