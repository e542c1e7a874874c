import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { realClock } from '../../core/clock.js';
import { RecentSamples } from '../../core/recent-samples.js';
import { wasm } from '../backend.js';
import { paperDanceConfig as config } from './dance-model-config.js';
import { DanceModel } from './dance-model.js';
import { DanceStream } from './dance-stream.js';
import { danceParamCount } from './dance-weights.js';
import { seededRandom } from '../../core/seeded-random.js';
import { danceLayersModel } from './dance-layers-model.js';

/** Steps timed per form; the naive form is slow, so fewer. */
export const streamSteps = 3000;
export const naiveSteps = 300;
const warmup = 50;
/** Steps on which the two forms' poses are compared. */
export const compared = 30;
/** Dancers of the extra batched run: what one core should carry at 30 fps. */
export const batchedDancers = 8;
const batchSteps = 500;

/** What `terpsi bench dance --json` prints. */
export interface DanceStepJson {
  readonly params: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly naive_p50_ms: number;
  readonly naive_p99_ms: number;
}

export interface DanceStepMeasurement extends DanceStepJson {
  /** One step for all `batchedDancers` at once; mean_ms × 30 is the share of a core they take. */
  readonly batch: { readonly p50_ms: number; readonly p99_ms: number; readonly mean_ms: number };
  /** Largest difference between the two forms' poses over the compared steps. */
  readonly difference: number;
  readonly tensors: { readonly stream: readonly [number, number]; readonly naive: readonly [number, number] };
  readonly kernels: readonly string[];
}

/** Times `step` over `count` calls after a warm-up, in milliseconds. */
function time(count: number, step: (i: number) => void): { p50_ms: number; p99_ms: number; mean_ms: number } {
  const clock = realClock();
  const samples = new RecentSamples(count);
  for (let i = 0; i < warmup; i++) step(i);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const start = clock.now();
    step(i);
    const ms = (clock.now() - start) * 1000;
    samples.add(ms);
    total += ms;
  }
  return { p50_ms: samples.quantile(0.5), p99_ms: samples.quantile(0.99), mean_ms: total / count };
}

/**
 * One streaming step of the dance generator at the paper's size on one core: the WebAssembly SIMD
 * stream against the naive form, a stateful tf.layers model `predict`ed once per step on tfjs's
 * WebAssembly backend (single-threaded), same weights, same inputs, same run.
 */
export async function timeDanceStep(): Promise<DanceStepMeasurement> {
  // Must precede the backend's start to take effect.
  setThreadsCount(1);
  await wasm.start();
  const model = DanceModel.random(config, 1);
  const weights = model.weightValues();
  model.dispose();
  const random = seededRandom('dance-step');
  const size = config.spectrumFrames * config.spectrumBins;
  const inputs = Array.from({ length: 64 }, () => Float32Array.from({ length: batchedDancers * size }, () => 2 * random() - 1));
  const one = inputs.map((x) => x.subarray(0, size));

  const stream = new DanceStream(config, weights, 1);
  const naive = danceLayersModel(config, weights);
  let difference = 0;
  for (let i = 0; i < compared; i++) {
    const a = stream.step(one[i % one.length]!);
    const b = naive.step(one[i % one.length]!);
    for (let m = 0; m < config.motionSize; m++) difference = Math.max(difference, Math.abs(a[m]! - b[m]!));
  }

  const streamStart = tf.memory().numTensors;
  const streamTimes = time(streamSteps, (i) => stream.step(one[i % one.length]!));
  const streamEnd = tf.memory().numTensors;
  const naiveStart = tf.memory().numTensors;
  const naiveTimes = time(naiveSteps, (i) => naive.step(one[i % one.length]!));
  const naiveEnd = tf.memory().numTensors;
  naive.dispose();
  const batched = new DanceStream(config, weights, batchedDancers);
  const batchTimes = time(batchSteps, (i) => batched.step(inputs[i % inputs.length]!));
  return {
    params: danceParamCount(config),
    p50_ms: streamTimes.p50_ms,
    p99_ms: streamTimes.p99_ms,
    naive_p50_ms: naiveTimes.p50_ms,
    naive_p99_ms: naiveTimes.p99_ms,
    batch: batchTimes,
    difference,
    tensors: { stream: [streamStart, streamEnd], naive: [naiveStart, naiveEnd] },
    kernels: stream.kernels,
  };
}
