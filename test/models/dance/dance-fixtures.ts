import type { DanceModelConfig } from '../../../src/models/dance/dance-model-config.js';
import { DanceModel } from '../../../src/models/dance/dance-model.js';
import { seededRandom } from '../../../src/core/seeded-random.js';

/**
 * Small enough for tests to run in moments, shaped so that every code path runs: sizes that are not
 * whole vectors (padding), the paper's 33-bin kernel so that the second convolution goes through
 * the frequency domain while the others run directly.
 */
export const smallDanceConfig: DanceModelConfig = {
  spectrumFrames: 5,
  spectrumBins: 100,
  convChannels: [4, 8, 8],
  convKernel: [2, 33],
  lstmUnits: 9,
  encodedSize: 7,
  motionSize: 6,
};

/**
 * Weights as a trained model might have them: random kernels, and biases and batch-normalisation
 * statistics away from their initial values (so that folding them into the kernels is tested).
 */
export function trainedLikeWeights(config: DanceModelConfig, seed: number): Map<string, Float32Array> {
  const model = DanceModel.random(config, seed);
  const weights = model.weightValues();
  model.dispose();
  const random = seededRandom(seed);
  for (const [name, v] of weights) {
    for (let i = 0; i < v.length; i++) {
      if (name.endsWith('/gamma') || name.endsWith('/moving_variance')) v[i] = 0.5 + random();
      else if (name.endsWith('/moving_mean') || name.endsWith('/beta')) v[i] = random() - 0.5;
      else if (name.endsWith('/bias')) v[i]! += 0.4 * (random() - 0.5);
    }
  }
  return weights;
}

/** Spectrum stacks in [-1, 1] for `dancers` × `steps` motion frames, dancer-major. */
export function randomSpectra(config: DanceModelConfig, dancers: number, steps: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: dancers * steps * config.spectrumFrames * config.spectrumBins }, () => 2 * random() - 1);
}

/** Step t's spectra of every dancer, from `randomSpectra`'s layout, as the stream takes them. */
export function stepSpectra(config: DanceModelConfig, all: Float32Array, dancers: number, steps: number, t: number): Float32Array {
  const size = config.spectrumFrames * config.spectrumBins;
  const out = new Float32Array(dancers * size);
  for (let d = 0; d < dancers; d++) out.set(all.subarray((d * steps + t) * size, (d * steps + t + 1) * size), d * size);
  return out;
}
