import { z } from 'zod';
import { danceJoints } from '../movement/dance-skeleton.js';
import { skeletonTopology } from '../movement/skeleton-topology.js';

/**
 * The schemas of every configuration file terpsi reads: patches, device profiles, presets.
 * The per-type fields of patch entries are declared by each registered type.
 */

const name = z.string().min(1);
const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected an id made of letters, digits, "_" and "-"');
const typed = z.looseObject({ type: z.string().min(1) });

/** What `input` of a node or output may be: one id or a list of ids. */
export const inputsSchema = z.union([id, z.array(id).min(1)]);

export const patchSchema = z.strictObject({
  kind: z.literal('patch').optional(),
  name,
  description: z.string().optional(),
  /** Preset file applied at start, relative to the patch. */
  preset: z.string().optional(),
  sources: z.record(id, typed),
  /** Each node and output also has `input`, checked with its type's fields so that all problems show at once. */
  nodes: z.record(id, typed).optional(),
  outputs: z.array(typed.extend({ id: id.optional() })).optional(),
});

/** How to speak OSC to one kind of receiver (devices/osc-targets/*.yaml). */
export const oscTargetSchema = z.strictObject({
  kind: z.literal('osc-target'),
  name,
  description: z.string(),
  /** The port the receiver listens on by default. */
  port: z.number().int().min(1).max(65535),
  /** Wrap each frame's messages in one timetagged bundle (false: plain messages). */
  bundles: z.boolean(),
  /** Send the capture time as the first argument of each message. */
  timeArgument: z.boolean(),
  /** One argument per message, its index appended to the address (for receivers that take one value per address). */
  split: z.boolean().default(false),
  /** Prefix replacing `/terpsi` in native addresses. */
  prefix: z.string().regex(/^(\/[^\s/#*,?[\]{}]+)*$/, 'expected an OSC address prefix such as /terpsi').default('/terpsi'),
  /** One fixed address for every message, all values flattened into it (Wekinator's /wek/inputs). */
  address: z.string().startsWith('/').optional(),
});

const robotJoint = z
  .strictObject({
    /** Name of the servo or joint on the robot; it ends the OSC address, so no spaces or OSC pattern characters. */
    name: id,
    /** Joint of the dance skeleton it follows. */
    from: z.enum(danceJoints),
    /** Axis of the source joint's rotation that drives it. */
    axis: z.enum(['x', 'y', 'z']),
    sign: z.union([z.literal(1), z.literal(-1)]).default(1),
    offsetDeg: z.number().default(0),
    // Beyond one turn either way is not a joint angle in degrees: most often a servo pulse width
    // in microseconds or a step count was written instead.
    minDeg: z.number().min(-360),
    maxDeg: z.number().max(360),
    /** Ten turns a second is beyond any servo: a larger value would switch rate limiting off in all but name. */
    maxSpeedDegPerSecond: z.number().positive().max(3600),
  })
  .refine((j) => j.minDeg < j.maxDeg, { message: 'minDeg must be below maxDeg', path: ['maxDeg'] })
  .refine((j) => j.minDeg <= j.offsetDeg && j.offsetDeg <= j.maxDeg, {
    message: 'offsetDeg (the rest pose) must lie within minDeg..maxDeg',
    path: ['offsetDeg'],
  });

/** A robot: which joints it has, where they come from, their limits (devices/robots/*.yaml). */
export const robotSchema = z.strictObject({
  kind: z.literal('robot'),
  name,
  description: z.string(),
  /** How often joint targets are sent. */
  rateHz: z.number().positive().max(1000),
  /** OSC address prefix for joint targets; the joint name is appended. */
  address: z.string().startsWith('/'),
  joints: z
    .array(robotJoint)
    .min(1)
    .refine((joints) => new Set(joints.map((j) => j.name)).size === joints.length, { message: 'joint names must differ: each names an address' }),
});

/** A snapshot of parameter values (presets/*.yaml). */
export const presetSchema = z.strictObject({
  kind: z.literal('preset'),
  name,
  description: z.string(),
  /** Name of the patch it was made for, when it was made for one. */
  patch: z.string().optional(),
  params: z.record(z.string().regex(/^[^/\s]+\/[^\s]+$/, 'expected a parameter path <id>/<name>'), z.number()),
});

/** The raw value that maps to 0 and the one that maps to 1. */
const range = z
  .tuple([z.number(), z.number()])
  .refine(([low, high]) => low < high, { message: 'expected [low, high] with low below high' });

/**
 * An LMA preset (presets/lma/*.yaml): which joints the efforts look at, how much each counts,
 * and the raw range of each effort that its normalized value spans.
 */
export const lmaPresetSchema = z.strictObject({
  kind: z.literal('lma'),
  name: z.string().min(1),
  description: z.string(),
  /**
   * Relative weight α of each joint, by the joint names of the skeleton topology. They are scaled
   * to sum to 1 on loading, so every effort is a weighted mean over joints.
   */
  joints: z
    .record(z.string().min(1), z.number().min(0).max(1000))
    .refine((joints) => Object.values(joints).some((w) => w > 0), { message: 'expected at least one joint with a weight above 0' }),
  ranges: z.strictObject({ weight: range, time: range, space: range, flow: range, shape: range }),
});

const kinectJoints = new Set(skeletonTopology('kinect2').joints);
const efforts = ['weight', 'time', 'space', 'flow', 'shape'];

/** One control of a sonify preset: the feature it follows and how that becomes its value. */
const sonifyControl = z
  .strictObject({
    /**
     * An LMA effort, normalized (weight, time, space, flow, shape: 0..1), or a joint's position,
     * height or speed: x:<Joint>, y:<Joint>, z:<Joint> (metres, the source's space),
     * height:<Joint> (metres above SpineBase), speed:<Joint> (m/s), Kinect v2 joint names.
     */
    from: z.string().refine((f) => efforts.includes(f) || (/^(x|y|z|height|speed):/.test(f) && kinectJoints.has(f.slice(f.indexOf(':') + 1))), {
      message: 'expected weight, time, space, flow, shape, or x:, y:, z:, height:, speed: and a Kinect v2 joint name (e.g. height:HandRight)',
    }),
    /** The feature's values that map to the ends of `to`; [0, 1] for efforts when left out. */
    range: range.optional(),
    /** The control's value at the ends of `range`, in the receiver's units. */
    to: z.tuple([z.number(), z.number()]).default([0, 1]),
    /** linear, or exp: equal ratios for equal steps (pitch, cut-off), both ends of `to` of one sign. */
    curve: z.enum(['linear', 'exp']).default('linear'),
    /** Time constant of a one-pole smoothing of the value, seconds; 0 for none. */
    smooth: z.number().min(0).max(10).default(0),
  })
  .refine((c) => c.range !== undefined || efforts.includes(c.from), { message: 'a joint feature needs a range, e.g. [0.5, 2.2] for y', path: ['range'] })
  .refine((c) => c.curve !== 'exp' || c.to[0] * c.to[1] > 0, { message: 'an exp curve needs both ends of to non-zero and of one sign', path: ['to'] });

/** A sonify preset (presets/sonify/*.yaml): movement features mapped to named controls of a synth. */
export const sonifyPresetSchema = z.strictObject({
  kind: z.literal('sonify'),
  name,
  description: z.string(),
  controls: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a control name made of letters, digits and "_"'), sonifyControl)
    .refine((controls) => Object.keys(controls).length > 0, { message: 'expected at least one control' }),
});

export type PatchFile = z.infer<typeof patchSchema>;
export type OscTarget = z.infer<typeof oscTargetSchema>;
export type Robot = z.infer<typeof robotSchema>;
export type Preset = z.infer<typeof presetSchema>;

/** Every kind of configuration file, by its `kind` field. Patches may leave `kind` out. */
export const configSchemas = {
  patch: patchSchema,
  'osc-target': oscTargetSchema,
  robot: robotSchema,
  preset: presetSchema,
  lma: lmaPresetSchema,
  sonify: sonifyPresetSchema,
} as const;

export type ConfigKind = keyof typeof configSchemas;
