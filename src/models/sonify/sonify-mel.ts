import { hertz } from '../../core/units.js';
import { griffinLim } from '../../dsp/griffin-lim.js';
import { invertMel } from '../../dsp/invert-mel.js';
import { logMel } from '../../dsp/log-mel.js';
import { MelFilterbank } from '../../dsp/mel.js';
import type { SonifyModelConfig } from './sonify-model-config.js';

/**
 * Log-mel rows of a segment's sound scaled to 0..1 as the autoencoder sees them: dB relative to
 * the segment's loudest band, `dbRange` below it at 0 and the loudest at 1. Each segment is
 * scaled on its own, so the networks learn timbre and its movement over time, not recording
 * level. Frames start every hop from sample 0 (uncentred).
 */
export function melPatch(samples: Float32Array, c: SonifyModelConfig): Float32Array[] {
  const rows = logMel(samples, { sampleRate: hertz(c.sampleRate), nFft: c.nFft, hop: c.hop, nMels: c.nMels, topDb: null });
  let top = -Infinity;
  for (const row of rows) for (const v of row) top = Math.max(top, v);
  return rows.map((row) => row.map((v) => Math.min(1, Math.max(0, (v - top + c.dbRange) / c.dbRange))));
}

/** Griffin–Lim iterations turning a decoded patch into sound (fast Griffin–Lim, momentum 0.99). */
export const griffinLimIterations = 32;

/** Multiplicative updates of the mel inversion per row: the decoded patches are smooth, and more buys little. */
const melIterations = 30;

/**
 * Sound from rows of a patch in 0..1: the mel powers, a non-negative linear spectrum under the
 * filterbank (invertMel), its magnitudes, and phases by Griffin–Lim. Returns (rows − 1)·hop +
 * nFft samples, at no particular level; the first and last nFft − hop are Griffin–Lim's edges,
 * where fewer frames overlap.
 */
export function patchSound(rows: readonly ArrayLike<number>[], c: SonifyModelConfig): Float32Array {
  const bank = new MelFilterbank({ sampleRate: hertz(c.sampleRate), nFft: c.nFft, nMels: c.nMels });
  const power = new Float64Array(c.nMels);
  const magnitudes = rows.map((row) => {
    for (let b = 0; b < c.nMels; b++) power[b] = 10 ** ((row[b]! * c.dbRange - c.dbRange) / 10);
    const spectrum = new Float64Array(bank.bins);
    invertMel(bank, power, spectrum, melIterations);
    return spectrum.map(Math.sqrt);
  });
  return griffinLim(magnitudes, { nFft: c.nFft, hop: c.hop, iterations: griffinLimIterations });
}

/** `sound` scaled in place to a peak of `peak` (full scale 1), since patches carry no level; silence stays silent. */
export function normalizePeak(sound: Float32Array, peak = 0.5): Float32Array {
  let max = 0;
  for (const v of sound) max = Math.max(max, Math.abs(v));
  if (max > 0) for (let i = 0; i < sound.length; i++) sound[i] = (sound[i]! * peak) / max;
  return sound;
}
