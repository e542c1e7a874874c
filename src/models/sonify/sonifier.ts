import * as tf from '@tensorflow/tfjs';
import { weightTensors } from '../weight-tensors.js';
import { effortMixture, sampleMixture } from './effort-mdn.js';
import { decodePatches } from './mel-autoencoder.js';
import { effortsPerWindow, sonifyWeightShapes } from './sonify-model-config.js';
import type { SonifyModelFiles } from './sonify-model-files.js';

/** A loaded sonify model: efforts in, a decoded log-mel patch out. Call dispose() when done with it. */
export class Sonifier {
  readonly #weights: Map<string, tf.Tensor>;

  constructor(readonly model: SonifyModelFiles) {
    this.#weights = weightTensors(model.weights, sonifyWeightShapes(model.config));
  }

  /**
   * The patch (patchFrames rows of nMels values in 0..1) for one segment's efforts (windows × 5):
   * a code drawn from the mixture at `temperature` (0: the likeliest component's mean), decoded.
   */
  patch(efforts: Float32Array, temperature: number, random: () => number): Float32Array[] {
    const c = this.model.config;
    const code = tf.tidy(() => sampleMixture(effortMixture(c, this.#weights, tf.tensor3d(efforts, [1, c.windows, effortsPerWindow])), temperature, random)[0]!);
    const patch = tf.tidy(() => decodePatches(c, this.#weights, tf.tensor2d(code, [1, c.code])).dataSync() as Float32Array);
    return Array.from({ length: c.patchFrames }, (_, j) => patch.subarray(j * c.nMels, (j + 1) * c.nMels));
  }

  dispose(): void {
    for (const t of this.#weights.values()) t.dispose();
  }
}
