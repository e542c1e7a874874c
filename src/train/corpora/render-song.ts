import { beatPeriod, decibels, decibelsToAmplitude, seconds, type Bpm, type Hertz, type Seconds } from '../../core/units.js';
import type { SampleBuffer } from '../../sources/play-samples.js';
import { pick, seededRandom } from '../../core/seeded-random.js';

export interface SongOptions {
  readonly tempo: Bpm;
  readonly bars: number;
  readonly beatsPerBar: number;
  readonly sampleRate: Hertz;
  /** Chooses key, progression, bass pattern, swing and the humanised hi-hats. */
  readonly seed: number;
}

/** A mono song with its exact beat grid. */
export interface RenderedSong extends SampleBuffer {
  /** Time of every beat from the start of `samples` (beat i at i·60/tempo). */
  readonly beats: readonly Seconds[];
  /** Time of the first beat of every bar. */
  readonly downbeats: readonly Seconds[];
}

/** Peak level of the rendered song. */
const peakLevel = decibelsToAmplitude(decibels(-3));

/**
 * Renders a short procedural song with exact beats: a kick on every beat, a snare on the
 * backbeats (every other beat from the second: 2 and 4 in 4/4), swung and humanised hi-hats on
 * the eighths, a bass line on the chord roots and a sustained chord per bar, over a four-chord
 * progression. Synthesis is additive (wavetable chords) and subtractive (filtered saw bass,
 * filtered noise drums); drum onsets are placed to the sub-sample, so the beat times are exact.
 * The song lasts exactly bars·beatsPerBar beats and the tails of the last notes wrap around to the
 * start, so it loops seamlessly. Deterministic for a seed; peak-normalised to -3 dBFS.
 */
export function renderSong(options: SongOptions): RenderedSong {
  const { tempo, bars, beatsPerBar, sampleRate, seed } = options;
  const period = beatPeriod(tempo);
  const totalBeats = bars * beatsPerBar;
  const out = new Float32Array(Math.max(1, Math.round(totalBeats * period * sampleRate)));
  const random = seededRandom(seed);
  const canvas: Canvas = { out, rate: sampleRate, random };

  const minor = random() < 0.5;
  const scale = minor ? [0, 2, 3, 5, 7, 8, 10] : [0, 2, 4, 5, 7, 9, 11];
  const progressions = minor
    ? [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6]]
    : [[0, 4, 5, 3], [0, 5, 3, 4], [0, 3, 4, 3]];
  const progression = pick(progressions, random);
  const key = 45 + Math.floor(random() * 8); // A2..E3: the bass register; chords sit an octave up
  const swing = 0.05 + random() * 0.15;
  const bassPattern = pick(bassPatterns, random);
  const degreeToNote = (degree: number) => key + scale[degree % 7]! + 12 * Math.floor(degree / 7);

  for (let bar = 0; bar < bars; bar++) {
    const barStart = bar * beatsPerBar * period;
    const degree = progression[bar % progression.length]!;
    for (const d of [degree, degree + 2, degree + 4]) pad(canvas, barStart, beatsPerBar * period, midiToHertz(degreeToNote(d) + 12));
    for (let beat = 0; beat < beatsPerBar; beat++) {
      const t = barStart + beat * period;
      kick(canvas, t);
      if (beat % 2 === 1) snare(canvas, t);
      const openLast = beat === beatsPerBar - 1 && bar % 2 === 1;
      hat(canvas, t + random() * 0.003, 0.75 + random() * 0.2, 0.03);
      hat(canvas, t + period * (0.5 + swing / 2) + (random() - 0.5) * 0.006, 0.4 + random() * 0.2, openLast ? 0.15 : 0.03);
      for (const [offset, octave] of bassPattern) {
        // Notes stop before the next beat, as a side-chained bass ducks under the kick.
        const length = Math.min(0.45, 0.95 - offset) * period;
        bass(canvas, t + offset * period, length, midiToHertz(degreeToNote(degree) - 12 + 12 * octave));
      }
    }
  }

  let peak = 0;
  for (let i = 0; i < out.length; i++) peak = Math.max(peak, Math.abs(out[i]!));
  if (peak > 0) {
    const gain = peakLevel / peak;
    for (let i = 0; i < out.length; i++) out[i]! *= gain;
  }
  const beats = Array.from({ length: totalBeats }, (_, i) => seconds(i * period));
  const downbeats = Array.from({ length: bars }, (_, i) => seconds(i * beatsPerBar * period));
  return { samples: out, sampleRate, channels: 1, beats, downbeats };
}

/** Where voices are mixed. */
interface Canvas {
  readonly out: Float32Array;
  readonly rate: number;
  readonly random: () => number;
}

/**
 * The samples a voice starting at `onset` (seconds) and lasting `duration` covers: the first
 * sample number, how many, the first one's exact time after the onset (so that onsets are placed
 * to the sub-sample) and the sample period. Onsets lie inside the song, so a sample number n past
 * the end is folded back with n - length: tails past the end sound at the start of the loop.
 */
function span(c: Canvas, onset: number, duration: number): { first: number; count: number; tau0: number; dt: number } {
  const first = Math.ceil(onset * c.rate);
  const count = Math.min(c.out.length, Math.floor((onset + duration) * c.rate) - first + 1);
  return { first, count, tau0: first / c.rate - onset, dt: 1 / c.rate };
}

/** Bass notes within a beat: [offset in beats, octave above the root]. */
const bassPatterns: readonly (readonly [number, number])[][] = [
  [[0, 0], [0.5, 0]],
  [[0, 0], [0.5, 1]],
  [[0, 0]],
  [[0, 0], [0.75, 0]],
];

// Exponential decays below run as per-sample products (decay *= factor): the same curve as
// Math.exp(-tau / time), far cheaper.

