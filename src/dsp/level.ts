import { z } from 'zod';
import { derive, type ControlFrame, type Frame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';

/**
 * Audio level per block: a `control` frame named `level` with [rms, peak], both linear in 0..1
 * of full scale. Samples that are not finite count as silence, so a glitching device cannot
 * push NaN downstream.
 */
export const level: NodeType<Record<string, never>> = {
  name: 'level',
  description: 'audio level per block: /terpsi/level [rms, peak], linear 0..1',
  params: z.strictObject({}),
  create: (_params, ctx) =>
    frameOperator<Frame, ControlFrame>(
      (emit) => (frame) => {
        if (frame.kind !== 'audio') return;
        const x = frame.samples;
        let sum = 0;
        let peak = 0;
        for (let i = 0; i < x.length; i++) {
          const v = x[i]!;
          if (!Number.isFinite(v)) continue;
          sum += v * v;
          const a = Math.abs(v);
          if (a > peak) peak = a;
        }
        const rms = x.length > 0 ? Math.sqrt(sum / x.length) : 0;
        emit({ ...derive(frame, ctx.id), kind: 'control', name: 'level', values: [Math.min(1, rms), Math.min(1, peak)] });
      },
      ctx.report,
    ),
};
