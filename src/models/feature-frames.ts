/** Feature frames of a recording: `frames` rows of `size` values, row-major. */
export interface FeatureFrames {
  readonly frames: number;
  readonly size: number;
  readonly data: Float32Array;
}

/**
 * Rows [start, start + length) of `features` as one array; rows past the end repeat the last
 * row, so an excerpt longer than the recording is padded, not cut short.
 */
export function featureExcerpt(features: FeatureFrames, start: number, length: number, into: Float32Array = new Float32Array(length * features.size)): Float32Array {
  const { size, frames, data } = features;
  const have = Math.max(0, Math.min(length, frames - start));
  into.set(data.subarray(start * size, (start + have) * size));
  for (let i = have; i < length; i++) into.set(data.subarray((frames - 1) * size, frames * size), i * size);
  return into;
}
