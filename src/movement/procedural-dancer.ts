import { z } from 'zod';
import { derive, type Frame, type MotionFrame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { metres } from '../core/units.js';
import { danceJointIndex, danceJoints, type DanceJoint } from './dance-skeleton.js';

/** Axis-angle to a unit quaternion (w, x, y, z) written at joint `joint` of `out`. */
function rotate(out: Float32Array, joint: DanceJoint, axis: 'x' | 'y' | 'z', angle: number): void {
  const i = danceJointIndex[joint] * 4;
  const s = Math.sin(angle / 2);
  out[i] = Math.cos(angle / 2);
  out[i + 1] = axis === 'x' ? s : 0;
  out[i + 2] = axis === 'y' ? s : 0;
  out[i + 3] = axis === 'z' ? s : 0;
}

/**
 * A stand-in dancer until the learned one is trained: it sways with a steady phase, nods and
 * dips with the onset envelope and lifts its arms with the level. It emits one `motion` frame
 * per `onset` frame (one per audio block: 30 fps at the demo's 534 samples at 16 kHz), so its
 * rate follows the audio, and reads `level` frames to keep the latest loudness.
 */
export const proceduralDancer: NodeType<{ dancer: number }> = {
  name: 'procedural-dancer',
  description: 'a simple dancer driven by onset and level frames: /terpsi/dancer/<id>/<joint>',
  params: z.strictObject({ dancer: z.number().int().min(0).default(0) }),
  tunables: {
    amplitude: { min: 0, max: 1, default: 0.3, unit: 'radians', description: 'size of the sway and the nods' },
    sway: { min: 0.05, max: 2, default: 0.5, unit: 'hertz', description: 'rate of the side-to-side sway' },
  },
  create: ({ dancer }, ctx) => {
    const amplitude = ctx.tunable('amplitude');
    const sway = ctx.tunable('sway');
    return frameOperator<Frame, MotionFrame>((emit) => {
      let phase = 0;
      let lastT = Number.NaN;
      let loudness = 0;
      return (input) => {
        if (input.kind !== 'control') return;
        if (input.name === 'level') {
          loudness = Math.min(1, 4 * (input.values[0] ?? 0));
          return;
        }
        if (input.name !== 'onset') return;
        const envelope = input.values[2] ?? 0;
        const dt = Number.isNaN(lastT) ? 0 : Math.max(0, input.t - lastT);
        lastT = input.t;
        phase = (phase + 2 * Math.PI * sway.value * dt) % (2 * Math.PI);

        const a = amplitude.value;
        const side = Math.sin(phase);
        const rotations = new Float32Array(danceJoints.length * 4);
        for (let j = 0; j < danceJoints.length; j++) rotations[j * 4] = 1;
        rotate(rotations, 'pelvis', 'y', 0.5 * a * side);
        rotate(rotations, 'spine1', 'z', 0.3 * a * side);
        rotate(rotations, 'spine2', 'z', 0.3 * a * side);
        rotate(rotations, 'head', 'x', a * envelope);
        // Arms hang about 75° below the T-pose's horizontal in silence and rise towards it when loud
        // (left arm along +x: a negative turn about z lowers it; the right arm mirrors it).
        const hang = 1.3 - 1.2 * loudness * (0.5 + a);
        rotate(rotations, 'left_shoulder', 'z', -hang);
        rotate(rotations, 'right_shoulder', 'z', hang);
        rotate(rotations, 'left_knee', 'x', 0.6 * a * envelope);
        rotate(rotations, 'right_knee', 'x', 0.6 * a * envelope);
        emit({
          ...derive(input, ctx.id),
          kind: 'motion',
          dancer,
          root: [metres(0.05 * a * side), metres(-0.04 * a * envelope), metres(0)],
          rotations,
        });
      };
    }, ctx.report);
  },
};
