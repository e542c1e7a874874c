import * as tf from '@tensorflow/tfjs';
import { maxPoolTime, temporalConv } from '../temporal-conv.js';
import { styleConvName, type StyleModelConfig } from './style-model-config.js';

/**
 * The style CNN's forward pass over weights by name (tensors or training variables): segments of
 * log-mel frames [n, segmentFrames, nMels] in dB to class logits [n, classes].
 */
export function styleLogits(config: StyleModelConfig, w: ReadonlyMap<string, tf.Tensor>, segments: tf.Tensor3D): tf.Tensor2D {
  const get = <T extends tf.Tensor>(name: string) => w.get(name) as T;
  let h = tf.div(tf.sub(segments, get('input/mean')), get('input/std')) as tf.Tensor3D;
  config.channels.forEach((_, l) => {
    const name = styleConvName(l);
    h = maxPoolTime(tf.relu(temporalConv(h, get(`${name}/kernel`), get(`${name}/bias`))), config.pools[l]!);
  });
  const pooled = tf.concat([tf.mean(h, 1), tf.max(h, 1)], 1);
  const hidden = tf.relu(tf.add(tf.matMul(pooled, get('hidden/kernel')), get('hidden/bias')));
  return tf.add(tf.matMul(hidden, get('output/kernel')), get('output/bias')) as tf.Tensor2D;
}
