/**
 * Labels for the contrastive loss between consecutive encoder outputs, from the ground-truth
 * motion alone (Yalta et al., IJCNN 2019: the weak supervision that teaches the encoder where the
 * movement turns). `motion` holds `frames` vectors of `size` values each, frame-major (the
 * normalised motion vectors the model is trained on).
 *
 * - s[t] is the population standard deviation over the `size` components of frame t.
 * - The direction of change at t is sign(s[t+1] − s[t]), for t = 0 .. frames − 2.
 * - label[t], for the pair of frames (t, t + 1), is 0 where the direction flips (it is the
 *   opposite of the last non-zero direction before t) and 1 otherwise: while it is kept, where
 *   s does not change (sign 0: no turn), and where there is no earlier non-zero direction to
 *   compare with (at the start).
 *
 * The result has frames − 1 values (none for fewer than two frames).
 */
export function contrastiveLabels(motion: ArrayLike<number>, frames: number, size: number): Uint8Array {
  if (motion.length < frames * size) throw new RangeError(`contrastive labels: ${frames} frames of ${size} values need ${frames * size} values, got ${motion.length}`);
  const deviation = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let mean = 0;
    for (let k = 0; k < size; k++) mean += motion[t * size + k]!;
    mean /= size;
    let variance = 0;
    for (let k = 0; k < size; k++) variance += (motion[t * size + k]! - mean) ** 2;
    deviation[t] = Math.sqrt(variance / size);
  }
  const labels = new Uint8Array(Math.max(0, frames - 1));
  let previous = 0;
  for (let t = 0; t < labels.length; t++) {
    const direction = Math.sign(deviation[t + 1]! - deviation[t]!);
    labels[t] = direction !== 0 && previous !== 0 && direction !== previous ? 0 : 1;
    if (direction !== 0) previous = direction;
  }
  return labels;
}
