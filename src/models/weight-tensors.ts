import * as tf from '@tensorflow/tfjs';
import type { NamedWeights, WeightShape } from './weights-file.js';

/** The weights as tensors of their shapes, by name; the caller disposes them. */
export function weightTensors(weights: NamedWeights, shapes: readonly WeightShape[]): Map<string, tf.Tensor> {
  return new Map(shapes.map(({ name, shape }) => [name, tf.tensor(weights.get(name)!, [...shape])]));
}

/** The current values of tensors (or variables) by name, copied out. */
export function tensorWeights(tensors: ReadonlyMap<string, tf.Tensor>): Map<string, Float32Array> {
  return new Map([...tensors].map(([name, t]) => [name, t.dataSync() as Float32Array]));
}
