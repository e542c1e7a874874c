import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Clock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import { seconds, type Seconds } from '../core/units.js';
import { danceAudioFraming } from '../dsp/dance-audio-features.js';
import type { DanceModelConfig } from '../models/dance/dance-model-config.js';
import { DanceModel } from '../models/dance/dance-model.js';
import { useFastWasmKernels } from '../models/fast-wasm-kernels.js';
import { motionVectorLength } from '../movement/motion-vector.js';
import { contrastiveLoss } from './contrastive-loss.js';
import { danceTrainingSettingsSchema, stateFile, writeDanceCheckpoint, type DanceCheckpoint, type DanceTrainingSettings, type DanceTrainingState, type LossRow } from './dance-checkpoint.js';
import { consecutiveDanceWindows, danceBatch, randomDanceWindows, type DanceBatch, type DanceExamples, type DanceExampleTrack, type DanceWindow } from './dance-examples.js';
import { encodePng } from './encode-png.js';
import { plotLosses } from './plot-losses.js';
import { TrainingRandom } from './training-random.js';

/** Files a training run writes into its output folder besides the checkpoint's. */
export const lossCurveFile = 'loss.png';

export interface DanceTrainingProgress {
  /** Steps done, of `steps`. */
  readonly step: number;
  readonly steps: number;
  /** This step's losses: total, mean squared error, contrastive (before λ). */
  readonly loss: number;
  readonly mse: number;
  readonly contrastive: number;
  /** Probability the step fed the ground truth back (curriculum); 0 when auto-conditioning. */
  readonly teacherForcing: number;
  /** Held-out losses when this step was validated. */
  readonly validation?: LossRow;
  /** True when a checkpoint was written after this step. */
  readonly checkpoint: boolean;
}

export interface DanceTrainingOptions {
  /** Where checkpoints and the loss curves go. */
  readonly out: string;
  readonly config: DanceModelConfig;
  readonly settings: DanceTrainingSettings;
  readonly train: DanceExamples;
  /** Held-out tracks, normalised as the training tracks; their losses are taken at each checkpoint. */
  readonly validation?: readonly DanceExampleTrack[];
  /** Continues this run (read by readDanceCheckpoint) instead of starting from fresh weights. */
  readonly resume?: DanceCheckpoint;
  readonly clock: Clock;
  /** Stops after the step under way, with a checkpoint. */
  readonly signal?: AbortSignal;
  readonly onStep?: (progress: DanceTrainingProgress) => void;
}

export interface DanceTrainingResult {
  readonly state: DanceTrainingState;
  /** Steps this call ran, and how long they took on the clock (checkpoints included). */
  readonly ran: number;
  readonly elapsed: Seconds;
}

interface StepLosses {
  readonly loss: number;
  readonly mse: number;
  readonly contrastive: number;
}

const { frames: spectrumFrames, bins: spectrumBins } = danceAudioFraming;

/** The batch as tensors: spectra [b, t, 5, 129], targets [b, t, 71], starting poses [b, 71], labels [b, t − 1]. */
function batchTensors(batch: DanceBatch) {
  const { size, steps } = batch;
  return {
    spectra: tf.tensor4d(batch.spectra, [size, steps, spectrumFrames, spectrumBins]),
    targets: tf.tensor3d(batch.targets, [size, steps, motionVectorLength]),
    start: tf.tensor2d(batch.start, [size, motionVectorLength]),
    labels: tf.tensor2d(batch.labels, [size, steps - 1]),
  };
}

/**
 * The losses of one batch as a [loss, mse, contrastive] tensor: each sequence starts from rest
 * state with its ground-truth previous pose and then, unless `forcing` says otherwise, feeds its
 * own output back.
 */
function batchLosses(model: DanceModel, batch: DanceBatch, settings: DanceTrainingSettings, training: boolean, forcing?: { probability: number; random: () => number }): tf.Tensor1D {
  const { spectra, targets, start, labels } = batchTensors(batch);
  const state = { ...model.restState(batch.size), pose: start };
  const teacherForcing = forcing && forcing.probability > 0 ? { targets, ...forcing } : undefined;
  const out = model.forward(spectra, { state, training, teacherForcing });
  const mse = tf.losses.meanSquaredError(targets, out.motion) as tf.Scalar;
  const contrastive = contrastiveLoss(out.encoded, labels, settings.margin);
  return tf.stack([tf.add(mse, tf.mul(contrastive, settings.contrastive)), mse, contrastive]) as tf.Tensor1D;
}

/**
 * One Adam step on `batch`, the gradient clipped to `clipNorm`. A gradient that is not finite is
 * not applied (the weights stay as they were): `applied` says which.
 */
