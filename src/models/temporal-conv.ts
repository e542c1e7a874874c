import * as tf from '@tensorflow/tfjs';

/**
 * Stride-1 convolution along time of x [n, frames, in] with kernel [k, in, out] and bias [out],
 * zero-padded so that output frame i is centred on input frame i ('same'). It runs as one matrix
 * product over k shifted copies of x: tfjs's WebAssembly backend has no gradient for a
 * convolution's filter, and slices, concatenation and products have gradients on every backend.
 */
export function temporalConv(x: tf.Tensor3D, kernel: tf.Tensor3D, bias: tf.Tensor1D): tf.Tensor3D {
  const [n, frames, channels] = x.shape;
  const [k, , out] = kernel.shape;
  let columns: tf.Tensor3D = x;
  if (k > 1) {
    const before = Math.floor((k - 1) / 2);
    const padded = tf.pad(x, [
      [0, 0],
      [before, k - 1 - before],
      [0, 0],
    ]);
    columns = tf.concat(Array.from({ length: k }, (_, j) => tf.slice(padded, [0, j, 0], [n, frames, channels])), 2);
  }
  const y = tf.matMul(tf.reshape(columns, [n * frames, k * channels]), tf.reshape(kernel, [k * channels, out]));
  return tf.reshape(tf.add(y, bias), [n, frames, out]);
}

/** Max over non-overlapping runs of `size` frames of x [n, frames, c]; a last partial run is dropped. */
export function maxPoolTime(x: tf.Tensor3D, size: number): tf.Tensor3D {
  if (size === 1) return x;
  const [n, frames, channels] = x.shape;
  const kept = Math.floor(frames / size);
  const whole = kept * size === frames ? x : tf.slice(x, [0, 0, 0], [n, kept * size, channels]);
  return tf.max(tf.reshape(whole, [n, kept, size, channels]), 2);
}
