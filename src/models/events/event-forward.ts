import * as tf from '@tensorflow/tfjs';
import { maxPoolTime, temporalConv } from '../temporal-conv.js';
import { lateConvName, scaleConvName, type EventModelConfig } from './event-model-config.js';

/** What the detector says of a batch of excerpts. */
export interface EventOutput {
  /** Per segment and tag, after the Gaussian accumulation: [n, segments, tags], 0..1. */
  readonly segments: tf.Tensor3D;
  /** Per excerpt and tag, pooled over the segments: [n, tags], 0..1. */
  readonly clip: tf.Tensor2D;
}

/**
 * The event detector's forward pass over weights by name (tensors for inference, variables for
 * training). Input: log-mel frames [n, frames, scales·mels] in dB as eventFeatures computes
 * them; frames beyond a whole number of segments are dropped.
 */
export function eventForward(config: EventModelConfig, w: ReadonlyMap<string, tf.Tensor>, features: tf.Tensor3D): EventOutput {
  const get = <T extends tf.Tensor>(name: string) => w.get(name) as T;
  const conv = (x: tf.Tensor3D, name: string) => temporalConv(x, get(`${name}/kernel`), get(`${name}/bias`));
  const x = tf.div(tf.sub(features, get('input/mean')), get('input/std')) as tf.Tensor3D;
  const [n, frames] = x.shape;
  const scales = config.nFfts.map((_, s) => {
    let h = tf.slice(x, [0, 0, s * config.nMels], [n, frames, config.nMels]);
    config.earlyChannels.forEach((_, l) => {
      h = maxPoolTime(tf.relu(conv(h, scaleConvName(s, l))), config.pools[l]!);
    });
    return h;
  });
  let h = scales.length === 1 ? scales[0]! : tf.concat(scales, 2);
  config.lateChannels.forEach((_, l) => {
    h = tf.relu(conv(h, lateConvName(l)));
  });
  const segments = gaussianAccumulation(tf.sigmoid(conv(h, 'output')), get('gaussian/log_sigma'), config.gaussianRadius);
  const clip = config.clipPooling === 'mean' ? tf.mean(segments, 1) : tf.max(segments, 1);
  return { segments, clip: clip as tf.Tensor2D };
}

/**
 * Each tag's segment probabilities p [n, segments, tags] smoothed along time by a normalised
 * Gaussian of width σ = exp(logSigma) segments, reaching `radius` segments each way. Near the
 * ends the weights that fall outside are left out and the rest renormalised, so an excerpt's
 * first and last segments are not pulled towards zero.
 */
export function gaussianAccumulation(p: tf.Tensor3D, logSigma: tf.Tensor1D, radius: number): tf.Tensor3D {
  if (radius === 0) return p;
  const [n, segments, tags] = p.shape;
  const offsets = tf.range(-radius, radius + 1).reshape([-1, 1]);
  const sigma = tf.exp(logSigma);
  // [2r + 1, tags]: exp(−j² / 2σ²) for each offset j.
  const weights = tf.exp(tf.div(tf.neg(tf.square(offsets)), tf.mul(2, tf.square(sigma))));
  const pad = (t: tf.Tensor3D) =>
    tf.pad(t, [
      [0, 0],
      [radius, radius],
      [0, 0],
    ]);
  const padded = pad(p);
  const inside = pad(tf.ones([1, segments, tags]));
  let sum: tf.Tensor = tf.zeros([n, segments, tags]);
  let norm: tf.Tensor = tf.zeros([1, segments, tags]);
  for (let j = 0; j <= 2 * radius; j++) {
    const wj = tf.slice(weights, [j, 0], [1, tags]).reshape([1, 1, tags]);
    sum = tf.add(sum, tf.mul(tf.slice(padded, [0, j, 0], [n, segments, tags]), wj));
    norm = tf.add(norm, tf.mul(tf.slice(inside, [0, j, 0], [1, segments, tags]), wj));
  }
  return tf.div(sum, norm) as tf.Tensor3D;
}

