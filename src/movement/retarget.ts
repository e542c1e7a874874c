import { z } from 'zod';
import { derive, type ControlFrame, type Frame, type MotionFrame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { radiansToDegrees, seconds, type Seconds } from '../core/units.js';
import { loadNamed } from '../patch/load-config.js';
import type { Robot } from '../patch/schemas.js';
import { danceJointIndex, danceJoints } from './dance-skeleton.js';
import { quaternionAt, twistAngle } from './quaternion.js';

const params = z.strictObject({
  /** Robot profile: the name of one in devices/robots/, or a path relative to the patch. */
  device: z.string().min(1),
  /** Which dancer of the input the robot follows. */
  dancer: z.number().int().min(0).default(0),
});

/**
 * Longest time one step may count for the speed limit. After a gap (a stalled model, a paused
 * source) the robot then catches up at its rated speed over the next frames instead of being
 * sent the whole distance in one message.
 */
const longestStep = seconds(0.1);

/**
 * Dancer to robot: for each motion frame of the followed dancer, every joint of the robot profile
 * gets sign × (rotation of its `from` joint about its `axis`, in degrees) + offsetDeg, clamped to
 * minDeg..maxDeg and moved towards that target by at most maxSpeedDegPerSecond × the time since
 * the previous frame. The rotation about an axis is the twist of a swing–twist decomposition (see
 * `twistAngle`): exact for a joint turning about that axis alone. The angle is not wrapped, as a
 * servo cannot pass from +180° to −180° the short way.
 *
 * Each joint goes out as a `control` frame named `<address without the leading />/<joint name>`
 * with one value in degrees, which an osc output with an empty prefix and no time argument sends
 * as `<address>/<joint name> <degrees>`. Output starts at the rest pose (every offsetDeg).
 *
 * Nothing out of range ever leaves: a frame holding NaN or Infinity, a zero quaternion, the wrong
 * shape, or one whose processing throws re-sends the last pose and is reported; a frame not later
 * than the one before (late, repeated, out of order) is dropped and logged, so the robot keeps the
 * last pose it was sent.
 */
export const retarget: NodeType<z.infer<typeof params>> = {
  name: 'retarget',
  description: 'dancer to robot joint angles in degrees through a robot profile, clamped and rate-limited: <address>/<joint>',
  params,
  create({ device, dancer }, ctx) {
    const robot = loadNamed('robot', device, ctx.resolve('.'));
    const names = robot.joints.map((j) => `${robot.address.slice(1)}/${j.name}`);
    return frameOperator<Frame, ControlFrame>((emit) => {
      const follow = follower(robot);
      let lastT: Seconds | undefined;
      return (input) => {
        if (input.kind !== 'motion' || input.dancer !== dancer) return;
        if (!Number.isFinite(input.t) || (lastT !== undefined && input.t <= lastT)) {
          ctx.log.limited('late', 'warn', `dropped a frame of dancer ${dancer} at t = ${input.t} s: not later than the one before`);
          return;
        }
        const dt = lastT === undefined ? 0 : Math.min(longestStep, input.t - lastT);
        lastT = input.t;
        let angles: Float64Array;
        try {
          angles = follow(input, dt);
        } catch (error) {
          ctx.report(error);
          angles = follow.hold();
        }
        const base = derive(input, ctx.id);
        for (let i = 0; i < names.length; i++) emit({ ...base, kind: 'control', name: names[i]!, values: [angles[i]!] });
      };
    }, ctx.report);
  },
};

/**
 * The state of one robot: its current joint angles in degrees, starting at rest. The function
 * steps them towards a motion frame over `dt` seconds; `hold` returns them unchanged. Both return
 * the live array, to be read before the next step; every value in it lies within its joint's limits.
 */
function follower(robot: Robot): ((frame: MotionFrame, dt: number) => Float64Array) & { hold(): Float64Array } {
  const joints = robot.joints.map((j) => ({ ...j, source: danceJointIndex[j.from] }));
  const current = Float64Array.from(joints, (j) => j.offsetDeg);
  const usable = (frame: MotionFrame) => {
    const { rotations, root } = frame;
    if (rotations.length !== 4 * danceJoints.length || !root.every(Number.isFinite)) return false;
    for (let j = 0; j < danceJoints.length; j++) {
      const [w, x, y, z] = quaternionAt(rotations, j);
      const n = w * w + x * x + y * y + z * z;
      if (!(n > 1e-12) || !Number.isFinite(n)) return false;
    }
    return true;
  };
  const step = (frame: MotionFrame, dt: number): Float64Array => {
    if (!usable(frame)) throw new Error(`dancer ${frame.dancer} at t = ${frame.t} s: rotations or root not finite, zero or of the wrong size; holding the last pose`);
    for (let i = 0; i < joints.length; i++) {
      const j = joints[i]!;
      const angle = j.sign * radiansToDegrees(twistAngle(quaternionAt(frame.rotations, j.source), j.axis)) + j.offsetDeg;
      const target = clamp(angle, j.minDeg, j.maxDeg);
      const reach = j.maxSpeedDegPerSecond * dt;
      const next = clamp(current[i]! + clamp(target - current[i]!, -reach, reach), j.minDeg, j.maxDeg);
      // The checks above make this unreachable, but a robot must not get NaN even from a bug here.
      if (Number.isFinite(next)) current[i] = next;
    }
    return current;
  };
  return Object.assign(step, { hold: () => current });
}

function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
