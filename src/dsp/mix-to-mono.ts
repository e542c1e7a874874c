/**
 * The mean of the channels of each interleaved sample frame. Writes into `into` when it is long
 * enough (a live node reuses one buffer block after block) and returns exactly the frames mixed.
 */
export function mixToMono(samples: Float32Array, channels: number, into?: Float32Array): Float32Array {
  const n = Math.floor(samples.length / channels);
  const out = into && into.length >= n ? into.subarray(0, n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[i * channels + c]!;
    out[i] = sum / channels;
  }
  return out;
}
