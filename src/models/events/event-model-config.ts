import { z } from 'zod';
import type { WeightShape } from '../weights-file.js';

const size = z.number().int().min(1);

/**
 * The event detector's shape (Liu & Yang, "Event localization in music auto-tagging", 2016): a
 * fully convolutional network over multi-scale log-mel frames. Per scale, early convolutions
 * along time with max pooling; the scales concatenated; late 1×1 convolutions; one sigmoid per
 * tag per segment; a Gaussian accumulation layer with a learnable width per tag; mean or max
 * pooling over the segments to a clip prediction, which is all training sees.
 */
export const eventModelConfigSchema = z.strictObject({
  /** Tag names, in output order. */
  tags: z.array(z.string().regex(/^[a-z0-9_]+$/, 'tags are lower-case letters, digits and _')).min(1),
  sampleRate: z.number().positive(),
  /** Samples between frames, all scales. */
  hop: size,
  /** Frame length of each scale, samples. */
  nFfts: z.array(size).min(1),
  nMels: size,
  /** Channels of each early convolution (every scale has the same stack). */
  earlyChannels: z.array(size).min(1),
  /** Frames each early convolution spans. */
  earlyKernel: size,
  /** Max pooling after each early convolution, frames; their product is the segment stride. */
  pools: z.array(size).min(1),
  /** Channels of each late 1×1 convolution. */
  lateChannels: z.array(size),
  /** Segments the Gaussian accumulation reaches on each side. */
  gaussianRadius: z.number().int().min(0),
  clipPooling: z.enum(['mean', 'max']),
});

export type EventModelConfig = z.infer<typeof eventModelConfigSchema>;

/** Frames per segment: the product of the pools. */
export const segmentStride = (config: EventModelConfig) => config.pools.reduce((a, b) => a * b, 1);

/** Input values per frame: every scale's mel bands, scale after scale. */
export const eventInputSize = (config: EventModelConfig) => config.nFfts.length * config.nMels;

export const scaleConvName = (scale: number, layer: number) => `scale${scale + 1}/conv${layer + 1}`;
export const lateConvName = (layer: number) => `late/conv${layer + 1}`;

/**
 * Every weight, in stored order: the input normalisation (per-band mean and standard deviation of
 * the training features), convolution kernels [k, in, out] and biases [out], the output layer,
 * and log σ per tag (σ in segments) for the Gaussian accumulation.
 */
export function eventWeightShapes(config: EventModelConfig): WeightShape[] {
  const inputs = eventInputSize(config);
  const shapes: WeightShape[] = [
    { name: 'input/mean', shape: [inputs] },
    { name: 'input/std', shape: [inputs] },
  ];
  const conv = (name: string, k: number, from: number, to: number) => shapes.push({ name: `${name}/kernel`, shape: [k, from, to] }, { name: `${name}/bias`, shape: [to] });
  config.nFfts.forEach((_, s) => config.earlyChannels.forEach((c, l) => conv(scaleConvName(s, l), config.earlyKernel, l === 0 ? config.nMels : config.earlyChannels[l - 1]!, c)));
  let width = config.nFfts.length * config.earlyChannels.at(-1)!;
  config.lateChannels.forEach((c, l) => {
    conv(lateConvName(l), 1, width, c);
    width = c;
  });
  conv('output', 1, width, config.tags.length);
  shapes.push({ name: 'gaussian/log_sigma', shape: [config.tags.length] });
  return shapes;
}
