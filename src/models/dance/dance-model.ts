import * as tf from '@tensorflow/tfjs';
import { TerpsiError } from '../../core/errors.js';
import { convShape, danceLstmLayers, normEpsilon, type DanceModelConfig } from './dance-model-config.js';
import { dftBasis } from './dft-basis.js';
import { lstmCell } from './lstm-cell.js';
import { convName, danceWeightProblems, danceWeightShapes, denseName, lstmName, normName, type DanceWeights } from './dance-weights.js';

/** Batch normalisation's moving-average decay (Keras's default). */
const normMomentum = 0.99;

/**
 * Recurrent state between windows: `h` and `c` of the encoder's LSTM layers then the decoder's,
 * each [batch, units], and the pose the decoder takes as its previous one next, [batch, motion].
 */
export interface DanceState {
  readonly h: readonly tf.Tensor2D[];
  readonly c: readonly tf.Tensor2D[];
  readonly pose: tf.Tensor2D;
}

export interface DanceForwardOptions {
  /** Where the sequence starts; rest (zero state, zero pose) by default. */
  readonly state?: DanceState;
  /** Batch normalisation on the batch's statistics, updating its moving averages (for training). */
  readonly training?: boolean;
  /**
   * Teacher forcing: at each step after the first, each sequence's previous-pose input is the
   * ground truth `targets[:, t − 1]` with `probability`, else the model's own output. Drawn per
   * sequence and step from `random` (uniform in [0, 1)).
   */
  readonly teacherForcing?: { readonly targets: tf.Tensor3D; readonly probability: number; readonly random: () => number };
}

export interface DanceForward {
  /** Predicted poses [batch, steps, motion]. */
  readonly motion: tf.Tensor3D;
  /** The encoder's outputs [batch, steps, encoded]: what the contrastive loss compares step to step. */
  readonly encoded: tf.Tensor3D;
  /** State after the last step, to carry into the next window. */
  readonly state: DanceState;
}

/** The transform that turns one convolution into per-bin products, as tensors (see dftBasis). */
interface Spectral {
  readonly bins: number;
  /** [2·bins][size], rows real parts then imaginary parts (dftBasis interleaves them). */
  readonly forward: tf.Tensor2D;
  readonly taps: tf.Tensor2D;
  readonly inverse: tf.Tensor2D;
}

function spectral(size: number, taps: number, outputs: number): Spectral {
  const basis = dftBasis(size, taps, outputs);
  const rows = 2 * basis.bins;
  // The forward transform's rows all real parts, then all imaginary ones.
  const forward = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) forward.set(basis.forward.subarray(r * size, (r + 1) * size), ((r % 2) * basis.bins + (r >> 1)) * size);
  return {
    bins: basis.bins,
    forward: tf.tensor2d(forward, [rows, size]),
    taps: tf.tensor2d(basis.taps, [rows, taps]),
    inverse: tf.tensor2d(basis.inverse, [outputs, rows]),
  };
}

/**
 * The dance generator as differentiable tfjs operations over whole sequences, for training and as
 * the reference the streaming kernels are checked against. Weights are tf.Variables named as in
 * {@link danceWeightShapes}.
 *
 * The convolutions run in the frequency domain along bins, as matrix products: the same function as
 * a direct convolution, with a quarter of the multiply-adds for the paper's 33-bin kernels, and
 * with gradients on every backend (tfjs's WebAssembly backend has no convolution filter gradient).
 *
 * Memory in training: tfjs keeps each step's weight gradients until the backward pass ends, about
 * 75 MB per step at the paper's size whatever the batch, so 150-step sequences train as windows
 * carried from one to the next through `state` (truncated back-propagation through time); at the
 * paper's size 30-step windows fit the WebAssembly backend's memory.
 */
export class DanceModel {
  readonly #weights = new Map<string, tf.Variable>();
  readonly #spectral: readonly Spectral[];

