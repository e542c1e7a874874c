import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { hertz, seconds } from '../../src/core/units.js';
import { EventDetector } from '../../src/models/events/event-detector.js';
import { eventFeatures } from '../../src/models/events/event-features.js';
import type { EventModelConfig } from '../../src/models/events/event-model-config.js';
import { encodeWav } from '../../src/sources/wav.js';
import { clipExamples } from '../../src/train/clip-examples.js';
import type { LabeledClip } from '../../src/train/datasets/labeled-clip.js';
import { trainEventDetector } from '../../src/train/event-training.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { tempDir } from '../helpers/temp-dir.js';

before(async () => {
  await tf.setBackend('cpu');
});

const rate = 8000;
const config: EventModelConfig = { tags: ['low', 'high'], sampleRate: rate, hop: 256, nFfts: [256, 1024], nMels: 16, earlyChannels: [8], earlyKernel: 3, pools: [4], lateChannels: [8], gaussianRadius: 2, clipPooling: 'mean' };

/** 4 s of quiet noise, a 300 Hz tone throughout when `low`, a 2 kHz tone in half `high` (0 first, 1 second) of the clip. */
function clipAudio(low: boolean, high: number | undefined, seed: string): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: 4 * rate }, (_, i) => {
    const t = i / rate;
    let x = 0.01 * (random() - 0.5);
    if (low) x += 0.3 * Math.sin(2 * Math.PI * 300 * t);
    if (high !== undefined && Math.floor(t / 2) === high) x += 0.3 * Math.sin(2 * Math.PI * 2000 * t);
    return x;
  });
}

test('trained on clip labels only, the detector finds when a tag sounds within a clip', async () => {
  const dir = tempDir('terpsi-events-train-');
  const clips: LabeledClip[] = [];
  for (let k = 0; k < 16; k++) {
    const low = k % 2 === 0;
    const high = k % 4 < 2 ? undefined : (k >> 2) % 2;
    const audio = join(dir, `clip${k}.wav`);
    writeFileSync(audio, encodeWav(clipAudio(low, high, `clip${k}`), hertz(rate), 1));
    clips.push({ audio, tags: [...(low ? ['low'] : []), ...(high !== undefined ? ['high'] : [])] });
  }
  const examples = await clipExamples({ tags: config.tags, clips }, hertz(rate), (s) => eventFeatures(s, config));
  const epochs: number[] = [];
  const result = trainEventDetector(config, examples.slice(0, 12), examples.slice(12), { epochs: 8, stepsPerEpoch: 10, batch: 8, learningRate: 0.01, excerptFrames: 64, seed: 3 }, { onEpoch: (r) => epochs.push(r.validation) });
  assert.equal(epochs.length, 8);
  assert.ok(result.best.validation < 0.3, `validation loss ${result.best.validation}`);

  const detector = new EventDetector({ config, thresholds: [0.5, 0.5], weights: result.weights });
  const features = eventFeatures(clipAudio(false, 1, 'probe'), config);
  const p = detector.frameProbabilities(features);
  detector.dispose();
  const mean = (from: number, to: number, tag: number) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += p[i * 2 + tag]!;
    return sum / (to - from);
  };
  const half = Math.round(seconds(2) * rate / config.hop);
  // Skip 0.5 s around the change: the windows and the Gaussian blur it.
  const quiet = mean(0, half - 16, 1);
  const sounding = mean(half + 16, features.frames, 1);
  assert.ok(sounding > 0.5 && quiet < 0.5 && sounding - quiet > 0.3, `high: ${quiet.toFixed(2)} before its onset, ${sounding.toFixed(2)} after`);
  assert.ok(mean(0, features.frames, 0) < 0.5, 'low is absent throughout');
});