/** Pitch-swept sine with a click: the frequency falls from 150 to 50 Hz in about 40 ms. */
function kick(c: Canvas, onset: number): void {
  const { out, random } = c;
  const { first, count, tau0, dt } = span(c, onset, 0.45);
  const length = out.length;
  const clickLength = 64;
  let sweep = Math.exp(-tau0 / 0.04);
  let decay = Math.exp(-tau0 / 0.18);
  const sweepFactor = Math.exp(-dt / 0.04);
  const decayFactor = Math.exp(-dt / 0.18);
  let phase = 2 * Math.PI * 150 * tau0;
  for (let k = 0; k < count; k++) {
    const tau = tau0 + k * dt;
    let x = Math.sin(phase) * decay * (tau < 0.001 ? tau / 0.001 : 1);
    if (k < clickLength) x += (random() * 2 - 1) * 0.3 * (1 - k / clickLength);
    const n = first + k;
    out[n < length ? n : n - length]! += x;
    phase += 2 * Math.PI * (50 + 100 * sweep) * dt;
    sweep *= sweepFactor;
    decay *= decayFactor;
  }
}

/** A 185 Hz body under a burst of noise tilted towards the highs (first difference). */
function snare(c: Canvas, onset: number): void {
  const { out, random } = c;
  const velocity = 0.85 + random() * 0.15;
  const { first, count, tau0, dt } = span(c, onset, 0.25);
  const length = out.length;
  let body = Math.exp(-tau0 / 0.05);
  let noise = Math.exp(-tau0 / 0.07);
  const bodyFactor = Math.exp(-dt / 0.05);
  const noiseFactor = Math.exp(-dt / 0.07);
  let previous = 0;
  for (let k = 0; k < count; k++) {
    const tau = tau0 + k * dt;
    const white = random() * 2 - 1;
    const x = velocity * (0.5 * Math.sin(2 * Math.PI * 185 * tau) * body + 0.45 * (white - previous) * noise) * (tau < 0.0005 ? tau / 0.0005 : 1);
    previous = white;
    const n = first + k;
    out[n < length ? n : n - length]! += x;
    body *= bodyFactor;
    noise *= noiseFactor;
  }
}

/** Twice-differenced noise (a steep high-pass) with an exponential decay; longer for an open hat. */
function hat(c: Canvas, onset: number, velocity: number, decay: number): void {
  const { out, random } = c;
  const { first, count, tau0, dt } = span(c, onset, decay * 5);
  const length = out.length;
  let level = 0.09 * velocity * Math.exp(-tau0 / decay);
  const factor = Math.exp(-dt / decay);
  let a = 0;
  let b = 0;
  for (let k = 0; k < count; k++) {
    const white = random() * 2 - 1;
    const n = first + k;
    out[n < length ? n : n - length]! += level * (white - 2 * a + b);
    b = a;
    a = white;
    level *= factor;
  }
}

/** Sawtooth through a one-pole low-pass whose cutoff closes from 1.4 kHz to 250 Hz. */
function bass(c: Canvas, onset: number, duration: number, frequency: number): void {
  const { out } = c;
  const { first, count, tau0, dt } = span(c, onset, duration + 0.03);
  const length = out.length;
  let sweep = Math.exp(-tau0 / 0.08);
  const sweepFactor = Math.exp(-dt / 0.08);
  let y = 0;
  for (let k = 0; k < count; k++) {
    const tau = tau0 + k * dt;
    const cycles = frequency * tau;
    const saw = 2 * (cycles - Math.floor(cycles)) - 1;
    const w = 2 * Math.PI * (250 + 1150 * sweep) * dt;
    y += (w / (1 + w)) * (saw - y); // one-pole low-pass; w / (1 + w) stays stable at any rate
    const envelope = (tau < 0.004 ? tau / 0.004 : 1) * (tau < duration ? 1 : Math.max(0, 1 - (tau - duration) / 0.03));
    const n = first + k;
    out[n < length ? n : n - length]! += 0.25 * y * envelope;
    sweep *= sweepFactor;
  }
}

/** Chord tone: a soft additive wavetable voice, two slightly detuned copies, slow attack and release. */
function pad(c: Canvas, onset: number, duration: number, frequency: number): void {
  const { out, random } = c;
  const detune = 1.003 + random() * 0.002;
  const { first, count, tau0, dt } = span(c, onset, duration + 0.4);
  const length = out.length;
  let p1 = random() * tableSize;
  let p2 = 0;
  const step1 = frequency * dt * tableSize;
  const step2 = step1 * detune;
  for (let k = 0; k < count; k++) {
    const tau = tau0 + k * dt;
    const envelope = (tau < 0.12 ? tau / 0.12 : 1) * (tau < duration ? 1 : Math.max(0, 1 - (tau - duration) / 0.4));
    const i1 = p1 | 0;
    const i2 = p2 | 0;
    const x = table[i1]! + (p1 - i1) * (table[i1 + 1]! - table[i1]!) + table[i2]! + (p2 - i2) * (table[i2 + 1]! - table[i2]!);
    const n = first + k;
    out[n < length ? n : n - length]! += 0.05 * x * envelope;
    p1 += step1;
    if (p1 >= tableSize) p1 -= tableSize;
    p2 += step2;
    if (p2 >= tableSize) p2 -= tableSize;
  }
}

// One cycle of the chord voice: harmonics 1..6 falling as 1/k^1.5, for a mellow, organ-like tone.
const tableSize = 2048;
const table = Float32Array.from({ length: tableSize + 1 }, (_, i) => {
  let x = 0;
  for (let k = 1; k <= 6; k++) x += Math.sin((2 * Math.PI * k * i) / tableSize) / k ** 1.5;
  return x;
});

function midiToHertz(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}
