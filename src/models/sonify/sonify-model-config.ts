import { z } from 'zod';
import type { WeightShape } from '../weights-file.js';

const size = z.number().int().min(1);

/**
 * The learned movement-to-sound model's shape, after the research on raw audio synthesis from
 * Laban Movement Analysis features. Two networks:
 * - a convolutional autoencoder on log-mel patches (`patchFrames` frames of `nMels` bands, scaled
 *   to 0..1): convolutions along time with max pooling, then a dense layer to a `code`-sized code
 *   (tanh); a shallow decoder of dense layers back to the patch (sigmoid);
 * - a recurrent network from the LMA efforts of `windows` consecutive action windows (5 raw
 *   values each, taken as logarithms and standardised) through LSTM layers and dense layers to a mixture of `components` diagonal
 *   Gaussians over the code.
 * One patch spans one segment of movement: patchFrames · hop / sampleRate seconds.
 */
export const sonifyModelConfigSchema = z
  .strictObject({
    sampleRate: z.number().positive(),
    nFft: size,
    hop: size,
    nMels: size,
    /** Frames per patch; a multiple of the product of `pools`. */
    patchFrames: size,
    /** Decibels below the patch's reference that map to 0 (the reference, 0 dB re full scale, maps to 1). */
    dbRange: z.number().positive(),
    /** Channels of each encoder convolution. */
    encoderChannels: z.array(size).min(1),
    /** Frames each encoder convolution spans. */
    encoderKernel: size,
    /** Max pooling after each encoder convolution, frames. */
    pools: z.array(size).min(1),
    code: size,
    /** Hidden dense layers of the decoder (empty: the code maps straight to the patch). */
    decoderHidden: z.array(size),
    /** Units of each LSTM layer. */
    lstmUnits: z.array(size).min(1),
    /** Dense layers between the last LSTM and the mixture output. */
    mdnHidden: z.array(size),
    components: size,
    /** Action windows per input sequence; a segment is cut at windows + 1 keyframes. */
    windows: size,
    /** LMA preset (presets/lma/<name>) whose joint weights and ranges make the efforts. */
    lmaPreset: z.string().min(1),
  })
  .refine((c) => c.pools.length === c.encoderChannels.length, { message: 'one pool per encoder convolution', path: ['pools'] })
  .refine((c) => c.patchFrames % c.pools.reduce((a, b) => a * b, 1) === 0, { message: 'patchFrames must be a multiple of the product of the pools', path: ['patchFrames'] });

export type SonifyModelConfig = z.infer<typeof sonifyModelConfigSchema>;

/** Poses per second of the movement the model hears: skeletons are resampled to it (the motion format's 30 fps). */
export const motionRate = 30;

/** Efforts per action window: weight, time, space, flow, shape. */
export const effortsPerWindow = 5;

/** Seconds of movement and sound one patch spans. */
export const segmentSeconds = (c: SonifyModelConfig) => (c.patchFrames * c.hop) / c.sampleRate;

/**
 * The research's sizes: 22.05 kHz, n_fft 4096, hop 690, 128 mels × 256 frames (8 s), four
 * convolution and pooling stages to a 1024-d code, LSTM(512) → LSTM(1024) → dense → 10 Gaussians,
 * 9 windows of 5 efforts.
 */
export const researchSonifyConfig: SonifyModelConfig = {
  sampleRate: 22050,
  nFft: 4096,
  hop: 690,
  nMels: 128,
  patchFrames: 256,
  dbRange: 80,
  encoderChannels: [64, 128, 256, 512],
  encoderKernel: 3,
  pools: [2, 2, 2, 2],
  code: 1024,
  decoderHidden: [],
  lstmUnits: [512, 1024],
  mdnHidden: [1024],
  components: 10,
  windows: 9,
  lmaPreset: 'default',
};

/** The shipped demo's sizes: the research's analysis and segment, networks small enough to train on one core in minutes. */
export const demoSonifyConfig: SonifyModelConfig = {
  ...researchSonifyConfig,
  nMels: 64,
  encoderChannels: [16, 32, 32, 64],
  code: 32,
  decoderHidden: [256],
  lstmUnits: [64, 128],
  mdnHidden: [128],
};

const dense = (shapes: WeightShape[], name: string, from: number, to: number) => shapes.push({ name: `${name}/kernel`, shape: [from, to] }, { name: `${name}/bias`, shape: [to] });

/** The autoencoder's weights: encoder convolutions [k, in, out], the code layer, the decoder's dense layers. */
export function autoencoderWeightShapes(c: SonifyModelConfig): WeightShape[] {
  const shapes: WeightShape[] = [];
  c.encoderChannels.forEach((out, l) => {
    const from = l === 0 ? c.nMels : c.encoderChannels[l - 1]!;
    shapes.push({ name: `encoder/conv${l + 1}/kernel`, shape: [c.encoderKernel, from, out] }, { name: `encoder/conv${l + 1}/bias`, shape: [out] });
  });
  const pooled = c.patchFrames / c.pools.reduce((a, b) => a * b, 1);
  dense(shapes, 'encoder/code', pooled * c.encoderChannels.at(-1)!, c.code);
  let width = c.code;
  c.decoderHidden.forEach((units, l) => {
    dense(shapes, `decoder/dense${l + 1}`, width, units);
    width = units;
  });
  dense(shapes, 'decoder/out', width, c.patchFrames * c.nMels);
  return shapes;
}

/**
 * The mixture network's weights: the input scaling (mean and deviation of the training segments'
 * log efforts), LSTM kernels [in, 4u], recurrent kernels [u, 4u] and biases, dense layers, the
 * mixture output.
 */
export function mdnWeightShapes(c: SonifyModelConfig): WeightShape[] {
  const shapes: WeightShape[] = [
    { name: 'input/mean', shape: [effortsPerWindow] },
    { name: 'input/std', shape: [effortsPerWindow] },
  ];
  let width = effortsPerWindow;
  c.lstmUnits.forEach((units, l) => {
    shapes.push(
      { name: `lstm${l + 1}/kernel`, shape: [width, 4 * units] },
      { name: `lstm${l + 1}/recurrent`, shape: [units, 4 * units] },
      { name: `lstm${l + 1}/bias`, shape: [4 * units] },
    );
    width = units;
  });
  c.mdnHidden.forEach((units, l) => {
    dense(shapes, `mdn/dense${l + 1}`, width, units);
    width = units;
  });
  dense(shapes, 'mdn/out', width, c.components * (1 + 2 * c.code));
  return shapes;
}

/** Both networks' weights, autoencoder first: what a model folder stores. */
export const sonifyWeightShapes = (c: SonifyModelConfig) => [...autoencoderWeightShapes(c), ...mdnWeightShapes(c)];
