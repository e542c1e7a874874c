import type { DanceTrainingSettings } from './dance-checkpoint.js';

/**
 * What `terpsi train dance` does unless told otherwise. The margin is the one the paper's public
 * code used. λ keeps that code's balance: it summed the squared error over the 150 steps of a
 * sequence and averaged the contrastive loss, halved, over them, so against a mean squared error
 * its weight is 1/(2·150).
 */
export const defaultDanceTraining: DanceTrainingSettings = {
  steps: 2000,
  batch: 8,
  sequence: 150,
  learningRate: 1e-3,
  margin: 3,
  contrastive: 1 / 300,
  curriculum: 0,
  seed: 1,
  clipNorm: 1,
  checkpointEvery: 25,
};