  /** Copies `weights` into variables; a set that does not fit the configuration is refused. */
  constructor(
    readonly config: DanceModelConfig,
    weights: DanceWeights,
  ) {
    const problems = danceWeightProblems(config, weights);
    if (problems.length > 0) throw new TerpsiError('E_PARAM', `dance model weights do not fit the configuration: ${problems.join('; ')}`);
    for (const { name, shape } of danceWeightShapes(config)) {
      const trainable = !name.endsWith('/moving_mean') && !name.endsWith('/moving_variance');
      const initial = tf.tensor(weights.get(name)!, [...shape], 'float32');
      this.#weights.set(name, tf.variable(initial, trainable));
      initial.dispose();
    }
    this.#spectral = config.convChannels.map((_, l) => spectral(l === 0 ? config.spectrumBins : convShape(config, l - 1).bins, config.convKernel[1], convShape(config, l).bins));
  }

  /**
   * Fresh weights: Glorot-uniform kernels drawn from `seed`, zero biases but the LSTM forget gates'
   * (one, so that memory is kept from the start), batch normalisation as the identity.
   */
  static random(config: DanceModelConfig, seed: number): DanceModel {
    const values = new Map<string, Float32Array>();
    tf.tidy(() => {
      danceWeightShapes(config).forEach(({ name, shape }, i) => {
        const size = shape.reduce((a, b) => a * b, 1);
        let v: Float32Array;
        if (name.endsWith('kernel')) {
          v = tf.initializers.glorotUniform({ seed: seed * 1000 + i }).apply([...shape]).dataSync() as Float32Array;
        } else if (name.endsWith('/gamma') || name.endsWith('/moving_variance')) {
          v = new Float32Array(size).fill(1);
        } else {
          v = new Float32Array(size);
          if (name.includes('/lstm')) v.fill(1, size / 4, size / 2);
        }
        values.set(name, v);
      });
    });
    return new DanceModel(config, values);
  }

