import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hertz } from '../core/units.js';
import { beatFrontEnd } from '../dsp/beat-front-end.js';
import { tempoFeatureNames, type TempoCandidate } from '../dsp/tempo-tracker.js';
import { levelScore, type TempoLevelModel } from '../models/tempo-level/tempo-level-model.js';
import { decodeWav } from '../sources/wav.js';
import { readBeatsFile } from './beats-file.js';

/** One moment of one song: the candidates the tracker proposed and which one is the beat. */
export interface LevelExample {
  readonly song: string;
  readonly candidates: readonly TempoCandidate[];
  readonly label: number;
}

/** Seconds between examples within a song, and before the first (the autocorrelation needs a few beats). */
const every = 1;
const first = 4;
/** A candidate within this relative distance of the annotated tempo is the right level. */
const tolerance = 0.04;

/** The annotated tempo around time t: 60 over the median beat interval within ±3 s. */
function localTempo(beats: readonly number[], t: number): number | undefined {
  const near = beats.filter((b) => Math.abs(b - t) <= 3);
  const gaps = near.slice(1).map((b, i) => b - near[i]!).sort((a, b) => a - b);
  return gaps.length > 0 ? 60 / gaps[Math.floor(gaps.length / 2)]! : undefined;
}

/**
 * Runs every `<name>.wav` of `dir` that has a `<name>.beats` through the beat tracker's front end
 * and keeps, once a second, the tempo candidates with the index of the right one (moments where
 * no candidate is within 4 % of the annotated tempo are skipped: no level choice can fix those).
 */
export function levelExamples(dir: string, minBpm: number, maxBpm: number, onSong?: (name: string, done: number) => void): LevelExample[] {
  const songs = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort();
  const examples: LevelExample[] = [];
  songs.forEach((name, done) => {
    const beatsFile = join(dir, name.replace(/\.wav$/, '.beats'));
    let beats: number[];
    try {
      beats = readBeatsFile(beatsFile);
    } catch {
      return;
    }
    const wav = decodeWav(readFileSync(join(dir, name)), join(dir, name));
    const mono = wav.channels === 1 ? wav.samples : wav.samples.filter((_, i) => i % wav.channels === 0);
    const front = beatFrontEnd(hertz(wav.sampleRate), minBpm, maxBpm);
    const step = Math.round(every * front.frameRate);
    front.onsets.push(mono, (_strength, frame, row) => {
      front.tempo.push(row);
      const t = (frame * front.hop + front.nFft / 2) / wav.sampleRate;
      if (frame % step !== 0 || t < first) return;
      const truth = localTempo(beats, t);
      if (truth === undefined) return;
      const candidates = front.tempo.candidates();
      const label = candidates.findIndex((c) => Math.abs(c.bpm - truth) <= tolerance * truth);
      if (label >= 0 && candidates.length > 1) examples.push({ song: name, candidates, label });
    });
    onSong?.(name, done + 1);
  });
  return examples;
}

/** Share of examples whose best-scoring candidate is the right one. */
export function levelAccuracy(model: TempoLevelModel, examples: readonly LevelExample[]): number {
  if (examples.length === 0) return 0;
  let right = 0;
  for (const e of examples) {
    const scores = e.candidates.map((c) => levelScore(model, c.features));
    if (scores.indexOf(Math.max(...scores)) === e.label) right++;
  }
  return right / examples.length;
}

/**
 * Fits the tempo-level model: a softmax over each example's candidates of a linear score,
 * trained by full-batch gradient descent on the cross-entropy with an L2 penalty, on features
 * standardised over all candidates. Deterministic: same examples, same model.
 */
export function trainTempoLevel(examples: readonly LevelExample[], options: { iterations?: number; rate?: number; l2?: number } = {}): TempoLevelModel {
  const { iterations = 3000, rate = 0.5, l2 = 1e-3 } = options;
  const n = tempoFeatureNames.length;
  const all = examples.flatMap((e) => e.candidates.map((c) => c.features));
  const mean = Array.from({ length: n }, (_, i) => all.reduce((s, f) => s + f[i]!, 0) / all.length);
  const std = Array.from({ length: n }, (_, i) => Math.sqrt(all.reduce((s, f) => s + (f[i]! - mean[i]!) ** 2, 0) / all.length) || 1);
  const x = examples.map((e) => e.candidates.map((c) => Array.from(c.features, (v, i) => (v - mean[i]!) / std[i]!)));
  const w = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(n);
    examples.forEach((e, k) => {
      const scores = x[k]!.map((f) => f.reduce((s, v, i) => s + v * w[i]!, 0));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const z = exp.reduce((a, b) => a + b, 0);
      x[k]!.forEach((f, c) => {
        const p = exp[c]! / z - (c === e.label ? 1 : 0);
        for (let i = 0; i < n; i++) grad[i]! += p * f[i]!;
      });
    });
    for (let i = 0; i < n; i++) w[i]! -= rate * (grad[i]! / examples.length + l2 * w[i]!);
  }
  return { features: tempoFeatureNames, mean, std, weights: Array.from(w) };
}
