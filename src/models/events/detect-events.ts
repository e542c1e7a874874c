import type { EventDetector } from './event-detector.js';
import { eventFeatures } from './event-features.js';

/** A stretch of time during which a tag is judged to sound, seconds. */
export interface EventInterval {
  readonly tag: string;
  readonly onset: number;
  readonly offset: number;
}

/** Everything the detector says of a recording. */
export interface DetectedEvents {
  readonly tags: readonly string[];
  /** Seconds between frames. */
  readonly hop: number;
  /** Per frame, row-major [frames, tags]: frame i stands for time i·hop. */
  readonly probabilities: Float32Array;
  /** Each tag's runs of frames at or above its threshold, in order of onset. */
  readonly intervals: readonly EventInterval[];
}

/**
 * Runs the detector over a whole recording (mono samples at the model's rate) and cuts each
 * tag's frame probabilities at the model's threshold for it; a run of frames i..j becomes the
 * interval [i·hop − hop/2, j·hop + hop/2] clipped to the recording.
 */
export function detectEvents(detector: EventDetector, samples: Float32Array): DetectedEvents {
  const { config, thresholds } = detector.model;
  const features = eventFeatures(samples, config);
  const probabilities = detector.frameProbabilities(features);
  const hop = config.hop / config.sampleRate;
  const length = samples.length / config.sampleRate;
  const tags = config.tags.length;
  const intervals: EventInterval[] = [];
  config.tags.forEach((tag, c) => {
    let from = -1;
    for (let i = 0; i <= features.frames; i++) {
      const on = i < features.frames && probabilities[i * tags + c]! >= thresholds[c]!;
      if (on && from < 0) from = i;
      if (!on && from >= 0) {
        intervals.push({ tag, onset: Math.max(0, (from - 0.5) * hop), offset: Math.min(length, (i - 0.5) * hop) });
        from = -1;
      }
    }
  });
  intervals.sort((a, b) => a.onset - b.onset || config.tags.indexOf(a.tag) - config.tags.indexOf(b.tag));
  return { tags: config.tags, hop, probabilities, intervals };
}