  /** The variables gradient descent updates (all but batch normalisation's moving statistics). */
  get trainable(): tf.Variable[] {
    return [...this.#weights.values()].filter((v) => v.trainable);
  }

  /** Current weight values, copied out, by name in storage order. */
  weightValues(): Map<string, Float32Array> {
    return new Map([...this.#weights].map(([name, v]) => [name, v.dataSync() as Float32Array]));
  }

  /** Rest: zero LSTM state, zero pose. */
  restState(batch: number): DanceState {
    const units = this.config.lstmUnits;
    const zeros = () => Array.from({ length: 2 * danceLstmLayers }, () => tf.zeros([batch, units]) as tf.Tensor2D);
    return { h: zeros(), c: zeros(), pose: tf.zeros([batch, this.config.motionSize]) };
  }

  /**
   * Runs sequences of spectrum stacks [batch, steps, spectrumFrames, spectrumBins] (normalised to
   * [-1, 1]) through the network, the decoder feeding back its own previous output unless teacher
   * forcing says otherwise. Differentiable end to end.
   */
  forward(spectra: tf.Tensor4D, options: DanceForwardOptions = {}): DanceForward {
    const { spectrumFrames, spectrumBins, lstmUnits: units } = this.config;
    const [batch, steps, frames, bins] = spectra.shape;
    if (frames !== spectrumFrames || bins !== spectrumBins || steps < 1) {
      throw new TerpsiError('E_PARAM', `dance model: spectra are [${spectra.shape.join(', ')}], the model takes [batch, steps ≥ 1, ${spectrumFrames}, ${spectrumBins}]`);
    }
    const forcing = options.teacherForcing;
    if (forcing && (forcing.targets.shape[0] !== batch || forcing.targets.shape[1] !== steps || forcing.targets.shape[2] !== this.config.motionSize)) {
      throw new TerpsiError('E_PARAM', `dance model: teacher-forcing targets are [${forcing.targets.shape.join(', ')}], expected [${batch}, ${steps}, ${this.config.motionSize}]`);
    }
    const w = (name: string) => this.#weights.get(name)!;
    return tf.tidy(() => {
      const start = options.state ?? this.restState(batch);
      let x: tf.Tensor4D = tf.reshape(spectra, [batch * steps, frames, bins, 1]);
      this.config.convChannels.forEach((_, l) => {
        x = this.#convolve(x, w(`${convName(l)}/kernel`) as tf.Tensor4D, this.#spectral[l]!);
        x = tf.elu(this.#normalize(x, l, options.training ?? false));
      });
      const h: tf.Tensor2D[] = [];
      const c: tf.Tensor2D[] = [];
      let sequence = tf.reshape(x, [batch * steps, -1]) as tf.Tensor2D;
      for (let l = 0; l < danceLstmLayers; l++) {
        const name = lstmName('encoder', l);
        const projected = tf.unstack(tf.reshape(tf.add(tf.matMul(sequence, w(`${name}/kernel`)), w(`${name}/bias`)), [batch, steps, 4 * units]), 1) as tf.Tensor2D[];
        let hl = start.h[l]!;
        let cl = start.c[l]!;
        const outputs: tf.Tensor2D[] = [];
        for (const p of projected) {
          [hl, cl] = this.#cell(name, p, hl, cl);
          outputs.push(hl);
        }
        h.push(hl);
        c.push(cl);
        sequence = tf.reshape(tf.stack(outputs, 1), [batch * steps, units]);
      }
      const encoded2d = tf.tanh(tf.add(tf.matMul(sequence, w(`${denseName('encoder')}/kernel`)), w(`${denseName('encoder')}/bias`)));
      const encoded = tf.reshape(encoded2d, [batch, steps, this.config.encodedSize]) as tf.Tensor3D;

      const encodedSteps = tf.unstack(encoded, 1) as tf.Tensor2D[];
      const targetSteps = forcing && forcing.probability > 0 ? (tf.unstack(forcing.targets, 1) as tf.Tensor2D[]) : undefined;
      const dh = start.h.slice(danceLstmLayers);
      const dc = start.c.slice(danceLstmLayers);
      let pose = start.pose;
      const poses: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        let input = tf.concat([pose, encodedSteps[t]!], 1);
        for (let l = 0; l < danceLstmLayers; l++) {
          const name = lstmName('decoder', l);
          [dh[l], dc[l]] = this.#cell(name, tf.add(tf.matMul(input, w(`${name}/kernel`)), w(`${name}/bias`)), dh[l]!, dc[l]!);
          input = dh[l]!;
        }
        const y = tf.elu(tf.add(tf.matMul(input, w(`${denseName('decoder')}/kernel`)), w(`${denseName('decoder')}/bias`))) as tf.Tensor2D;
        poses.push(y);
        pose = targetSteps ? this.#force(y, targetSteps[t]!, forcing!) : y;
      }
      return { motion: tf.stack(poses, 1) as tf.Tensor3D, encoded, state: { h: [...h, ...dh], c: [...c, ...dc], pose } };
    });
  }

  /** Number of weights. */
  get params(): number {
    let n = 0;
    for (const v of this.#weights.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.#weights.values()) v.dispose();
    this.#weights.clear();
    for (const s of this.#spectral) tf.dispose([s.forward, s.taps, s.inverse]);
  }

  /**
   * Unpadded stride-1 convolution of x [n, frames, bins, in] with kernel [kt, kf, in, out]: along
   * bins a correlation, which the transform makes a complex product per bin; summed over the
   * kernel's frames and input channels, that is one matrix product per bin.
   */
  #convolve(x: tf.Tensor4D, kernel: tf.Tensor4D, basis: Spectral): tf.Tensor4D {
    const [n, frames, bins, channels] = x.shape;
    const [kt, kf, , out] = kernel.shape;
    const outFrames = frames - kt + 1;
    const nb = basis.bins;
    const m = n * outFrames;
    // The transform along bins: [(re/im, bin, stack), frame, channel].
    const columns = tf.reshape(tf.transpose(tf.reshape(x, [n * frames, bins, channels]), [1, 0, 2]), [bins, n * frames * channels]);
    const spectra = tf.reshape(tf.matMul(basis.forward, columns), [2 * nb * n, frames, channels]);
    // Per bin: rows (stack, output frame), columns (kernel frame, re/im, input channel).
    const inputs = tf.concat(
      Array.from({ length: kt }, (_, t) => tf.split(tf.reshape(tf.slice(spectra, [0, t, 0], [-1, outFrames, -1]), [2, nb, m * channels]), 2, 0)).flatMap((parts) => parts.map((p) => tf.reshape(p, [nb, m, channels]))),
      2,
    );
    const taps = tf.reshape(tf.matMul(tf.reshape(tf.transpose(kernel, [0, 2, 3, 1]), [kt * channels * out, kf]), basis.taps, false, true), [-1, 2]);
    const [re, im] = tf.split(taps, 2, 1).map((v) => tf.transpose(tf.reshape(v, [kt, channels, out, nb]), [3, 0, 1, 2]));
    // (x_re + i·x_im)(w_re + i·w_im): rows for x_re give [w_re | w_im], rows for x_im [−w_im | w_re].
    const weights = tf.reshape(tf.stack([tf.concat([re!, im!], 3), tf.concat([tf.neg(im!), re!], 3)], 2), [nb, kt * 2 * channels, 2 * out]);
    // Products [bin, (stack, frame), (re/im, channel)] → [(bin, re/im), (stack, frame, channel)] for the way back.
    const products = tf.reshape(tf.transpose(tf.reshape(tf.matMul(inputs, weights), [nb, m, 2, out]), [0, 2, 1, 3]), [2 * nb, m * out]);
    const y = tf.transpose(tf.reshape(tf.matMul(basis.inverse, products), [bins - kf + 1, m, out]), [1, 0, 2]);
    return tf.reshape(y, [n, outFrames, bins - kf + 1, out]);
  }

  /** One LSTM step given the input's projection `xk` (x · kernel + bias). */
  #cell(name: string, xk: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    return lstmCell(tf.add(xk, tf.matMul(h, this.#weights.get(`${name}/recurrent_kernel`)!)), c);
  }

  #normalize(x: tf.Tensor4D, layer: number, training: boolean): tf.Tensor4D {
    const w = (name: string) => this.#weights.get(`${normName(layer)}/${name}`)!;
    let mean: tf.Tensor = w('moving_mean');
    let variance: tf.Tensor = w('moving_variance');
    if (training) {
      ({ mean, variance } = tf.moments(x, [0, 1, 2]));
      w('moving_mean').assign(tf.add(tf.mul(w('moving_mean'), normMomentum), tf.mul(mean, 1 - normMomentum)));
      w('moving_variance').assign(tf.add(tf.mul(w('moving_variance'), normMomentum), tf.mul(variance, 1 - normMomentum)));
    }
    // Spelled out: the gradient of tf.batchNorm tiles its parameters to the input's size.
    const scale = tf.mul(w('gamma'), tf.rsqrt(tf.add(variance, normEpsilon)));
    return tf.add(tf.mul(tf.sub(x, mean), scale), w('beta'));
  }

  /** The previous-pose input after `y`: each sequence's ground truth with the given probability. */
  #force(y: tf.Tensor2D, target: tf.Tensor2D, forcing: NonNullable<DanceForwardOptions['teacherForcing']>): tf.Tensor2D {
    const batch = y.shape[0];
    const mask = new Float32Array(batch);
    for (let b = 0; b < batch; b++) mask[b] = forcing.random() < forcing.probability ? 1 : 0;
    const m = tf.tensor2d(mask, [batch, 1]);
    return tf.add(tf.mul(m, target), tf.mul(tf.sub(1, m), y));
  }
}
