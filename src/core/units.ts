/**
 * Units live in the type. A branded number cannot be passed where another unit is expected
 * without going through one of the conversions below, which are the only ones in the project.
 */
declare const unit: unique symbol;
type Unit<Name extends string> = number & { readonly [unit]: Name };

/** Time in seconds: engine time, durations, capture times. */
export type Seconds = Unit<'Seconds'>;
/** Time in milliseconds: only at the edges (timers, reports). */
export type Milliseconds = Unit<'Milliseconds'>;
/** Frequency or rate in cycles per second. */
export type Hertz = Unit<'Hertz'>;
/** Tempo in beats per minute. */
export type Bpm = Unit<'Bpm'>;
/** Length in metres. */
export type Metres = Unit<'Metres'>;
/** Angle in radians. */
export type Radians = Unit<'Radians'>;
/** A value in 0..1. */
export type Normalized = Unit<'Normalized'>;
/** Level in decibels relative to full scale (0 dBFS = a full-scale sine peak). */
export type Decibels = Unit<'Decibels'>;

export const seconds = (x: number): Seconds => x as Seconds;
export const milliseconds = (x: number): Milliseconds => x as Milliseconds;
export const hertz = (x: number): Hertz => x as Hertz;
export const bpm = (x: number): Bpm => x as Bpm;
export const metres = (x: number): Metres => x as Metres;
export const radians = (x: number): Radians => x as Radians;
export const decibels = (x: number): Decibels => x as Decibels;

/** Clamps to 0..1; NaN becomes 0 so that a bad value can never leave the engine as NaN. */
export function normalized(x: number): Normalized {
  return (x > 0 ? (x < 1 ? x : 1) : 0) as Normalized;
}

export const toMilliseconds = (s: Seconds): Milliseconds => (s * 1000) as Milliseconds;
export const toSeconds = (ms: Milliseconds): Seconds => (ms / 1000) as Seconds;

/** Duration of n samples at a sample rate. */
export const samplesToSeconds = (n: number, rate: Hertz): Seconds => (n / rate) as Seconds;
/** Number of whole samples in a duration at a sample rate (rounded to nearest). */
export const secondsToSamples = (s: Seconds, rate: Hertz): number => Math.round(s * rate);

/** Seconds per beat at a tempo. */
export const beatPeriod = (tempo: Bpm): Seconds => (60 / tempo) as Seconds;

/** Linear amplitude to dBFS; 0 maps to -Infinity. */
export const amplitudeToDecibels = (a: number): Decibels => (20 * Math.log10(a)) as Decibels;
export const decibelsToAmplitude = (db: Decibels): number => 10 ** (db / 20);

export const degreesToRadians = (deg: number): Radians => ((deg * Math.PI) / 180) as Radians;
export const radiansToDegrees = (r: Radians): number => (r * 180) / Math.PI;