function trainStep(model: DanceModel, optimizer: tf.AdamOptimizer, batch: DanceBatch, settings: DanceTrainingSettings, forcing: { probability: number; random: () => number }): StepLosses & { applied: boolean } {
  const trainable = model.trainable;
  return tf.tidy(() => {
    let parts: tf.Tensor1D | undefined;
    const { grads } = tf.variableGrads(() => {
      parts = tf.keep(batchLosses(model, batch, settings, true, forcing));
      return tf.slice(parts, [0], [1]).reshape([]) as tf.Scalar;
    }, trainable);
    const [loss, mse, contrastive] = parts!.dataSync();
    parts!.dispose();
    const list = trainable.map((v) => grads[v.name]!);
    const norm = Math.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!);
    const applied = Number.isFinite(norm);
    if (applied) {
      const scale = norm > settings.clipNorm ? settings.clipNorm / norm : 1;
      optimizer.applyGradients(trainable.map((v, i) => ({ name: v.name, tensor: scale === 1 ? list[i]! : tf.mul(list[i]!, scale) })));
    }
    return { loss: loss!, mse: mse!, contrastive: contrastive!, applied };
  });
}

/** Mean held-out losses over `windows`, in batches of `settings.batch`, without teacher forcing. */
function validate(model: DanceModel, tracks: readonly DanceExampleTrack[], windows: readonly DanceWindow[], settings: DanceTrainingSettings): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < windows.length; i += settings.batch) {
    const part = windows.slice(i, i + settings.batch);
    const values = tf.tidy(() => batchLosses(model, danceBatch(tracks, part, settings.sequence), settings, false).dataSync());
    values.forEach((v, k) => (sums[k]! += v * part.length));
  }
  return sums.map((s) => s / windows.length) as [number, number, number];
}

/** Puts Adam's saved moments back; a state that does not fit the model is E_FILE_FORMAT naming `file`. */
async function restoreOptimizer(optimizer: tf.AdamOptimizer, saved: DanceCheckpoint['optimizer'], trainable: readonly tf.Variable[], file: string): Promise<void> {
  const n = trainable.length;
  const fits = saved.moments.length === 2 * n && saved.moments.every((m, i) => m.length === trainable[i % n]!.size);
  if (!fits) throw new TerpsiError('E_FILE_FORMAT', `${file}: the optimiser state does not fit the model: ${saved.moments.length} moments for ${n} variables, or of other sizes`);
  const named = [
    { name: 'iter', tensor: tf.scalar(saved.iterations, 'int32') as tf.Tensor },
    ...saved.moments.map((m, i) => ({ name: `${trainable[i % n]!.name}/${i < n ? 'm' : 'v'}`, tensor: tf.tensor(m, trainable[i % n]!.shape) })),
  ];
  await optimizer.setWeights(named);
  tf.dispose(named.map((w) => w.tensor));
}

/** Adam's iterations and moments, copied out. */
async function optimizerState(optimizer: tf.AdamOptimizer): Promise<DanceCheckpoint['optimizer']> {
  const [iterations, ...moments] = await optimizer.getWeights();
  // getWeights makes a fresh tensor of the iteration count; the moments are the optimiser's own.
  iterations!.tensor.dispose();
  return { iterations: optimizer.iterations, moments: moments.map((w) => Float32Array.from(w.tensor.dataSync() as Float32Array)) };
}

/**
 * Trains the dance generator (Yalta et al., IJCNN 2019) on `train` with Adam, mini-batches of
 * `batch` random windows of `sequence` steps (any track, any audio version), loss = mean squared
 * error of the normalised motion + λ·contrastiveLoss of consecutive encoder outputs with the
 * motion's labels. Auto-conditioning: each sequence starts from rest state with the ground-truth
 * pose before its first step, then feeds its own output back; with `curriculum` N > 0, at step s
 * each step of each sequence instead feeds the ground truth back with probability max(0, 1 − s/N).
 * Every `checkpointEvery` steps, at the last step and when `signal` aborts, writes a checkpoint to
 * `out` (writeDanceCheckpoint: the model with the normalisation, the training state, Adam's
 * moments) after measuring the held-out losses, and `loss.png`, the loss curves. A resumed run
 * continues exactly as the uninterrupted one would have (same weights to float rounding).
 * Tensors are disposed step by step: their count stays flat. On the wasm backend some kernels are
 * swapped for faster ones (useFastWasmKernels); with the stock Identity the default size would not
 * fit in memory.
 */
