import { hertz, type Hertz } from '../core/units.js';
import { OnsetStrength } from './onset-strength.js';
import { TempoTracker } from './tempo-tracker.js';

/** Onset frames per second the beat tracker works at, whatever the audio rate. */
const targetFrameRate = 100;
/** Log-mel bands of the onset front end. */
const nMels = 40;

export interface BeatFrontEnd {
  /** Spectral flux on log-mel; its rows also feed `tempo`. */
  readonly onsets: OnsetStrength;
  readonly tempo: TempoTracker;
  /** Onset frames per second (close to 100: frames fall on whole samples). */
  readonly frameRate: number;
  /** Samples between onset frames. */
  readonly hop: number;
  /** Onset window length, samples. */
  readonly nFft: number;
}

/**
 * The analysis the beat tracker, its training and its evaluation all share: 40 log-mel bands up
 * to 8 kHz on windows of about 46 ms (a power of two) every 10 ms, and the tempo tracker on the
 * same rows. Keeping it in one place keeps the trained tempo-level model valid for the tracker.
 */
export function beatFrontEnd(sampleRate: Hertz, minBpm: number, maxBpm: number): BeatFrontEnd {
  const hop = Math.round(sampleRate / targetFrameRate);
  const nFft = 2 ** Math.round(Math.log2(0.046 * sampleRate));
  const fMax = hertz(Math.min(8000, sampleRate / 2));
  const frameRate = sampleRate / hop;
  return {
    onsets: new OnsetStrength({ sampleRate, nFft, hop, nMels, fMax }),
    tempo: new TempoTracker({ frameRate, minBpm, maxBpm, melCentres: TempoTracker.melCentres(nMels, fMax) }),
    frameRate,
    hop,
    nFft,
  };
}
