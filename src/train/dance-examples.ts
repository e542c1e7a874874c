import { TerpsiError } from '../core/errors.js';
import { type Decibels, decibels } from '../core/units.js';
import { danceAudioFeatures, danceAudioFraming } from '../dsp/dance-audio-features.js';
import { MotionNormalization, motionVectorLength, packMotion } from '../movement/motion-vector.js';
import { contrastiveLabels } from './contrastive-labels.js';
import { seededRandom } from '../core/seeded-random.js';
import type { DanceTrackSource } from './datasets/dance-track.js';

/** Values of one spectrum stack: 5 STFT frames × 129 bins. */
export const spectrumSize = danceAudioFraming.frames * danceAudioFraming.bins;

/**
 * White noise added to the training audio before its features are taken, as signal-to-noise
 * ratios: every training track is seen clean and at each of these.
 */
export const danceNoiseLevels: readonly Decibels[] = [decibels(10), decibels(0)];

/** One track, ready to cut windows from. */
export interface DanceExampleTrack {
  readonly name: string;
  /** Motion frames that have both a pose and a complete audio slice. */
  readonly frames: number;
  /**
   * Spectrum stacks of each version of the audio, frame-major, `frames` × spectrumSize values
   * each: the clean audio first, then (training tracks) one per noise level of danceNoiseLevels.
   */
  readonly spectra: readonly Float32Array[];
  /** Normalised motion vectors, `frames` × 71 values. */
  readonly motion: Float32Array;
  /** Contrastive labels of the frame pairs (t, t + 1): frames − 1 values (see contrastiveLabels). */
  readonly labels: Uint8Array;
}

export interface DanceExamples {
  /** The scaling the motion was normalised with: fitted over these tracks unless one was given. */
  readonly normalization: MotionNormalization;
  readonly tracks: readonly DanceExampleTrack[];
}

export interface DanceExampleOptions {
  /** Seeds the augmentation noise (each track and level draws its own, from its name). */
  readonly seed: number;
  /** Adds the noisy versions of the audio (training); held-out tracks are taken clean. */
  readonly augment: boolean;
  /** The training set's scaling, for held-out tracks; absent: fitted over these tracks' motion. */
  readonly normalization?: MotionNormalization;
  /** Called after each track is read. */
  readonly onTrack?: (name: string, done: number, total: number) => void;
}

/** Gaussian white noise of power `power` (mean square), from `random`. */
function addNoise(audio: Float32Array, power: number, random: () => number): Float32Array {
  const out = new Float32Array(audio.length);
  const sigma = Math.sqrt(power);
  for (let i = 0; i < audio.length; i += 2) {
    // Box–Muller: two independent normal values per pair of uniforms; 1 − u keeps the log finite.
    const r = sigma * Math.sqrt(-2 * Math.log(1 - random()));
    const a = 2 * Math.PI * random();
    out[i] = audio[i]! + r * Math.cos(a);
    if (i + 1 < audio.length) out[i + 1] = audio[i + 1]! + r * Math.sin(a);
  }
  return out;
}

/** The first `frames` spectrum stacks in one array, frame-major. */
function stack(features: readonly Float32Array[], frames: number): Float32Array {
  const out = new Float32Array(frames * spectrumSize);
  features.slice(0, frames).forEach((f, k) => out.set(f, k * spectrumSize));
  return out;
}

/**
 * Reads `sources` and turns each into what the dance generator trains on: per motion frame the
 * spectrum stack of the audio (danceAudioFeatures; with `augment`, also of the audio with white
 * Gaussian noise at 10 dB and at 0 dB SNR added, the noise power set from the mean square of the
 * whole track), the motion vector (packMotion) normalised by `normalization` or by one fitted
 * over all the tracks' frames, and the contrastive labels of that normalised motion. Frames run
 * up to the last one that has both a pose and a complete audio slice.
 */
