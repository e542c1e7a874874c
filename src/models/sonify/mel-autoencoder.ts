import * as tf from '@tensorflow/tfjs';
import { maxPoolTime, temporalConv } from '../temporal-conv.js';
import type { SonifyModelConfig } from './sonify-model-config.js';

type Weights = ReadonlyMap<string, tf.Tensor>;

const w = <T extends tf.Tensor>(weights: Weights, name: string) => weights.get(name) as T;

/** Codes [n, code] of patches [n, patchFrames, nMels] scaled to 0..1. */
export function encodePatches(c: SonifyModelConfig, weights: Weights, patches: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    let x = patches;
    c.encoderChannels.forEach((_, l) => {
      x = tf.relu(temporalConv(x, w(weights, `encoder/conv${l + 1}/kernel`), w(weights, `encoder/conv${l + 1}/bias`)));
      x = maxPoolTime(x, c.pools[l]!);
    });
    const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
    return tf.tanh(tf.add(tf.matMul(flat, w<tf.Tensor2D>(weights, 'encoder/code/kernel')), w(weights, 'encoder/code/bias'))) as tf.Tensor2D;
  });
}

/** Patches [n, patchFrames, nMels] in 0..1 from codes [n, code]. */
export function decodePatches(c: SonifyModelConfig, weights: Weights, codes: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    let x = codes;
    c.decoderHidden.forEach((_, l) => {
      x = tf.relu(tf.add(tf.matMul(x, w<tf.Tensor2D>(weights, `decoder/dense${l + 1}/kernel`)), w(weights, `decoder/dense${l + 1}/bias`))) as tf.Tensor2D;
    });
    const out = tf.sigmoid(tf.add(tf.matMul(x, w(weights, 'decoder/out/kernel')), w(weights, 'decoder/out/bias')));
    return tf.reshape(out, [codes.shape[0], c.patchFrames, c.nMels]);
  });
}
