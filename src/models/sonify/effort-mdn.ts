import * as tf from '@tensorflow/tfjs';
import { lstmCell } from '../dance/lstm-cell.js';
import type { SonifyModelConfig } from './sonify-model-config.js';

type Weights = ReadonlyMap<string, tf.Tensor>;

/** A mixture of diagonal Gaussians per example: logits [n, K], means and log σ [n, K, D]. */
export interface Mixture {
  readonly logits: tf.Tensor2D;
  readonly means: tf.Tensor3D;
  readonly logSigmas: tf.Tensor3D;
}

/** Log σ is kept in this range: a component collapsing onto one training code would make the likelihood unbounded. */
const logSigmaRange = [-7, 3] as const;

/**
 * Raw efforts as the network takes them: log(e + 0.001), so that the efforts' wide and skewed
 * ranges (a still body's weight is 0, a leap's hundreds) become comparable steps.
 */
export function logEfforts(efforts: tf.Tensor): tf.Tensor {
  return tf.log(tf.add(tf.relu(efforts), 1e-3));
}

/**
 * The mixture over codes for raw effort sequences [n, windows, 5]: log efforts standardised
 * with the training segments' statistics, LSTM layers over the windows, dense layers on the last state.
 */
export function effortMixture(c: SonifyModelConfig, weights: Weights, efforts: tf.Tensor3D): Mixture {
  return tf.tidy(() => {
    const [n, steps] = efforts.shape;
    const scaled = tf.div(tf.sub(logEfforts(efforts), weights.get('input/mean')!), weights.get('input/std')!);
    let inputs = tf.unstack(scaled, 1) as tf.Tensor2D[];
    c.lstmUnits.forEach((units, l) => {
      const kernel = weights.get(`lstm${l + 1}/kernel`) as tf.Tensor2D;
      const recurrent = weights.get(`lstm${l + 1}/recurrent`) as tf.Tensor2D;
      const bias = weights.get(`lstm${l + 1}/bias`) as tf.Tensor1D;
      let h: tf.Tensor2D = tf.zeros([n, units]);
      let state: tf.Tensor2D = tf.zeros([n, units]);
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        const z = tf.add(tf.add(tf.matMul(inputs[t]!, kernel), tf.matMul(h, recurrent)), bias) as tf.Tensor2D;
        [h, state] = lstmCell(z, state);
        outputs.push(h);
      }
      inputs = outputs;
    });
    let x = inputs.at(-1)!;
    c.mdnHidden.forEach((_, l) => {
      x = tf.relu(tf.add(tf.matMul(x, weights.get(`mdn/dense${l + 1}/kernel`) as tf.Tensor2D), weights.get(`mdn/dense${l + 1}/bias`)!)) as tf.Tensor2D;
    });
    const out = tf.add(tf.matMul(x, weights.get('mdn/out/kernel') as tf.Tensor2D), weights.get('mdn/out/bias')!) as tf.Tensor2D;
    const k = c.components;
    const d = c.code;
    const logits = tf.slice(out, [0, 0], [n, k]);
    const means = tf.reshape(tf.slice(out, [0, k], [n, k * d]), [n, k, d]) as tf.Tensor3D;
    const logSigmas = tf.clipByValue(tf.reshape(tf.slice(out, [0, k + k * d], [n, k * d]), [n, k, d]), ...logSigmaRange) as tf.Tensor3D;
    return { logits, means, logSigmas };
  });
}

/** Mean negative log-likelihood of codes [n, D] under the mixtures, per code dimension (so sizes compare). */
export function mixtureLoss(mixture: Mixture, codes: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const d = mixture.means.shape[2];
    const z = tf.div(tf.sub(tf.expandDims(codes, 1), mixture.means), tf.exp(mixture.logSigmas));
    const logDensity = tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), 2)), tf.add(tf.sum(mixture.logSigmas, 2), 0.5 * d * Math.log(2 * Math.PI)));
    const logWeights = tf.logSoftmax(mixture.logits);
    const perExample = tf.neg(tf.logSumExp(tf.add(logWeights, logDensity), 1));
    return tf.div(tf.mean(perExample), d) as tf.Scalar;
  });
}

/**
 * One code drawn from each mixture [n, D]. The temperature τ sharpens or flattens it: component
 * weights ∝ π^(1/τ), deviations × √τ; τ → 0 gives the most likely component's mean. `random`
 * gives uniform numbers in [0, 1).
 */
export function sampleMixture(mixture: Mixture, temperature: number, random: () => number): Float32Array[] {
  const [n, k, d] = mixture.means.shape;
  const logits = mixture.logits.arraySync();
  const means = mixture.means.dataSync();
  const logSigmas = mixture.logSigmas.dataSync();
  const codes: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = logits[i]!;
    let chosen = row.indexOf(Math.max(...row));
    if (temperature > 0) {
      const top = Math.max(...row);
      const weights = row.map((l) => Math.exp((l - top) / temperature));
      let u = random() * weights.reduce((a, b) => a + b, 0);
      chosen = weights.findIndex((wt) => (u -= wt) < 0);
      if (chosen < 0) chosen = k - 1;
    }
    const code = new Float32Array(d);
    const base = (i * k + chosen) * d;
    const spread = Math.sqrt(Math.max(0, temperature));
    for (let j = 0; j < d; j++) code[j] = means[base + j]! + spread * Math.exp(logSigmas[base + j]!) * gaussian(random);
    codes.push(code);
  }
  return codes;
}

/** A standard normal number (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