export async function danceExamples(sources: readonly DanceTrackSource[], options: DanceExampleOptions): Promise<DanceExamples> {
  const loaded: { name: string; frames: number; spectra: Float32Array[]; raw: Float32Array }[] = [];
  for (const source of sources) {
    const track = await source.load();
    const clean = danceAudioFeatures(track.audio);
    const frames = Math.min(track.motion.length, clean.length);
    const spectra = [stack(clean, frames)];
    if (options.augment) {
      let power = 0;
      for (const v of track.audio) power += v * v;
      power /= Math.max(1, track.audio.length);
      for (const snr of danceNoiseLevels) {
        const noisy = addNoise(track.audio, power / 10 ** (snr / 10), seededRandom(`dance-noise/${options.seed}/${track.name}/${snr}`));
        spectra.push(stack(danceAudioFeatures(noisy), frames));
      }
    }
    const raw = new Float32Array(frames * motionVectorLength);
    for (let t = 0; t < frames; t++) packMotion(track.motion[t]!, raw.subarray(t * motionVectorLength, (t + 1) * motionVectorLength));
    loaded.push({ name: track.name, frames, spectra, raw });
    options.onTrack?.(track.name, loaded.length, sources.length);
  }
  const normalization =
    options.normalization ??
    MotionNormalization.fit(
      (function* () {
        for (const t of loaded) for (let f = 0; f < t.frames; f++) yield t.raw.subarray(f * motionVectorLength, (f + 1) * motionVectorLength);
      })(),
    );
  const tracks = loaded.map(({ name, frames, spectra, raw }): DanceExampleTrack => {
    const motion = new Float32Array(raw.length);
    for (let f = 0; f < frames; f++) {
      const at = f * motionVectorLength;
      normalization.apply(raw.subarray(at, at + motionVectorLength), motion.subarray(at, at + motionVectorLength));
    }
    return { name, frames, spectra, motion, labels: contrastiveLabels(motion, frames, motionVectorLength) };
  });
  return { normalization, tracks };
}

/**
 * Where a training sequence comes from: track `track`, audio version `version` (0 clean), target
 * frames start .. start + steps − 1, with frame start − 1 as the ground-truth pose it starts from.
 */
export interface DanceWindow {
  readonly track: number;
  readonly version: number;
  readonly start: number;
}

/** Windows of `steps` frames a track holds: frame 0 only ever serves as a starting pose. */
const windowsIn = (track: DanceExampleTrack, steps: number) => Math.max(0, track.frames - steps);

/**
 * `count` windows of `steps` frames drawn from `random`, uniformly over every window of every
 * track and audio version. No track long enough (steps + 1 frames) is an E_USAGE error.
 */
export function randomDanceWindows(tracks: readonly DanceExampleTrack[], count: number, steps: number, random: () => number): DanceWindow[] {
  const weights = tracks.map((t) => windowsIn(t, steps) * t.spectra.length);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) {
    const longest = Math.max(0, ...tracks.map((t) => t.frames));
    throw new TerpsiError('E_USAGE', `training sequences of ${steps} steps need tracks of ${steps + 1} frames or more; the longest has ${longest}`);
  }
  return Array.from({ length: count }, () => {
    let pick = Math.floor(random() * total);
    let track = 0;
    while (pick >= weights[track]!) pick -= weights[track++]!;
    const windows = windowsIn(tracks[track]!, steps);
    return { track, version: Math.floor(pick / windows), start: 1 + (pick % windows) };
  });
}

/** Every whole window of `steps` frames of each track's clean audio, back to back: held-out data. */
export function consecutiveDanceWindows(tracks: readonly DanceExampleTrack[], steps: number): DanceWindow[] {
  return tracks.flatMap((t, track) => Array.from({ length: Math.floor(Math.max(0, t.frames - 1) / steps) }, (_, k) => ({ track, version: 0, start: 1 + k * steps })));
}

/** A mini-batch as flat arrays, sequence-major. */
export interface DanceBatch {
  readonly size: number;
  readonly steps: number;
  /** size × steps × spectrumSize spectrum values. */
  readonly spectra: Float32Array;
  /** size × steps × 71 target motion values. */
  readonly targets: Float32Array;
  /** size × 71: the ground-truth pose before each sequence's first step. */
  readonly start: Float32Array;
  /** size × (steps − 1) contrastive labels of consecutive steps. */
  readonly labels: Float32Array;
}

/** Copies `windows` of `steps` frames out of `tracks` into one batch. */
export function danceBatch(tracks: readonly DanceExampleTrack[], windows: readonly DanceWindow[], steps: number): DanceBatch {
  const m = motionVectorLength;
  const batch = {
    size: windows.length,
    steps,
    spectra: new Float32Array(windows.length * steps * spectrumSize),
    targets: new Float32Array(windows.length * steps * m),
    start: new Float32Array(windows.length * m),
    labels: new Float32Array(windows.length * (steps - 1)),
  };
  windows.forEach(({ track, version, start }, b) => {
    const t = tracks[track]!;
    batch.spectra.set(t.spectra[version]!.subarray(start * spectrumSize, (start + steps) * spectrumSize), b * steps * spectrumSize);
    batch.targets.set(t.motion.subarray(start * m, (start + steps) * m), b * steps * m);
    batch.start.set(t.motion.subarray((start - 1) * m, start * m), b * m);
    batch.labels.set(t.labels.subarray(start, start + steps - 1), b * (steps - 1));
  });
  return batch;
}