export async function trainDance(options: DanceTrainingOptions): Promise<DanceTrainingResult> {
  const { out, config, settings, train, clock, resume } = options;
  const checked = danceTrainingSettingsSchema.safeParse(settings);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new TerpsiError('E_PARAM', `dance training: ${issue.path.join('.')}: ${issue.message}`);
  }
  if (config.spectrumFrames !== spectrumFrames || config.spectrumBins !== spectrumBins || config.motionSize !== motionVectorLength) {
    throw new TerpsiError('E_PARAM', `dance training: the model takes ${config.spectrumFrames} × ${config.spectrumBins} spectra and ${config.motionSize}-value poses; the examples are ${spectrumFrames} × ${spectrumBins} and ${motionVectorLength}`);
  }
  if (resume && JSON.stringify(resume.model.config) !== JSON.stringify(config)) {
    throw new TerpsiError('E_USAGE', `${join(out, 'model.json')}: the checkpoint's network has other sizes than asked for; resume it with its own (leave out --size)`);
  }
  const validationWindows = options.validation ? consecutiveDanceWindows(options.validation, settings.sequence) : [];
  if (options.validation && options.validation.length > 0 && validationWindows.length === 0) {
    throw new TerpsiError('E_USAGE', `held-out tracks of ${Math.max(...options.validation.map((t) => t.frames))} frames at most hold no sequence of ${settings.sequence} steps (${settings.sequence + 1} frames needed)`);
  }
  useFastWasmKernels();
  const model = resume ? new DanceModel(config, resume.model.weights) : DanceModel.random(config, settings.seed);
  const optimizer = tf.train.adam(settings.learningRate);
  let backendLost = false;
  try {
    if (resume) await restoreOptimizer(optimizer, resume.optimizer, model.trainable, join(out, stateFile));
    const random = new TrainingRandom(resume?.state.random ?? settings.seed);
    const trainRows: LossRow[] = [...(resume?.state.losses.train ?? [])];
    const validationRows: LossRow[] = [...(resume?.state.losses.validation ?? [])];
    let step = resume?.state.step ?? 0;
    let skipped = resume?.state.skipped ?? 0;
    const first = step;
    const started = clock.now();
    const state = (): DanceTrainingState => ({ step, settings, random: random.state, skipped, losses: { train: trainRows, validation: validationRows } });
    const save = async () => {
      writeDanceCheckpoint(out, {
        model: { config, normalization: train.normalization.toJSON(), weights: model.weightValues() },
        state: state(),
        optimizer: await optimizerState(optimizer),
      });
      const series = [
        { label: 'train', colour: [31, 119, 180] as const, points: trainRows.map(([s, l]) => [s, l] as const) },
        { label: 'mse', colour: [44, 160, 44] as const, points: trainRows.map(([s, , m]) => [s, m] as const) },
        { label: 'contrastive', colour: [148, 103, 189] as const, points: trainRows.map(([s, , , c]) => [s, c] as const) },
        { label: 'validation', colour: [255, 127, 14] as const, points: validationRows.map(([s, l]) => [s, l] as const) },
      ];
      writeFileSync(join(out, lossCurveFile), encodePng(plotLosses(series)));
    };
    let saved = true;
    while (step < settings.steps && !options.signal?.aborted) {
      const windows = randomDanceWindows(train.tracks, settings.batch, settings.sequence, random.next);
      const probability = settings.curriculum > 0 ? Math.max(0, 1 - step / settings.curriculum) : 0;
      const losses = trainStep(model, optimizer, danceBatch(train.tracks, windows, settings.sequence), settings, { probability, random: random.next });
      step++;
      if (!losses.applied) skipped++;
      trainRows.push([step, losses.loss, losses.mse, losses.contrastive]);
      const checkpoint = step % settings.checkpointEvery === 0 || step === settings.steps;
      let validation: LossRow | undefined;
      if (checkpoint && validationWindows.length > 0) {
        validation = [step, ...validate(model, options.validation!, validationWindows, settings)];
        validationRows.push(validation);
      }
      if (checkpoint) await save();
      saved = checkpoint;
      options.onStep?.({ step, steps: settings.steps, ...losses, teacherForcing: probability, validation, checkpoint });
      // A turn of the event loop between steps lets an interrupt in.
      await clock.sleepUntil(clock.now());
    }
    if (!saved) await save();
    return { state: state(), ran: step - first, elapsed: seconds(clock.now() - started) };
  } catch (e) {
    // WebAssembly cannot grow past 4 GB; when it must, its module aborts (a WebAssembly.RuntimeError) and is unusable from then on.
    if (e instanceof Error && e.name === 'RuntimeError' && tf.getBackend() === 'wasm') {
      backendLost = true;
      const smaller = settings.batch > 1 ? `a smaller batch (${settings.batch} now) or network` : 'a smaller network';
      throw new TerpsiError(
        'E_PARAM',
        `dance training: the WebAssembly backend failed (${e.message.split('.')[0]}), most likely out of memory: it has 4 GB at most, and ` +
          `training keeps all ${settings.sequence} steps of each sequence for the backward pass (${(model.params / 1e6).toFixed(1)} M weights). ` +
          `Train with ${smaller}, or install @tensorflow/tfjs-node (no such limit)`,
        { cause: e },
      );
    }
    throw e;
  } finally {
    if (!backendLost) {
      optimizer.dispose();
      model.dispose();
    }
  }
}
