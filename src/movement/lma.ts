import { z } from 'zod';
import { derive, type Body, type Frame, type LmaFrame, type SkeletonFrame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { hertz, type Hertz } from '../core/units.js';
import { butterworthLowPass, lowPassChannel, type LowPassDesign } from './butterworth-low-pass.js';
import type { Trajectory } from './kinematics.js';
import { lmaEfforts, loadLmaPreset, normalizeEfforts } from './lma-efforts.js';
import { kinect2Bodies } from './map-skeleton.js';

const params = z.strictObject({
  /** LMA preset: the name of one in presets/lma/, or a path relative to the patch. */
  preset: z.string().min(1).default('default'),
  /** Length of the window the efforts describe, seconds. */
  window: z.number().min(0.2).max(10).default(1),
  /** How often each body's efforts are sent, Hz. */
  rate: z.number().positive().max(60).default(10),
  /** Cut-off of the low-pass applied to every joint coordinate, Hz. */
  lowPass: z.number().positive().max(20).default(3),
});

type Params = z.infer<typeof params>;

/** Frame intervals the grid rate is the median of: half a second at 30 fps. */
const intervalsKept = 15;
/** Fastest grid, Hz: above this a source's frames are averaged out by the low-pass anyway. */
const fastestGrid = 120;

/**
 * LMA efforts of every body in skeleton frames (see `lmaEfforts` for what each effort is and
 * presets/lma/ for the joints and ranges). Per body id:
 * - Skeleton sources are irregular, so each joint's track is resampled onto a regular grid by
 *   linear interpolation between the frames it was seen in. The grid rate is the median frame
 *   rate over the last 15 frame intervals when the body appears, raised to at least 4 × lowPass
 *   and capped at 120 Hz; it stays fixed while the body is followed. A body is followed from its
 *   second frame, once a frame interval is known.
 * - Each grid sample goes through the 5th-order Butterworth low-pass (streaming form, started at
 *   the joint's first position), and the last `window` seconds of filtered samples are kept.
 * - A joint is missing when it is absent, has a coordinate that is not finite, or has confidence
 *   0. A gap shorter than the window is bridged by the interpolation when the joint comes back;
 *   a joint missing for longer, and a body not seen for longer, is forgotten and starts afresh.
 * - At about `rate` Hz (on the frame after each 1/rate seconds of frame time) one lma frame goes
 *   out per body in the frame, with the frame's time: `raw` efforts and `normalized` ones, each
 *   mapped linearly from the preset's range to 0..1 and clamped, so the same movement gives the
 *   same value all evening and stillness stays at 0.
 * A body none of whose weighted joints has been seen yet sends nothing.
 * Presets name Kinect v2 joints: bodies of the other known topologies are mapped onto kinect2
 * first (see mapBody; a dance17 body has no wrists, so a preset's wrists add nothing there).
 * Joints the preset does not weight are ignored. A topology none of whose joints the preset
 * weights is ignored with one warning; one lacking some gets one notice, and its missing joints
 * add nothing. Time is the frames' `t` only: a frame not later than the previous one of its body
 * is dropped and logged. Body ids key the state, so several skeleton inputs need distinct ids.
 */
export const lma: NodeType<Params> = {
  name: 'lma',
  description: 'Laban effort qualities (weight, time, space, flow, shape) per body from skeletons, raw and 0..1',
  params,
  create(p, ctx) {
    const preset = loadLmaPreset(p.preset, ctx.resolve('.'));
    const weighted = Object.keys(preset.joints).filter((name) => preset.joints[name]! > 0);
    const period = 1 / p.rate;
    return frameOperator<Frame, LmaFrame>((emit) => {
      const topologies = new Map<string, boolean>();
      const intervals: number[] = [];
      const lastSeen = new Map<number, number>();
      const tracks = new Map<number, BodyTrack>();

      /** Whether frames of this topology can be used; says why not once per topology. */
      const usable = (frame: SkeletonFrame, bodies: readonly Body[]): boolean => {
        const known = topologies.get(frame.topology);
        if (known !== undefined) return known;
        // Judged on the first frame that names any joint: an empty body says nothing about its topology.
        const names = new Set(bodies.flatMap((b) => Object.keys(b.joints)));
        if (names.size === 0) return true;
        const missing = weighted.filter((name) => !names.has(name));
        const ok = missing.length < weighted.length;
        if (!ok) ctx.log.warn(`skeleton topology "${frame.topology}" has none of the joints preset "${preset.name}" weights (${weighted.join(', ')}); its frames are ignored`);
        else if (missing.length > 0) ctx.log.info(`skeleton topology "${frame.topology}" lacks ${missing.join(', ')} of preset "${preset.name}": they add nothing`);
        topologies.set(frame.topology, ok);
        return ok;
      };

      return (input) => {
        if (input.kind !== 'skeleton') return;
        const bodies = kinect2Bodies(input);
        if (!usable(input, bodies)) return;
        const t = input.t;
        if (!Number.isFinite(t)) {
          ctx.log.limited('timeless', 'warn', 'dropped a skeleton frame whose time is not finite');
          return;
        }
        for (const [id, seen] of lastSeen) {
          if (seen < t - p.window) {
            lastSeen.delete(id);
            tracks.delete(id);
          }
        }
        for (const body of bodies) {
          const seen = lastSeen.get(body.id);
          if (seen !== undefined && t <= seen) {
            ctx.log.limited('late', 'warn', `dropped body ${body.id} at t = ${t} s: not later than its frame before`);
            continue;
          }
          lastSeen.set(body.id, t);
          if (seen !== undefined) {
            intervals.push(t - seen);
            if (intervals.length > intervalsKept) intervals.shift();
          }
          let track = tracks.get(body.id);
          if (!track) {
            if (intervals.length === 0) continue;
            const grid = Math.min(fastestGrid, Math.max(4 * p.lowPass, 1 / median(intervals)));
            track = bodyTrack(hertz(grid), butterworthLowPass(hertz(p.lowPass), hertz(grid)), Math.round(p.window * grid) + 1, t, t + period);
            tracks.set(body.id, track);
          }
          follow(track, body, preset.joints, t, p.window);
          if (t < track.due - 0.5 / track.rate) continue;
          track.due = t < track.due + period ? track.due + period : t + period;
          const windows = track.windows();
          if (windows.size === 0) continue;
          const raw = lmaEfforts(windows, preset.joints, track.rate);
          if (!Object.values(raw).every(Number.isFinite)) {
            ctx.report(new Error(`body ${body.id} at t = ${t} s: an effort is not finite (coordinates too large?); nothing sent`));
            continue;
          }
          emit({ ...derive(input, ctx.id), kind: 'lma', body: body.id, raw, normalized: normalizeEfforts(raw, preset.ranges) });
        }
      };
    }, ctx.report);
  },
};

/** One joint on the grid: its filters, last position seen and the last `capacity` filtered samples. */
interface JointTrack {
  readonly filters: readonly [(x: number) => number, (x: number) => number, (x: number) => number];
  /** When the joint was last seen, seconds, and where. */
  seen: number;
  readonly last: [number, number, number];
  /** Index of the next grid sample to produce. */
  next: number;
  /** Ring buffers of filtered x, y, z; `count` samples ending before `head`. */
  readonly samples: readonly [Float64Array, Float64Array, Float64Array];
  head: number;
  count: number;
}

interface BodyTrack {
  readonly rate: Hertz;
  readonly design: LowPassDesign;
  readonly capacity: number;
  /** Time of grid sample 0, seconds. */
  readonly origin: number;
  readonly joints: Map<string, JointTrack>;
  /** Frame time at which the next efforts are due, seconds. */
  due: number;
  /** The windows of the joints, oldest sample first. */
  windows(): Map<string, Trajectory>;
}

function bodyTrack(rate: Hertz, design: LowPassDesign, capacity: number, origin: number, due: number): BodyTrack {
  const joints = new Map<string, JointTrack>();
  return {
    rate,
    design,
    capacity,
    origin,
    joints,
    due,
    windows() {
      const out = new Map<string, Trajectory>();
      for (const [name, j] of joints) {
        if (j.count === 0) continue;
        const store = new Float64Array(3 * j.count);
        const unroll = (ring: Float64Array, c: number) => {
          const out = store.subarray(c * j.count, (c + 1) * j.count);
          for (let i = 0, k = (j.head - j.count + capacity) % capacity; i < j.count; i++, k = k + 1 === capacity ? 0 : k + 1) out[i] = ring[k]!;
          return out;
        };
        out.set(name, { x: unroll(j.samples[0], 0), y: unroll(j.samples[1], 1), z: unroll(j.samples[2], 2) });
      }
      return out;
    },
  };
}

/** Brings the weighted joints of a body seen at `t` onto the grid; forgets joints unseen for `window` seconds. */
function follow(track: BodyTrack, body: Body, weights: Readonly<Record<string, number>>, t: number, window: number): void {
  const step = 1 / track.rate;
  // Grid times within a microsecond of a frame count as reached, against rounding in k·step.
  const reached = (k: number) => track.origin + k * step <= t + 1e-6;
  for (const [name, joint] of Object.entries(body.joints)) {
    if (!weights[name] || !(joint.confidence > 0)) continue;
    const p = [joint.x, joint.y, joint.z] as const;
    if (!p.every(Number.isFinite)) continue;
    let j = track.joints.get(name);
    if (!j) {
      const design = track.design;
      j = {
        filters: [lowPassChannel(design), lowPassChannel(design), lowPassChannel(design)],
        seen: t,
        last: [p[0], p[1], p[2]],
        next: Math.max(0, Math.ceil((t - track.origin) * track.rate - 1e-6)),
        samples: [new Float64Array(track.capacity), new Float64Array(track.capacity), new Float64Array(track.capacity)],
        head: 0,
        count: 0,
      };
      track.joints.set(name, j);
    }
    for (; reached(j.next); j.next++) {
      const at = track.origin + j.next * step;
      const f = t > j.seen ? Math.min(1, Math.max(0, (at - j.seen) / (t - j.seen))) : 1;
      for (let c = 0; c < 3; c++) j.samples[c]![j.head] = j.filters[c]!(j.last[c]! + f * (p[c]! - j.last[c]!));
      j.head = (j.head + 1) % track.capacity;
      j.count = Math.min(track.capacity, j.count + 1);
    }
    j.seen = t;
    j.last[0] = p[0];
    j.last[1] = p[1];
    j.last[2] = p[2];
  }
  for (const [name, j] of track.joints) if (j.seen < t - window) track.joints.delete(name);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
