import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { asTerpsiError, TerpsiError } from '../core/errors.js';
import { loadDanceModel, saveDanceModel, type DanceModelFiles } from '../models/dance/dance-model-files.js';

/** What decides a training run; a checkpoint records it so that a resumed run goes on the same way. */
export interface DanceTrainingSettings {
  /** Optimiser steps of the whole run. */
  readonly steps: number;
  /** Sequences per mini-batch. */
  readonly batch: number;
  /** Motion frames (model steps) per training sequence. */
  readonly sequence: number;
  /** Adam's step size. */
  readonly learningRate: number;
  /** Distance the contrastive loss pushes the encoder outputs of a turn apart (encoder units). */
  readonly margin: number;
  /** λ: weight of the contrastive loss against the mean squared error of the motion. */
  readonly contrastive: number;
  /**
   * Steps over which the probability of feeding the ground truth back (teacher forcing) falls
   * linearly from 1 to 0; 0: auto-conditioning from the start (ground truth only as the pose each
   * sequence starts from).
   */
  readonly curriculum: number;
  /** Seeds the weights, the augmentation noise, the windows and the teacher-forcing draws. */
  readonly seed: number;
  /** The gradient is scaled down to this global L2 norm when it is longer. */
  readonly clipNorm: number;
  /** Steps between checkpoints (and validations). */
  readonly checkpointEvery: number;
}

/** One row of a loss curve: step, total loss, mean squared error, contrastive loss (before λ). */
export type LossRow = readonly [step: number, loss: number, mse: number, contrastive: number];

export interface DanceTrainingState {
  /** Optimiser steps done. */
  readonly step: number;
  readonly settings: DanceTrainingSettings;
  /** The training random generator's state (TrainingRandom). */
  readonly random: number;
  /** Steps whose gradient was not finite and was left out. */
  readonly skipped: number;
  /** A row per training step, and a row per validation (held-out loss at that step). */
  readonly losses: { readonly train: readonly LossRow[]; readonly validation: readonly LossRow[] };
}

/** Everything a run needs to continue exactly where it stopped. */
export interface DanceCheckpoint {
  readonly model: DanceModelFiles;
  readonly state: DanceTrainingState;
  /**
   * Adam's state: iterations done, then the first moments of every trainable variable in the
   * model's order, then the second moments in the same order.
   */
  readonly optimizer: { readonly iterations: number; readonly moments: readonly Float32Array[] };
}

export const stateFile = 'training-state.json';
export const momentsFile = 'training-state.bin';
const format = 'terpsi-dance-training';

/** Losses that were not finite are stored as null (JSON has no NaN). */
const loss = z.number().nullable().transform((v) => v ?? NaN);
const row = z.tuple([z.number().int().min(0), loss, loss, loss]);
const positive = z.number().positive();
const whole = (min: number) => z.number().int().min(min);

export const danceTrainingSettingsSchema = z.strictObject({
  steps: whole(1),
  batch: whole(1),
  sequence: whole(2),
  learningRate: positive,
  margin: positive,
  contrastive: z.number().min(0),
  curriculum: whole(0),
  seed: whole(0),
  clipNorm: positive,
  checkpointEvery: whole(1),
});

const stateSchema = z.strictObject({
  format: z.literal(format),
  version: z.literal(1),
  step: whole(1),
  settings: danceTrainingSettingsSchema,
  random: z.number().int().min(0).max(2 ** 32 - 1),
  skipped: whole(0),
  losses: z.strictObject({ train: z.array(row), validation: z.array(row) }),
  optimizer: z.strictObject({ iterations: whole(0), sizes: z.array(whole(0)) }),
});

/**
 * Lets `write` fill a scratch folder in `dir`, then renames `names` from it into `dir` in order:
 * no half-written file is ever in place.
 */
function writeAtomically(dir: string, names: readonly string[], write: (scratch: string) => void): void {
  mkdirSync(dir, { recursive: true });
  const scratch = mkdtempSync(join(dir, '.checkpoint-'));
  try {
    write(scratch);
    for (const name of names) renameSync(join(scratch, name), join(dir, name));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Writes a checkpoint into `dir`: the model as saveDanceModel writes it (model.json, weights.bin:
 * a dance model directory like any other), `training-state.json` (step, settings, random state,
 * loss curves, the sizes of the optimiser's moments) and `training-state.bin` (the moments as
 * little-endian float32, in order). The state file is renamed into place last.
 */
export function writeDanceCheckpoint(dir: string, checkpoint: DanceCheckpoint): void {
  const { model, state, optimizer } = checkpoint;
  // Six significant digits are plenty for a curve and keep a long run's file small.
  const rows = (r: readonly LossRow[]) => r.map(([step, ...values]) => [step, ...values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null))]);
  const json: z.input<typeof stateSchema> = {
    format,
    version: 1,
    ...state,
    settings: { ...state.settings },
    losses: { train: rows(state.losses.train) as z.input<typeof row>[], validation: rows(state.losses.validation) as z.input<typeof row>[] },
    optimizer: { iterations: optimizer.iterations, sizes: optimizer.moments.map((m) => m.length) },
  };
  const moments = new Float32Array(optimizer.moments.reduce((n, m) => n + m.length, 0));
  let at = 0;
  for (const m of optimizer.moments) {
    moments.set(m, at);
    at += m.length;
  }
  writeAtomically(dir, ['weights.bin', 'model.json', momentsFile, stateFile], (scratch) => {
    saveDanceModel(scratch, model);
    writeFileSync(join(scratch, momentsFile), new Uint8Array(moments.buffer));
    writeFileSync(join(scratch, stateFile), JSON.stringify(json) + '\n');
  });
}

/**
 * Reads the checkpoint writeDanceCheckpoint left in `dir`. No state file is E_FILE_UNREADABLE
 * naming it; a state file that is not one, or a moments file of the wrong size, E_FILE_FORMAT
 * naming the file; the model as loadDanceModel reads it.
 */
export function readDanceCheckpoint(dir: string): DanceCheckpoint {
  const file = join(dir, stateFile);
  if (!existsSync(file)) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: no such file: nothing to resume in ${dir} (train without --resume to start)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_FORMAT', `${file}: not JSON`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TerpsiError('E_FILE_FORMAT', `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const { step, settings, random, skipped, losses, optimizer } = parsed.data;
  const binary = join(dir, momentsFile);
  let bytes: Buffer;
  try {
    bytes = readFileSync(binary);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${binary}: cannot read the optimiser state`);
  }
  const sizes = optimizer.sizes;
  const total = sizes.reduce((a, b) => a + b, 0);
  if (bytes.length !== 4 * total) throw new TerpsiError('E_FILE_FORMAT', `${binary}: ${bytes.length} bytes, ${file} lists ${4 * total}`);
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(bytes);
  let at = 0;
  const moments = sizes.map((n) => all.slice(at, (at += n)));
  return { model: loadDanceModel(dir), state: { step, settings, random, skipped, losses }, optimizer: { iterations: optimizer.iterations, moments } };
}
