import { z } from 'zod';
import { derive, type Body, type ControlFrame, type Frame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { loadNamed } from '../patch/load-config.js';
import type { sonifyPresetSchema } from '../patch/schemas.js';
import { kinect2Bodies } from './map-skeleton.js';

const params = z.strictObject({
  /** Sonify preset: the name of one in presets/sonify/, or a path relative to the patch. */
  preset: z.string().min(1).default('supercollider'),
  /** First part of the control frames' names: <prefix>/<body>/<control>. */
  prefix: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/).default('sonify'),
});

type Params = z.infer<typeof params>;
type Control = z.infer<typeof sonifyPresetSchema>['controls'][string];

/** A control's state for one body. */
interface Follower {
  /** Frame time of the last value, seconds. */
  t: number;
  value: number;
}

/** A joint's last position for speed, by body and joint. */
interface Place {
  readonly t: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

const efforts = new Set(['weight', 'time', 'space', 'flow', 'shape']);
/** State of bodies unseen for this long is forgotten (ids of visitors who left never come back), seconds. */
const forgetAfter = 10;

/**
 * Direct sonification: movement features mapped through a preset (presets/sonify/) to named
 * controls, sent as control frames `<prefix>/<body>/<control>` with one value, for the scsynth
 * output, an osc output to Max or Pure Data, or MIDI CCs. From lma frames come the efforts
 * (normalized, 0..1); from skeleton frames joint positions (x, y, z, metres, in the source's
 * space), heights above the pelvis (SpineBase, y up) and speeds (the distance to the joint's
 * position in the body's previous frame over the time between them, m/s), by Kinect v2 joint names (other topologies are mapped first, see mapBody).
 * Each value goes through its control's range to 0..1 (clamped), then its curve to `to`
 * (linear, or exp: geometric between the ends), then a one-pole smoothing with time constant
 * `smooth` seconds, on frame time. A feature that is missing, not finite or without a previous
 * position sends nothing: a control never gets NaN and holds its last value.
 */
export const sonifyMap: NodeType<Params> = {
  name: 'sonify-map',
  description: 'movement features (LMA efforts, joint position and speed) mapped by a preset to synth controls',
  params,
  create(p, ctx) {
    const preset = loadNamed('sonify', p.preset, ctx.resolve('.'));
    const controls = Object.entries(preset.controls);
    const fromEfforts = controls.filter(([, c]) => efforts.has(c.from));
    const fromJoints = controls.filter(([, c]) => !efforts.has(c.from));
    return frameOperator<Frame, ControlFrame>((emit) => {
      const followers = new Map<string, Follower>();
      const places = new Map<string, Place>();
      let pruned = -Infinity;
      const prune = (t: number) => {
        if (t - pruned < 1) return;
        pruned = t;
        for (const state of [followers, places]) for (const [key, { t: seen }] of state) if (seen < t - forgetAfter) state.delete(key);
      };
      const send = (frame: Frame, body: number, name: string, control: Control, feature: number | undefined) => {
        if (feature === undefined || !Number.isFinite(feature)) return;
        const key = `${body}/${name}`;
        const target = shape(control, feature);
        const last = followers.get(key);
        const dt = last ? frame.t - last.t : 0;
        const value = last && control.smooth > 0 && dt >= 0 ? last.value + (target - last.value) * (1 - Math.exp(-dt / control.smooth)) : target;
        followers.set(key, { t: frame.t, value });
        emit({ ...derive(frame, ctx.id), kind: 'control', name: `${p.prefix}/${body}/${name}`, values: [value] });
      };
      return (input) => {
        prune(input.t);
        if (input.kind === 'lma') {
          for (const [name, control] of fromEfforts) send(input, input.body, name, control, input.normalized[control.from as keyof typeof input.normalized]);
        } else if (input.kind === 'skeleton' && fromJoints.length > 0) {
          for (const body of kinect2Bodies(input)) {
            for (const [name, control] of fromJoints) send(input, body.id, name, control, jointFeature(body, control.from, input.t, places));
            for (const [joint, j] of Object.entries(body.joints)) {
              if (Number.isFinite(j.x) && Number.isFinite(j.y) && Number.isFinite(j.z)) places.set(`${body.id}/${joint}`, { t: input.t, x: j.x, y: j.y, z: j.z });
            }
          }
        }
      };
    }, ctx.report);
  },
};

/** x, y, z, height or speed of a joint named in `feature` ("speed:HandRight"); undefined when it cannot be known. */
function jointFeature(body: Body, feature: string, t: number, places: ReadonlyMap<string, Place>): number | undefined {
  const [quantity, name] = feature.split(':') as [string, string];
  const joint = body.joints[name];
  if (!joint || !(joint.confidence > 0)) return undefined;
  if (quantity === 'height') {
    const pelvis = body.joints.SpineBase;
    return pelvis && pelvis.confidence > 0 ? joint.y - pelvis.y : undefined;
  }
  if (quantity !== 'speed') return joint[quantity as 'x' | 'y' | 'z'];
  const before = places.get(`${body.id}/${name}`);
  if (!before || !(t > before.t)) return undefined;
  return Math.hypot(joint.x - before.x, joint.y - before.y, joint.z - before.z) / (t - before.t);
}

/** A feature through the control's range (clamped) and curve into its output range. */
function shape(control: Control, feature: number): number {
  const [low, high] = control.range ?? [0, 1];
  const u = Math.min(1, Math.max(0, (feature - low) / (high - low)));
  const [a, b] = control.to;
  return control.curve === 'exp' ? a * (b / a) ** u : a + (b - a) * u;
}
