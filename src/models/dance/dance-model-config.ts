import { z } from 'zod';

/**
 * Sizes of the dance generator (Yalta et al., "Weakly-supervised deep recurrent neural networks for
 * basic dance step generation", IJCNN 2019). Per motion frame the encoder takes a stack of
 * short-time power spectra, `spectrumFrames` × `spectrumBins`, frame-major, normalised to [-1, 1].
 * Each convolution is unpadded with stride 1 and a kernel of `convKernel` (STFT frames × bins),
 * followed by batch normalisation and ELU; three LSTM layers of `lstmUnits` follow, then a
 * fully-connected layer with tanh to `encodedSize`. The decoder takes the previous pose
 * (`motionSize`) joined with the encoder's output, runs three LSTM layers of `lstmUnits` and a
 * fully-connected layer with ELU to the next pose.
 */
export const danceModelConfigSchema = z
  .strictObject({
    spectrumFrames: z.number().int().min(1),
    spectrumBins: z.number().int().min(1),
    convChannels: z.array(z.number().int().min(1)).min(1),
    /** Kernel extent along STFT frames (time) and along frequency bins. */
    convKernel: z.tuple([z.number().int().min(1), z.number().int().min(1)]),
    lstmUnits: z.number().int().min(1),
    encodedSize: z.number().int().min(1),
    motionSize: z.number().int().min(1),
  })
  .refine((c) => convShape(c, c.convChannels.length - 1).frames >= 1 && convShape(c, c.convChannels.length - 1).bins >= 1, {
    message: 'the convolutions need more spectrum frames or bins than given (each takes kernel − 1 away)',
  });

export type DanceModelConfig = Readonly<z.infer<typeof danceModelConfigSchema>>;

/** Batch normalisation's variance floor (Keras's default). */
export const normEpsilon = 1e-3;

/** LSTM layers in the encoder and in the decoder. */
export const danceLstmLayers = 3;

/**
 * The paper's network, as its public code builds it: kernels of 2 STFT frames × 33 bins take a
 * 5 × 129 spectrum stack down to one position of 65 channels.
 */
export const paperDanceConfig: DanceModelConfig = {
  spectrumFrames: 5,
  spectrumBins: 129,
  convChannels: [16, 32, 64, 65],
  convKernel: [2, 33],
  lstmUnits: 500,
  encodedSize: 65,
  motionSize: 71,
};

/** A quarter of the paper's weights (about 2.8 M): what ships by default. */
export const defaultDanceConfig: DanceModelConfig = {
  ...paperDanceConfig,
  convChannels: [8, 16, 32, 32],
  lstmUnits: 256,
  encodedSize: 32,
};

/** The sizes that decide the convolutions' output shapes. */
interface ConvGeometry {
  readonly spectrumFrames: number;
  readonly spectrumBins: number;
  readonly convChannels: readonly number[];
  readonly convKernel: readonly [number, number];
}

/** Output size of convolution `layer` (0-based): positions along frames and bins, and channels. */
export function convShape(config: ConvGeometry, layer: number): { frames: number; bins: number; channels: number } {
  const [kt, kf] = config.convKernel;
  return {
    frames: config.spectrumFrames - (layer + 1) * (kt - 1),
    bins: config.spectrumBins - (layer + 1) * (kf - 1),
    channels: config.convChannels[layer]!,
  };
}

/** Values the convolutions hand the encoder's first LSTM per motion frame. */
export function convOutputSize(config: DanceModelConfig): number {
  const last = convShape(config, config.convChannels.length - 1);
  return last.frames * last.bins * last.channels;
}
