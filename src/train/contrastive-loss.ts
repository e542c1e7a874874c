import * as tf from '@tensorflow/tfjs';

/**
 * Keeps the distance's gradient finite where two outputs coincide (d = 0): changes d by at most
 * 1e-6, far below any margin.
 */
const distanceFloor = 1e-12;

/**
 * The contrastive loss (Hadsell, Chopra and LeCun, CVPR 2006) between consecutive encoder outputs
 * `encoded` [batch, steps, size]: for each pair (t, t + 1) of a sequence, with d their Euclidean
 * distance and y = `labels`[b, t] ([batch, steps − 1], 1 or 0), y·d² + (1 − y)·max(0, margin − d)²,
 * averaged over all pairs. Label 1 pulls the two outputs together, label 0 pushes them at least
 * `margin` apart. Differentiable; a scalar tensor.
 */
export function contrastiveLoss(encoded: tf.Tensor3D, labels: tf.Tensor2D, margin: number): tf.Scalar {
  const [batch, steps, size] = encoded.shape;
  if (labels.shape[0] !== batch || labels.shape[1] !== steps - 1) {
    throw new RangeError(`contrastive loss: labels are [${labels.shape.join(', ')}], ${batch} sequences of ${steps} steps need [${batch}, ${steps - 1}]`);
  }
  return tf.tidy(() => {
    const next = tf.slice(encoded, [0, 1, 0], [batch, steps - 1, size]);
    const current = tf.slice(encoded, [0, 0, 0], [batch, steps - 1, size]);
    const squared = tf.sum(tf.square(tf.sub(next, current)), 2);
    const distance = tf.sqrt(tf.add(squared, distanceFloor));
    const apart = tf.square(tf.relu(tf.sub(margin, distance)));
    return tf.mean(tf.add(tf.mul(labels, squared), tf.mul(tf.sub(1, labels), apart))) as tf.Scalar;
  });
}
