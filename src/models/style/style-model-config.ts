import { z } from 'zod';
import type { WeightShape } from '../weights-file.js';

const size = z.number().int().min(1);

/**
 * The dance-style recogniser's shape: a CNN over one segment of log-mel frames (the research used
 * 224 mels × 224 frames, ≈ 5.2 s at 22.05 kHz with a 512-sample hop). Convolutions run along time
 * with the mel bands as input channels, each followed by ReLU and max pooling; the mean and the
 * max over time of the last one feed a hidden dense layer and a softmax over the classes.
 */
export const styleModelConfigSchema = z.strictObject({
  /** Class ids, in output order. */
  classes: z.array(z.string().regex(/^[a-z0-9_]+$/, 'class ids are lower-case letters, digits and _')).min(2),
  sampleRate: z.number().positive(),
  nFft: size,
  hop: size,
  nMels: size,
  /** Frames a segment spans. */
  segmentFrames: size,
  /** Output channels of each convolution. */
  channels: z.array(size).min(1),
  /** Frames each convolution spans. */
  kernel: size,
  /** Max pooling after each convolution, frames. */
  pools: z.array(size).min(1),
  /** Units of the hidden dense layer. */
  hidden: size,
});

export type StyleModelConfig = z.infer<typeof styleModelConfigSchema>;

export const styleConvName = (layer: number) => `conv${layer + 1}`;

/** Every weight, in stored order: input normalisation per band, convolutions [k, in, out] + biases, hidden and output dense layers. */
export function styleWeightShapes(config: StyleModelConfig): WeightShape[] {
  const shapes: WeightShape[] = [
    { name: 'input/mean', shape: [config.nMels] },
    { name: 'input/std', shape: [config.nMels] },
  ];
  config.channels.forEach((c, l) => {
    shapes.push({ name: `${styleConvName(l)}/kernel`, shape: [config.kernel, l === 0 ? config.nMels : config.channels[l - 1]!, c] }, { name: `${styleConvName(l)}/bias`, shape: [c] });
  });
  shapes.push({ name: 'hidden/kernel', shape: [2 * config.channels.at(-1)!, config.hidden] }, { name: 'hidden/bias', shape: [config.hidden] });
  shapes.push({ name: 'output/kernel', shape: [config.hidden, config.classes.length] }, { name: 'output/bias', shape: [config.classes.length] });
  return shapes;
}
