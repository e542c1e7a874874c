import { hertz } from '../../core/units.js';
import { multiScaleLogMel } from '../../dsp/log-mel.js';
import type { FeatureFrames } from '../feature-frames.js';
import { eventInputSize, type EventModelConfig } from './event-model-config.js';

/**
 * The multi-scale log-mel frames (dB) of a whole signal at the model's rate, each frame's scales
 * one after another: frame i of every scale is
 * centred on sample i·hop (the signal padded with zeros by half the longest frame on each side),
 * so frame i stands for time i·hop / sampleRate.
 */
export function eventFeatures(samples: Float32Array, config: EventModelConfig): FeatureFrames {
  const rows = multiScaleLogMel(samples, { sampleRate: hertz(config.sampleRate), hop: config.hop, nFfts: config.nFfts, nMels: config.nMels, center: 'zeros' });
  const size = eventInputSize(config);
  const data = new Float32Array(rows.length * size);
  rows.forEach((scales, i) => scales.forEach((row, s) => data.set(row, i * size + s * config.nMels)));
  return { frames: rows.length, size, data };
}
