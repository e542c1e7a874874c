import { hertz } from '../../core/units.js';
import { logMel } from '../../dsp/log-mel.js';
import type { FeatureFrames } from '../feature-frames.js';
import type { StyleModelConfig } from './style-model-config.js';

/** The log-mel frames (dB) of a whole signal at the model's rate; frame i is centred on sample i·hop. */
export function styleFeatures(samples: Float32Array, config: StyleModelConfig): FeatureFrames {
  const rows = logMel(samples, { sampleRate: hertz(config.sampleRate), nFft: config.nFft, hop: config.hop, nMels: config.nMels, center: 'zeros' });
  const data = new Float32Array(rows.length * config.nMels);
  rows.forEach((row, i) => data.set(row, i * config.nMels));
  return { frames: rows.length, size: config.nMels, data };
}
