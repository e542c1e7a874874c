import { z } from 'zod';
import { derive, type AudioFrame, type BeatFrame, type Frame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { bpm, normalized, seconds } from '../core/units.js';
import { levelScore, loadTempoLevelModel, shippedTempoLevelModel, type TempoLevelModel } from '../models/tempo-level/tempo-level-model.js';
import { beatFrontEnd } from './beat-front-end.js';
import { BeatPredictor } from './beat-predictor.js';
import { tempoFeatureNames } from './tempo-tracker.js';
import { mixToMono } from './mix-to-mono.js';

const params = z
  .strictObject({
    /** Slowest tempo considered, BPM. */
    minBpm: z.number().min(30).max(300).default(60),
    /** Fastest tempo considered, BPM. */
    maxBpm: z.number().min(30).max(300).default(220),
    /** Tempo-level model file (relative to the patch); the shipped one when left out. */
    levelModel: z.string().min(1).optional(),
  })
  .refine((p) => p.minBpm * 2 <= p.maxBpm, { message: 'maxBpm must be at least twice minBpm', path: ['maxBpm'] });

export type BeatTrackerParams = z.infer<typeof params>;

/** Seconds of music before the first beat may be announced: the tempo needs a few periods. */
const warmUp = 2.5;
/**
 * Periodicity, averaged over the last second, at which the tracker starts announcing beats, and
 * below which it falls silent again. Noise and speech reach about 0.15 by chance, music starts
 * well above 0.2; a degraded recording may then dip near 0.1 without losing its beat.
 */
const openSalience = 0.2;
const closeSalience = 0.1;
/**
 * Tempo estimates within this relative tolerance of the held tempo refine it; a different tempo
 * replaces it only after being chosen for `switchTime` seconds in a row, so a moment of doubt
 * between a tempo and its half does not throw the phase away. Beats are announced once a tempo
 * has been held for `steadyTime`: music holds its tempo, noise and speech make it wander.
 */
const tempoTolerance = 0.04;
const switchTime = 0.5;
const steadyTime = 0.5;
/**
 * When `misses` predicted beats in a row fall where the onsets are weaker than `missRatio` of
 * what beats usually meet (see BeatPredictor.hit), the music has changed under the tracker — a
 * new song, a new tempo, a new phase: the tempo memory restarts from the audio since the first
 * miss, so the new beat takes over within a couple of seconds instead of the memory's time
 * constant, and the tempo may switch at once.
 */
const missRatio = 0.45;
const misses = 2;
/** Seconds after such a change during which a new tempo counts as its consequence. */
const afterChange = 4;
/** Periodicity below which a metrical level is not a beat candidate. */
const minLevelSalience = 0.05;
/** Tempo estimates per second. */
const estimatesPerSecond = 20;

/**
 * Causal, predictive beat and tempo tracker. Audio becomes a log-mel spectral-flux envelope at
 * 100 frames per second (beatFrontEnd). The tempo comes from running autocorrelations of four
 * band envelopes (TempoTracker); which of the best tempo, its half and its double is the beat is
 * decided by a small trained model (TempoLevelModel, presets/models/tempo-level). The phase comes
 * from a cumulative beat score (BeatPredictor). Half a beat ahead of each beat the tracker emits
 * a `beat` frame whose `t` is the predicted beat time, so receivers can act on the beat rather
 * than after it; it stays silent while the periodicity is too weak or the tempo unsteady.
 */
export const beatTracker: NodeType<BeatTrackerParams> = {
  name: 'beat-tracker',
  description: 'predicts beats and tempo from audio, causally: beat frames half a beat ahead (/terpsi/beat, /terpsi/tempo)',
  params,
  create: (p, ctx) => {
    const model = loadTempoLevelModel(p.levelModel ? ctx.resolve(p.levelModel) : shippedTempoLevelModel, tempoFeatureNames);
    return frameOperator<Frame, BeatFrame>((emit) => {
      let tracking: ReturnType<typeof startTracking> | undefined;
      return (input) => {
        if (input.kind !== 'audio') return;
        if (!tracking || tracking.sampleRate !== input.sampleRate) tracking = startTracking(p, model, input);
        tracking.push(input, emit, ctx.id);
      };
    }, ctx.report);
  },
};

/** Everything the tracker keeps for one audio stream (started again if the sample rate changes). */
function startTracking(p: BeatTrackerParams, model: TempoLevelModel, first: AudioFrame) {
  const { sampleRate } = first;
  const { onsets, tempo, frameRate, hop, nFft } = beatFrontEnd(sampleRate, p.minBpm, p.maxBpm);
  const predictor = new BeatPredictor({ maxPeriod: (60 / p.minBpm) * frameRate, beats: 8, decay: 0.85, continuity: 0.4 });
  // Engine time of sample 0 of the stream; an onset frame is placed at its window's centre.
  const origin = first.t - first.index / sampleRate;
  const frameTime = (frame: number) => seconds(origin + (frame * hop + nFft / 2) / sampleRate);
  const every = Math.max(1, Math.round(frameRate / estimatesPerSecond));
  let mono: Float32Array = new Float32Array(0);
  let period: number | undefined;
  let salience = 0;
  let open = false;
  let steadySince = 0;
  let doubtSince: number | undefined;
  let missed = 0;
  let changedAt: number | undefined;
  let hitLevel = 0;
  let beats = 0;
  let index = 0;
  /** Onset frame of the latest beat announced. */
  let announced: number | undefined;

  return {
    sampleRate,
    push(input: AudioFrame, emit: (frame: BeatFrame) => void, source: string) {
      const mixed = mixToMono(input.samples, input.channels, mono);
      if (mixed.buffer !== mono.buffer) mono = mixed;
      onsets.push(mixed, (_strength, frame, row) => {
        tempo.push(row);
        if (frame % every === 0 && frame >= frameRate) {
          const candidates = tempo.candidates();
          // A level with no periodicity of its own cannot be the beat, whatever the model says
          // (it was trained on ballroom tempi and extrapolates poorly below them).
          const scores = candidates.map((c) => (tempo.salience(c.period) < minLevelSalience ? -Infinity : levelScore(model, c.features)));
          const chosen = candidates[scores.indexOf(Math.max(...scores))]!;
          if (period !== undefined && Math.abs(chosen.period - period) <= tempoTolerance * period) {
            period = chosen.period;
            doubtSince = undefined;
          } else if (period === undefined || frame - (doubtSince ??= frame) >= switchTime * frameRate) {
            // Beats placed with another period say nothing about where this one's fall. After a
            // change the missed beats vouched for, the onsets since the change do; otherwise the
            // last two periods, so the new beat is announced at once. A tempo that replaces a held
            // one was chosen for `switchTime` already and needs no further proof of steadiness.
            const sinceChange = changedAt !== undefined && frame - changedAt < afterChange * frameRate ? frame - changedAt : undefined;
            predictor.reset(sinceChange ?? 2 * chosen.period);
            steadySince = period === undefined ? frame : frame - steadyTime * frameRate;
            beats = 0;
            period = chosen.period;
            doubtSince = undefined;
          }
          salience += (tempo.salience(period) - salience) / estimatesPerSecond;
        }
        // The predictor counts frames itself, so it sees every one, with 120 BPM until a tempo is held.
        const beat = predictor.push(tempo.beatOnset, period ?? frameRate / 2);
        if (beat !== undefined) {
          missed = period !== undefined && beats >= 4 && predictor.hit < missRatio * hitLevel ? missed + 1 : 0;
          if (period !== undefined && missed >= misses) {
            tempo.restart((missed + 1) * period);
            changedAt = frame - (missed + 1) * period;
            doubtSince = frame - switchTime * frameRate;
            missed = 0;
          }
          // The usual hit strength follows the beats that landed, and the miss that confirmed a
          // change: the new music may meet its beats less strongly.
          if (missed === 0) hitLevel = beats === 0 ? predictor.hit : hitLevel + 0.2 * (predictor.hit - hitLevel);
          beats++;
        }
        if (period === undefined) return;
        open = salience >= (open ? closeSalience : openSalience);
        if (beat === undefined || frame < warmUp * frameRate || !open) return;
        if (frame - steadySince < steadyTime * frameRate) return;
        // A new phase may put the next beat right after (or even before) the last one announced;
        // receivers would flash twice or see time run backwards.
        if (announced !== undefined && beat - announced < period / 2) return;
        announced = beat;
        emit({
          ...derive(input, source),
          kind: 'beat',
          t: frameTime(beat),
          index: index++,
          tempo: bpm((60 * frameRate) / period),
          confidence: normalized(Math.min(1, salience * 2)),
          predicted: true,
        });
      });
    },
  };
}
