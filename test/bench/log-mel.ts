import { realClock } from '../../src/core/clock.js';
import { hertz } from '../../src/core/units.js';
import { LogMel, logMel } from '../../src/dsp/log-mel.js';
import type { BenchReport } from './report.js';

const sampleRate = 22050;
const duration = 60;
const nFft = 2048;
const hop = 512;
const nMels = 128;
/** Live audio arrives in blocks about this size. */
const block = 512;
const target = 200;
/** Each form runs this often; the median run counts, the fastest is shown beside it. */
const runs = 5;

/** A minute of something music-like: a chord that changes every half second over quiet noise. */
function song(): Float32Array {
  const x = new Float32Array(sampleRate * duration);
  let seed = 12345;
  for (let i = 0; i < x.length; i++) {
    seed = (seed * 16807) % 2147483647;
    const root = 110 * 2 ** (Math.floor(i / (sampleRate / 2)) % 12 / 12);
    const t = i / sampleRate;
    x[i] = 0.2 * (Math.sin(2 * Math.PI * root * t) + Math.sin(2 * Math.PI * 1.5 * root * t) + Math.sin(2 * Math.PI * 2.52 * root * t)) + 0.01 * (seed / 2147483647 - 0.5);
  }
  return x;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Real-time factor of log-mel at 22.05 kHz, nFft 2048, hop 512, 128 mels, on one core: seconds of
 * audio processed per second of compute, streaming in 512-sample blocks (the live path) and
 * whole-file.
 */
export async function logMelSpeed(): Promise<BenchReport> {
  const clock = realClock();
  const x = song();
  const options = { sampleRate: hertz(sampleRate), nFft, hop, nMels };
  const times = { streaming: [] as number[], whole: [] as number[] };
  let frames = 0;
  for (let r = 0; r < runs; r++) {
    let start = clock.now();
    const core = new LogMel(options);
    frames = 0;
    for (let i = 0; i < x.length; i += block) core.push(x.subarray(i, i + block), () => frames++);
    times.streaming.push(clock.now() - start);
    start = clock.now();
    logMel(x, options);
    times.whole.push(clock.now() - start);
  }
  const factor = (form: keyof typeof times) => duration / median(times[form]);
  const line = (form: keyof typeof times, name: string) => {
    const s = median(times[form]);
    const fastest = Math.min(...times[form]);
    return `${name}: median ${(s * 1000).toFixed(1)} ms for ${duration} s of audio = ${factor(form).toFixed(0)}× real time, ${((s / frames) * 1e6).toFixed(1)} µs per frame (fastest run ${(duration / fastest).toFixed(0)}×)`;
  };
  return {
    name: `log-mel speed, ${sampleRate} Hz, nFft ${nFft}, hop ${hop}, ${nMels} mels, one core (median of ${runs} runs)`,
    lines: [`${frames} frames of ${duration} s of audio`, line('streaming', `streaming in ${block}-sample blocks`), line('whole', 'whole file')],
    targets: [
      { target: `streaming ${factor('streaming').toFixed(0)}× real time ≥ ${target}×`, met: factor('streaming') >= target },
      { target: `whole file ${factor('whole').toFixed(0)}× real time ≥ ${target}×`, met: factor('whole') >= target },
    ],
  };
}
