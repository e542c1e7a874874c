import { join } from 'node:path';
import type { Seconds } from '../../core/units.js';
import { forwardKinematics } from '../../movement/forward-kinematics.js';
import { motionBeats } from '../../movement/motion-beats.js';
import { motionFrameRate } from '../../movement/motion-vector.js';
import { danceSteps } from '../../train/corpora/dance-steps.js';
import { danceCorpusDataset } from '../../train/datasets/dance-corpus-dataset.js';
import { readText } from '../../train/datasets/read-text.js';
import { detectFreeze } from '../../train/metrics/detect-freeze.js';
import { motionBeatFMeasure } from '../../train/metrics/motion-beat-f-measure.js';
import { stepCrossEntropy } from '../../train/metrics/step-cross-entropy.js';
import { renderDance } from './render-dance.js';

/** How one dance of a track scores. */
export interface DanceScore {
  /** Motion-beat F-measure against the music's beats (±70 ms), precision and recall. */
  readonly f: number;
  readonly precision: number;
  readonly recall: number;
  /** Motion beats found and music beats scored against. */
  readonly motionBeats: number;
  readonly musicBeats: number;
  /** The paper's cross entropy against the reference dancer's step, nats (lower is closer); NaN when it could not be scored. */
  readonly crossEntropy: number;
  /** Longest stretch without movement, and whether it is a freeze (2 s or more). */
  readonly longestStill: Seconds;
  readonly frozen: boolean;
}

export interface DanceTrackScore {
  readonly name: string;
  /** Music beats per step of the reference dancer. */
  readonly stepBeats: number;
  /** The model's dance, rendered through the live generator. */
  readonly model: DanceScore;
  /** The reference dancer scored the same way: the ceiling. */
  readonly reference: DanceScore;
}

export interface DanceMeans {
  readonly f: number;
  readonly precision: number;
  readonly recall: number;
  /** Mean over the tracks where it could be scored; NaN when none. */
  readonly crossEntropy: number;
  /** Tracks frozen. */
  readonly frozen: number;
}

export interface DanceFilesScore {
  readonly tracks: readonly DanceTrackScore[];
  readonly mean: { readonly model: DanceMeans; readonly reference: DanceMeans };
}

export interface ScoreDanceOptions {
  /** Model folder; the shipped model when left out. */
  readonly model?: string;
  /** Called after each track with the count done, the total and the track's name. */
  readonly onProgress?: (done: number, total: number, name: string) => void;
}

/** Beats per step for a track whose `.json` names no step this terpsi knows: one bar of 4/4. */
const defaultStepBeats = 4;

/**
 * Scores the dance generator on a folder in the dance corpus layout (see danceCorpusDataset:
 * `<name>.json`, `.wav`, `.beats`, `.bvh`, the `.bvh` being the reference dancer). Per track the
 * model's dance is rendered from `<name>.wav` through the live generator (renderDance, dancer 0)
 * and scored, as is the reference dancer, on joint positions:
 * - motion beats (movement/motion-beats) against the music's beats: motionBeatFMeasure, ±70 ms,
 *   nothing skipped;
 * - stepCrossEntropy against the reference dancer's basic step, which is `stepBeats` music beats
 *   long (the `step` named in `<name>.json`: 2, 4 or 8 beats; 4 when it names none this terpsi
 *   knows) and taken from the reference from beat `stepBeats` on (its second cycle, past the
 *   start), or from beat 0 when the track has too few beats; NaN when it has no whole step;
 * - detectFreeze: the longest stretch where the body stands still, frozen at 2 s.
 * Means are over the tracks. Files that cannot be read are coded errors naming them.
 */
export async function scoreDanceFiles(dir: string, options: ScoreDanceOptions = {}): Promise<DanceFilesScore> {
  const sources = danceCorpusDataset(dir);
  const tracks: DanceTrackScore[] = [];
  for (const source of sources) {
    const track = await source.load();
    const stepBeats = stepBeatsOf(join(dir, `${source.name}.json`));
    const rendered = await renderDance(join(dir, `${source.name}.wav`), options.model === undefined ? {} : { model: options.model });
    const dance = rendered.filter((f) => f.dancer === 0).map((f) => f.positions!);
    const reference = track.motion.map((pose) => forwardKinematics(pose));
    const step = referenceStep(reference, track.beats, stepBeats);
    tracks.push({
      name: source.name,
      stepBeats,
      model: scoreDance(dance, track.beats, step, stepBeats),
      reference: scoreDance(reference, track.beats, step, stepBeats),
    });
    options.onProgress?.(tracks.length, sources.length, source.name);
  }
  return { tracks, mean: { model: means(tracks.map((t) => t.model)), reference: means(tracks.map((t) => t.reference)) } };
}

function stepBeatsOf(file: string): number {
  const step = (JSON.parse(readText(file, 'track description')) as { step?: unknown }).step;
  return typeof step === 'string' && Object.hasOwn(danceSteps, step) ? danceSteps[step as keyof typeof danceSteps].keys.length : defaultStepBeats;
}

/** The reference dancer's frames over one step, or none when the track has no whole step. */
function referenceStep(reference: readonly Float32Array[], beats: readonly Seconds[], stepBeats: number): Float32Array[] {
  const first = beats.length > 2 * stepBeats ? stepBeats : 0;
  if (first + stepBeats >= beats.length) return [];
  const frame = (beat: number) => Math.floor(beats[beat]! * motionFrameRate);
  return reference.slice(frame(first), frame(first + stepBeats));
}

/** Scores one dance, joint positions at 30 fps from 0 s. */
function scoreDance(positions: readonly Float32Array[], beats: readonly Seconds[], step: readonly Float32Array[], stepBeats: number): DanceScore {
  const found = motionBeats(positions, { fps: motionFrameRate });
  const score = motionBeatFMeasure(beats, found);
  const crossEntropy = step.length > 0 ? stepCrossEntropy(positions, step, beats, { stepBeats, fps: motionFrameRate }).entropy : NaN;
  const freeze = detectFreeze(positions, { fps: motionFrameRate });
  return {
    f: score.f,
    precision: score.precision,
    recall: score.recall,
    motionBeats: found.length,
    musicBeats: score.reference,
    crossEntropy,
    longestStill: freeze.longest,
    frozen: freeze.frozen,
  };
}

function means(scores: readonly DanceScore[]): DanceMeans {
  const mean = (values: readonly number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
  return {
    f: mean(scores.map((s) => s.f)),
    precision: mean(scores.map((s) => s.precision)),
    recall: mean(scores.map((s) => s.recall)),
    crossEntropy: mean(scores.map((s) => s.crossEntropy).filter(Number.isFinite)),
    frozen: scores.filter((s) => s.frozen).length,
  };
}
