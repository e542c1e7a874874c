import { convShape, convOutputSize, danceLstmLayers, type DanceModelConfig } from './dance-model-config.js';

/**
 * The dance generator's weights by name, each a row-major float32 array, in Keras layouts:
 * convolution kernels [frames, bins, in, out]; LSTM `kernel` [in, 4·units], `recurrent_kernel`
 * [units, 4·units] and `bias` [4·units] with gates in the order input, forget, cell, output;
 * dense `kernel` [in, out]. The convolutions have no bias: batch normalisation's `beta` is theirs.
 */
export type DanceWeights = ReadonlyMap<string, Float32Array>;

export interface WeightShape {
  readonly name: string;
  readonly shape: readonly number[];
}

export const convName = (layer: number) => `encoder/conv${layer + 1}`;
export const normName = (layer: number) => `encoder/norm${layer + 1}`;
export const lstmName = (part: 'encoder' | 'decoder', layer: number) => `${part}/lstm${layer + 1}`;
export const denseName = (part: 'encoder' | 'decoder') => `${part}/dense`;

/** Input size of LSTM layer `layer` of the encoder or decoder. */
function lstmInputSize(config: DanceModelConfig, part: 'encoder' | 'decoder', layer: number): number {
  if (layer > 0) return config.lstmUnits;
  return part === 'encoder' ? convOutputSize(config) : config.motionSize + config.encodedSize;
}

/** Every weight the configuration needs, in the order they are stored. */
export function danceWeightShapes(config: DanceModelConfig): WeightShape[] {
  const shapes: WeightShape[] = [];
  const [kt, kf] = config.convKernel;
  config.convChannels.forEach((channels, l) => {
    const inChannels = l === 0 ? 1 : convShape(config, l - 1).channels;
    shapes.push({ name: `${convName(l)}/kernel`, shape: [kt, kf, inChannels, channels] });
    for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance']) shapes.push({ name: `${normName(l)}/${w}`, shape: [channels] });
  });
  const units = config.lstmUnits;
  for (const part of ['encoder', 'decoder'] as const) {
    for (let l = 0; l < danceLstmLayers; l++) {
      shapes.push({ name: `${lstmName(part, l)}/kernel`, shape: [lstmInputSize(config, part, l), 4 * units] });
      shapes.push({ name: `${lstmName(part, l)}/recurrent_kernel`, shape: [units, 4 * units] });
      shapes.push({ name: `${lstmName(part, l)}/bias`, shape: [4 * units] });
    }
    const out = part === 'encoder' ? config.encodedSize : config.motionSize;
    shapes.push({ name: `${denseName(part)}/kernel`, shape: [units, out] });
    shapes.push({ name: `${denseName(part)}/bias`, shape: [out] });
  }
  return shapes;
}

export const shapeSize = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Number of weights (values) the configuration has. */
export function danceParamCount(config: DanceModelConfig): number {
  return danceWeightShapes(config).reduce((n, w) => n + shapeSize(w.shape), 0);
}

/** What is wrong with `weights` for `config`, one line per problem; empty when they fit. */
export function danceWeightProblems(config: DanceModelConfig, weights: ReadonlyMap<string, { length: number }>): string[] {
  const problems: string[] = [];
  const expected = danceWeightShapes(config);
  for (const { name, shape } of expected) {
    const w = weights.get(name);
    if (!w) problems.push(`${name} is missing`);
    else if (w.length !== shapeSize(shape)) problems.push(`${name} has ${w.length} values, the configuration needs [${shape.join(', ')}] = ${shapeSize(shape)}`);
  }
  const known = new Set(expected.map((w) => w.name));
  for (const name of weights.keys()) if (!known.has(name)) problems.push(`${name} is not a weight of this network`);
  return problems;
}
