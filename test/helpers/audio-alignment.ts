/**
 * Onset envelope, one value per millisecond: rises of log energy over 5 ms windows. Attacks of
 * any kind show as peaks; sustained sound and steady noise do not.
 */
function onsetEnvelope(samples: Float32Array, rate: number): Float64Array {
  const hop = rate / 1000;
  const window = Math.round(rate * 0.005);
  const frames = Math.floor((samples.length - window) / hop);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const from = Math.round(f * hop);
    let sum = 0;
    for (let i = from; i < from + window; i++) sum += samples[i]! * samples[i]!;
    energy[f] = Math.log(1e-10 + sum);
  }
  return Float64Array.from(energy, (e, f) => (f >= 5 ? Math.max(0, e - energy[f - 5]!) : 0));
}

/**
 * How much later the attacks of `b` come than those of `a`, seconds, to the millisecond: the lag
 * within ±`range` that best correlates their onset envelopes.
 */
export function onsetLag(a: Float32Array, b: Float32Array, rate: number, range = 0.05): number {
  const ea = onsetEnvelope(a, rate);
  const eb = onsetEnvelope(b, rate);
  const steps = Math.round(range * 1000);
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = -steps; lag <= steps; lag++) {
    let score = 0;
    for (let f = Math.max(0, -lag); f < ea.length && f + lag < eb.length; f++) score += ea[f]! * eb[f + lag]!;
    if (score > bestScore) [best, bestScore] = [lag, score];
  }
  return best / 1000;
}

/** Time of the first sample whose magnitude reaches `relative` of the peak, seconds. */
export function firstSound(samples: Float32Array, rate: number, relative = 0.001): number {
  let peak = 0;
  for (const x of samples) peak = Math.max(peak, Math.abs(x));
  const i = samples.findIndex((x) => Math.abs(x) >= relative * peak);
  return i / rate;
}
