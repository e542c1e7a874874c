import type { DanceModelConfig } from '../../../src/models/dance/dance-model-config.js';
import { saveDanceModel } from '../../../src/models/dance/dance-model-files.js';
import { danceWeightShapes, shapeSize } from '../../../src/models/dance/dance-weights.js';
import { motionVectorLength, MotionNormalization } from '../../../src/movement/motion-vector.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** The live generator's input and output sizes with the smallest network: steps take microseconds. */
export const tinyDanceConfig: DanceModelConfig = {
  spectrumFrames: 5,
  spectrumBins: 129,
  convChannels: [2, 3],
  convKernel: [2, 33],
  lstmUnits: 8,
  encodedSize: 4,
  motionSize: motionVectorLength,
};

/** A normalisation as a dance data set gives: roots within 10 cm, quaternion w up to 1 and x, y, z up to 0.5. */
export function testNormalization(): MotionNormalization {
  const most = Float32Array.from({ length: motionVectorLength }, (_, k) => (k < 3 ? 0.1 : (k - 3) % 4 === 0 ? 1 : 0.5));
  return MotionNormalization.fit([most, most.map((v) => -v)]);
}

export interface RandomDanceModelOptions {
  /** Sizes; `tinyDanceConfig` by default. */
  readonly config?: DanceModelConfig;
  /**
   * Factor on the Glorot-uniform kernels; default 1. At 1 the tiny network soon settles into an
   * almost still pose; at 3 its state swings with the music, so it keeps moving and turning.
   */
  readonly gain?: number;
  /** Changes weights by name before they are saved. */
  readonly tweak?: (name: string, values: Float32Array) => void;
}

/**
 * Saves a model with (scaled) Glorot-uniform kernels drawn from `seed` (biases 0 but the LSTM forget
 * gates' 1, batch normalisation the identity) and `testNormalization` into `dir`. Returns `dir`.
 */
export function saveRandomDanceModel(dir: string, seed: number, options: RandomDanceModelOptions = {}): string {
  const { config = tinyDanceConfig, gain = 1, tweak } = options;
  const random = seededRandom(seed);
  const weights = new Map<string, Float32Array>();
  for (const { name, shape } of danceWeightShapes(config)) {
    const values = new Float32Array(shapeSize(shape));
    if (name.endsWith('kernel')) {
      const fanOut = shape[shape.length - 1]!;
      const limit = gain * Math.sqrt(6 / (values.length / fanOut + fanOut));
      for (let i = 0; i < values.length; i++) values[i] = limit * (2 * random() - 1);
    } else if (name.endsWith('/gamma') || name.endsWith('/moving_variance')) {
      values.fill(1);
    } else if (name.includes('/lstm')) {
      values.fill(1, values.length / 4, values.length / 2);
    }
    tweak?.(name, values);
    weights.set(name, values);
  }
  saveDanceModel(dir, { config, normalization: testNormalization().toJSON(), weights });
  return dir;
}

/**
 * A song-like test signal at 16 kHz: a kick every 0.5 s (120 BPM) over a chord whose loudness
 * swells, so the features change from slice to slice.
 */
export function testSong(seconds: number, sampleRate = 16000): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const beat = t % 0.5;
    const kick = Math.exp(-beat * 30) * Math.sin(2 * Math.PI * 60 * beat * (1 + 2 * Math.exp(-beat * 40)));
    const chord = (0.1 + 0.05 * Math.sin(2 * Math.PI * 0.3 * t)) * (Math.sin(2 * Math.PI * 220 * t) + Math.sin(2 * Math.PI * 277 * t) + Math.sin(2 * Math.PI * 330 * t));
    out[i] = 0.5 * kick + 0.3 * chord;
  }
  return out;
}
