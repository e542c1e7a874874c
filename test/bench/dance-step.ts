import { batchedDancers, compared, naiveSteps, streamSteps, timeDanceStep } from '../../src/models/dance/time-dance-step.js';
import type { BenchReport } from './report.js';

const targetP99 = 8;

/** The benchmark report for `npm run bench`. */
export async function danceStep(): Promise<BenchReport> {
  const m = await timeDanceStep();
  const ms = (x: number) => x.toFixed(2);
  const flat = m.tensors.stream[0] === m.tensors.stream[1] && m.tensors.naive[0] === m.tensors.naive[1];
  const spectral = [...new Set(m.kernels.filter((k) => k.endsWith('/products')).map((k) => k.split('/')[0]))];
  return {
    name: `dance generator step, paper size (${(m.params / 1e6).toFixed(2)} M weights), one dancer, one core`,
    lines: [
      `stream (WebAssembly SIMD kernels): p50 ${ms(m.p50_ms)} ms, p99 ${ms(m.p99_ms)} ms over ${streamSteps} steps`,
      `naive (stateful tf.layers predict, tfjs wasm backend, 1 thread): p50 ${ms(m.naive_p50_ms)} ms, p99 ${ms(m.naive_p99_ms)} ms over ${naiveSteps} steps`,
      `speed-up at p50: ${(m.naive_p50_ms / m.p50_ms).toFixed(1)}×; ${batchedDancers} dancers in one step: p50 ${ms(m.batch.p50_ms)} ms, p99 ${ms(m.batch.p99_ms)} ms, mean ${ms(m.batch.mean_ms)} ms`,
      `convolutions in the frequency domain: ${spectral.join(', ') || 'none'}; largest pose difference to the naive form over ${compared} steps: ${m.difference.toExponential(1)}`,
      `tensors: stream ${m.tensors.stream[0]} → ${m.tensors.stream[1]}, naive ${m.tensors.naive[0]} → ${m.tensors.naive[1]}`,
    ],
    targets: [
      { target: `stream p99 ${ms(m.p99_ms)} ms ≤ ${targetP99} ms`, met: m.p99_ms <= targetP99 },
      { target: `poses agree with the naive form within 1e-4 (${m.difference.toExponential(1)})`, met: m.difference <= 1e-4 },
      { target: 'tensor count flat over every step', met: flat },
      { target: `${batchedDancers} dancers at 30 fps take ${(3 * m.batch.mean_ms).toFixed(0)} % of one core ≤ 100 %`, met: 30 * m.batch.mean_ms <= 1000 },
    ],
  };
}
