import * as tf from '@tensorflow/tfjs';
import { convOutputSize, danceLstmLayers, normEpsilon, type DanceModelConfig } from './dance-model-config.js';
import { convName, danceWeightShapes, denseName, lstmName, normName, type DanceWeights } from './dance-weights.js';

/** The dance generator as plain tfjs layers with stateful LSTMs, stepped by `predict`. */
export interface DanceLayersModel {
  /** One motion frame for one dancer: its spectrum stack in, its pose out (fed back next step). */
  step(spectra: Float32Array): Float32Array;
  dispose(): void;
}

/**
 * The naive way to run the network live, and an independent check of the ops model: tfjs's own
 * Conv2D, BatchNormalization, LSTM and Dense layers (batch 1, stateful) loaded with the same
 * weights, one `predict` per step.
 */
export function danceLayersModel(config: DanceModelConfig, weights: DanceWeights): DanceLayersModel {
  const { spectrumFrames: F, spectrumBins: B, lstmUnits: units, encodedSize: E, motionSize: M } = config;
  const shapes = new Map(danceWeightShapes(config).map((w) => [w.name, w.shape]));
  const value = (name: string) => tf.tensor(weights.get(name)!, [...shapes.get(name)!]);
  const load = (layer: tf.layers.Layer, names: string[]) => {
    const tensors = names.map(value);
    layer.setWeights(tensors);
    tf.dispose(tensors);
  };
  const lstm = (part: 'encoder' | 'decoder', l: number, x: tf.SymbolicTensor) => {
    // Zero initialisers: the weights are replaced at once, and orthogonal ones of this size take minutes.
    const layer = tf.layers.lstm({ units, stateful: true, returnSequences: true, recurrentActivation: 'sigmoid', kernelInitializer: 'zeros', recurrentInitializer: 'zeros' });
    const y = layer.apply(x) as tf.SymbolicTensor;
    load(layer, ['kernel', 'recurrent_kernel', 'bias'].map((w) => `${lstmName(part, l)}/${w}`));
    return y;
  };

  const spectra = tf.input({ batchShape: [1, F, B, 1] });
  const previous = tf.input({ batchShape: [1, M] });
  let x = spectra;
  config.convChannels.forEach((filters, l) => {
    const conv = tf.layers.conv2d({ filters, kernelSize: [...config.convKernel], useBias: false, padding: 'valid' });
    const norm = tf.layers.batchNormalization({ epsilon: normEpsilon });
    x = tf.layers.elu().apply(norm.apply(conv.apply(x))) as tf.SymbolicTensor;
    load(conv, [`${convName(l)}/kernel`]);
    load(norm, ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => `${normName(l)}/${w}`));
  });
  x = tf.layers.reshape({ targetShape: [1, convOutputSize(config)] }).apply(x) as tf.SymbolicTensor;
  for (let l = 0; l < danceLstmLayers; l++) x = lstm('encoder', l, x);
  const encoderDense = tf.layers.dense({ units: E, activation: 'tanh' });
  x = encoderDense.apply(x) as tf.SymbolicTensor;
  load(encoderDense, [`${denseName('encoder')}/kernel`, `${denseName('encoder')}/bias`]);
  const pose = tf.layers.reshape({ targetShape: [1, M] }).apply(previous) as tf.SymbolicTensor;
  x = tf.layers.concatenate().apply([pose, x]) as tf.SymbolicTensor;
  for (let l = 0; l < danceLstmLayers; l++) x = lstm('decoder', l, x);
  const decoderDense = tf.layers.dense({ units: M, activation: 'elu' });
  x = decoderDense.apply(x) as tf.SymbolicTensor;
  load(decoderDense, [`${denseName('decoder')}/kernel`, `${denseName('decoder')}/bias`]);
  const model = tf.model({ inputs: [spectra, previous], outputs: tf.layers.reshape({ targetShape: [M] }).apply(x) as tf.SymbolicTensor });

  let last = tf.zeros([1, M]);
  return {
    step(input) {
      const next = tf.tidy(() => model.predict([tf.tensor4d(input, [1, F, B, 1]), last]) as tf.Tensor);
      last.dispose();
      last = next;
      return next.dataSync() as Float32Array;
    },
    dispose() {
      last.dispose();
      model.dispose();
    },
  };
}
