import type { Pose } from '../../movement/action-segmentation.js';
import type { LmaPreset } from '../../movement/lma-efforts.js';
import { segmentEfforts } from './segment-efforts.js';
import { motionRate, segmentSeconds } from './sonify-model-config.js';
import { normalizePeak, patchSound } from './sonify-mel.js';
import type { Sonifier } from './sonifier.js';

export interface SonifyStreamOptions {
  readonly sonifier: Sonifier;
  readonly preset: LmaPreset;
  /** Mixture sampling temperature (0: always the likeliest sound for the movement). */
  readonly temperature: number;
  /** Uniform numbers in [0, 1) for sampling. */
  readonly random: () => number;
  /** Seconds each fragment overlaps the next, faded out under its fade-in. */
  readonly crossfade: number;
  /** Longest fragment, seconds: a body that gives no new keyframe still sounds this often. */
  readonly longest: number;
}

/** A piece of the output: mono samples at the model's rate and the movement time of the first. */
export interface SoundFragment {
  readonly t: number;
  readonly samples: Float32Array;
}

/** Poses a keyframe must lie behind the newest before it counts: its cluster may still grow. */
const settle = 5;
/** Poses between segmentations. */
const checkEvery = 3;

/**
 * Sound from one body's movement, as it happens. Poses arrive on a regular grid (the model's
 * motionRate); the last segment of them (patchFrames · hop / sampleRate seconds, the first pose
 * repeated until that much has come) is cut into action windows every few poses. Each time a new
 * keyframe has settled behind the newest pose — or after `longest` seconds without one — the
 * sound from the previous keyframe to it is a new fragment: the segment's efforts, a code drawn
 * from the mixture, the decoded patch, Griffin–Lim on the rows that fragment covers (the patch
 * spans the segment, so its last rows are the newest movement). Fragments tile time and each
 * fades in under the previous one's `crossfade`-second tail, so the output is continuous while
 * the body moves, one fragment per action window, a few poses behind the movement.
 */
export class SonifyStream {
  readonly #poses: Pose[] = [];
  readonly #size: number;
  /** Index of the next pose, counting from the first. */
  #count = 0;
  /** Pose index up to which sound has been made. */
  #done = 0;
  #t0 = 0;
  /** The previous fragment's overlap, faded out under the next one's start. */
  #tail = new Float32Array(0);
  /** Shortest fragment, poses: half an average window, so that a keyframe moving as the segment slides does not chop the sound. */
  readonly #shortest: number;

  constructor(readonly options: SonifyStreamOptions) {
    const c = options.sonifier.model.config;
    this.#size = Math.round(segmentSeconds(c) * motionRate);
    this.#shortest = Math.max(1, Math.round(this.#size / c.windows / 2));
  }

  /** Adds the next pose (kinect2 joint names) at movement time `t`; returns the fragment it completes, if any. */
  push(pose: Pose, t: number): SoundFragment | undefined {
    const c = this.options.sonifier.model.config;
    if (this.#count === 0) {
      this.#t0 = t;
      this.#poses.push(...Array.from({ length: this.#size - 1 }, () => pose));
    }
    this.#poses.push(pose);
    if (this.#poses.length > this.#size) this.#poses.shift();
    const newest = this.#count++;
    if (newest % checkEvery !== 0) return undefined;
    const first = newest - this.#size + 1;
    const { windows, efforts } = segmentEfforts(this.#poses, c, this.options.preset);
    const keyframe = first + windows.at(-1)![1];
    const longest = Math.round(this.options.longest * motionRate);
    let end: number | undefined;
    if (keyframe >= this.#done + this.#shortest && keyframe <= newest - settle) end = keyframe;
    else if (newest - settle - this.#done >= longest) end = newest - settle;
    if (end === undefined || end <= this.#done) return undefined;
    const rows = this.options.sonifier.patch(efforts, this.options.temperature, this.options.random);
    return this.#fragment(rows, first, end);
  }

  /** The sound of poses [done, end) from a patch spanning poses [first, first + size). */
  #fragment(rows: readonly Float32Array[], first: number, end: number): SoundFragment {
    const c = this.options.sonifier.model.config;
    const perPose = c.sampleRate / motionRate;
    const overlap = Math.round(this.options.crossfade * c.sampleRate);
    // Samples of the segment's sound (sample 0 at pose `first`) this fragment covers, its overlap included.
    const from = Math.round((this.#done - first) * perPose);
    const to = Math.round((end - first) * perPose) + overlap;
    // Rows decoded beyond each end, so that Griffin–Lim's edges, where fewer frames overlap, fall outside the fragment.
    const margin = Math.ceil(c.nFft / c.hop);
    const row0 = Math.max(0, Math.floor(from / c.hop) - margin);
    const row1 = Math.min(rows.length, Math.ceil(to / c.hop) + margin);
    const sound = patchSound(rows.slice(row0, row1), c);
    const offset = row0 * c.hop;
    const body = new Float32Array(to - from);
    for (let i = 0; i < body.length; i++) body[i] = sound[from + i - offset] ?? 0;
    normalizePeak(body);
    const length = body.length - overlap;
    const out = body.slice(0, length);
    const fade = Math.min(this.#tail.length, length);
    for (let i = 0; i < fade; i++) {
      const w = (i + 0.5) / fade;
      out[i] = w * out[i]! + (1 - w) * this.#tail[i]!;
    }
    this.#tail = body.slice(length);
    const t = this.#t0 + this.#done / motionRate;
    this.#done = end;
    return { t, samples: out };
  }
}
