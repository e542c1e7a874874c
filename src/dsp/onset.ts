import { z } from 'zod';
import { derive, type ControlFrame, type Frame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { Fft, hannWindow } from './fft.js';

const fftSize = 1024;
/** Log compression gain: flux on log(1 + γ|X|) responds to relative change, not loudness. */
const gamma = 10;
/** Flux below this (mean per bin) is never an onset: keeps silence and hiss quiet. */
const floor = 0.05;
/** Shortest time between two onsets, seconds: no note starts twice in 80 ms. */
const refractory = 0.08;
/** Smoothing of the flux statistics the threshold adapts to, per frame. */
const adapt = 0.05;

/**
 * Causal onset detector on spectral flux, one decision per audio block: a `control` frame named
 * `onset` with [strength 0..1 (flux over its recent maximum), trigger (1 on an onset, else 0),
 * envelope (1 at an onset, decaying with `decay` seconds)].
 */
export const onset: NodeType<Record<string, never>> = {
  name: 'onset',
  description: 'spectral-flux onsets per audio block: /terpsi/onset [strength, trigger, envelope]',
  params: z.strictObject({}),
  tunables: {
    sensitivity: { min: 0.5, max: 6, default: 2, unit: 'standard deviations', description: 'how far above its running mean the flux must rise' },
    decay: { min: 0.02, max: 2, default: 0.25, unit: 'seconds', description: 'time constant of the onset envelope' },
  },
  create: (_params, ctx) => {
    const sensitivity = ctx.tunable('sensitivity');
    const decay = ctx.tunable('decay');
    return frameOperator<Frame, ControlFrame>((emit) => {
      const fft = new Fft(fftSize);
      const window = hannWindow(fftSize);
      const ring = new Float64Array(fftSize);
      const frame = new Float64Array(fftSize);
      const power = new Float64Array(fftSize / 2 + 1);
      const previous = new Float64Array(fftSize / 2 + 1);
      let write = 0;
      let mean = 0;
      let variance = 0;
      let peak = 1e-6;
      let envelope = 0;
      let lastT = Number.NaN;
      let lastOnset = -Infinity;

      return (input) => {
        if (input.kind !== 'audio') return;
        const { samples, channels } = input;
        for (let i = 0; i < samples.length; i += channels) {
          let v = 0;
          for (let c = 0; c < channels; c++) v += samples[i + c]!;
          ring[write] = Number.isFinite(v) ? v / channels : 0;
          write = (write + 1) % fftSize;
        }
        for (let i = 0; i < fftSize; i++) frame[i] = ring[(write + i) % fftSize]! * window[i]!;
        fft.power(frame, power);

        let flux = 0;
        for (let k = 0; k < power.length; k++) {
          const l = Math.log1p(gamma * Math.sqrt(power[k]!));
          const rise = l - previous[k]!;
          if (rise > 0) flux += rise;
          previous[k] = l;
        }
        flux /= power.length;

        const t = input.t;
        const dt = Number.isNaN(lastT) ? 0 : t - lastT;
        lastT = t;
        const threshold = mean + sensitivity.value * Math.sqrt(variance);
        const trigger = flux > floor && flux > threshold && t - lastOnset >= refractory;
        const delta = flux - mean;
        mean += adapt * delta;
        variance = (1 - adapt) * (variance + adapt * delta * delta);
        peak = Math.max(flux, peak * 0.999);
        envelope *= Math.exp(-dt / decay.value);
        if (trigger) {
          lastOnset = t;
          envelope = 1;
        }
        emit({ ...derive(input, ctx.id), kind: 'control', name: 'onset', values: [flux / peak, trigger ? 1 : 0, envelope] });
      };
    }, ctx.report);
  },
};
