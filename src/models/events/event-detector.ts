import * as tf from '@tensorflow/tfjs';
import { featureExcerpt, type FeatureFrames } from '../feature-frames.js';
import { weightTensors } from '../weight-tensors.js';
import { eventForward } from './event-forward.js';
import { eventWeightShapes, segmentStride } from './event-model-config.js';
import type { EventModelFiles } from './event-model-files.js';

/** A loaded event detector. Call dispose() when done with it. */
export class EventDetector {
  readonly #weights: Map<string, tf.Tensor>;

  constructor(readonly model: EventModelFiles) {
    this.#weights = weightTensors(model.weights, eventWeightShapes(model.config));
  }

  get tags(): readonly string[] {
    return this.model.config.tags;
  }

  /**
   * Per frame of `features`, each tag's probability: the segment predictions up-sampled to the
   * frame rate by linear interpolation between segment centres (held flat beyond the first and
   * last). Row-major [frames, tags]. Excerpts shorter than one segment are padded with their
   * last frame.
   */
  frameProbabilities(features: FeatureFrames): Float32Array {
    const { config } = this.model;
    const stride = segmentStride(config);
    const tags = config.tags.length;
    const frames = Math.max(features.frames, stride);
    const data = featureExcerpt(features, 0, frames);
    const segments = tf.tidy(() => eventForward(config, this.#weights, tf.tensor3d(data, [1, frames, features.size])).segments.dataSync() as Float32Array);
    const count = segments.length / tags;
    const out = new Float32Array(features.frames * tags);
    for (let i = 0; i < features.frames; i++) {
      const position = Math.min(count - 1, Math.max(0, (i - (stride - 1) / 2) / stride));
      const s = Math.floor(position);
      const next = Math.min(count - 1, s + 1);
      const f = position - s;
      for (let c = 0; c < tags; c++) out[i * tags + c] = (1 - f) * segments[s * tags + c]! + f * segments[next * tags + c]!;
    }
    return out;
  }

  dispose(): void {
    for (const t of this.#weights.values()) t.dispose();
  }
}
