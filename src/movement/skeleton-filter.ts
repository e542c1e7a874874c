import { z } from 'zod';
import { derive, type Body, type Frame, type Joint, type SkeletonFrame } from '../core/frames.js';
import { frameOperator } from '../core/operator.js';
import type { NodeType } from '../core/registries.js';
import { hertz, metres, normalized, type Seconds } from '../core/units.js';
import { OneEuroFilter } from './one-euro-filter.js';

/**
 * Defaults for joints in metres at 30 fps. At 1 Hz the rest cutoff keeps about a third of the
 * jitter of a still joint (the low-pass's factor at 30 fps is 0.17). The cutoff rises 5 Hz per
 * m/s, so a hand moving at 2 m/s is filtered at 11 Hz and trails by about 3 cm; a ramp's lag,
 * speed / (2π × cutoff), never exceeds 1 / (2π × beta) = 3.2 cm whatever the speed. (The paper's
 * 0.007 was for a mouse in pixels, whose speeds run a thousand times those of joints in metres.)
 */
const params = z.strictObject({
  /** Cutoff for a still joint, Hz. */
  minCutoff: z.number().positive().max(100).default(1),
  /** Rise of the cutoff with a joint's speed, Hz per m/s. */
  beta: z.number().min(0).max(1000).default(5),
  /** Cutoff of the speed estimate, Hz. */
  dCutoff: z.number().positive().max(100).default(1),
  /** Joints less confident than this count as missing. */
  minConfidence: z.number().min(0).max(1).default(0.3),
  /** How long a missing joint or body is held at its last position, seconds. */
  holdTime: z.number().min(0).max(10).default(0.25),
  /** Farthest a body's centroid may move between two frames and keep its id, metres. */
  maxJump: z.number().positive().max(10).default(0.5),
});

type Params = z.infer<typeof params>;

/** A joint being followed: its filters and its last filtered position. */
interface Track {
  readonly filters: readonly [OneEuroFilter, OneEuroFilter, OneEuroFilter];
  x: number;
  y: number;
  z: number;
  confidence: number;
  /** When the joint was last seen, seconds. */
  seen: number;
}

/** A body being followed under its stable id. */
interface Person {
  readonly id: number;
  readonly joints: Map<string, Track>;
  /** When the body was last seen, seconds. */
  seen: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The usable joints of one input body, by name. */
type Seen = Map<string, Joint>;

/**
 * Cleans skeletons: stable body ids, gaps filled for a moment, jitter removed. For each skeleton
 * frame, per input source:
 * - Bodies are matched to those followed so far by the distance between their centroids (over
 *   the joints both have; over all when they share none), nearest pair first, within maxJump
 *   metres. A matched body keeps its id; any other gets a new one. Input ids are not used; ids
 *   count up from 0 and are never reused while the node runs, across all its inputs.
 * - A joint that is missing, below minConfidence or has a coordinate that is not finite keeps
 *   its last filtered position for less than holdTime, its confidence falling linearly from its
 *   last value to 0, and is then dropped; its filter starts afresh if it comes back. A body not
 *   seen is held the same way, then forgotten.
 * - Each coordinate of each joint goes through a 1€ filter (see OneEuroFilter).
 * Out comes a skeleton frame per skeleton frame, same time, space and topology, bodies by id;
 * other kinds are not passed on. Time is the frames' `t` only: a frame not later than the
 * previous one of its source is dropped and logged.
 */
export const skeletonFilter: NodeType<Params> = {
  name: 'skeleton-filter',
  description: 'skeleton clean-up: stable body ids, short gaps held, 1€-filtered joints',
  params,
  create(p, ctx) {
    return frameOperator<Frame, SkeletonFrame>((emit) => {
      const sources = new Map<string, { t: number; people: Person[] }>();
      let nextId = 0;
      return (input) => {
        if (input.kind !== 'skeleton') return;
        const state = sources.get(input.source) ?? { t: Number.NEGATIVE_INFINITY, people: [] };
        if (!Number.isFinite(input.t) || input.t <= state.t) {
          ctx.log.limited(`late:${input.source}`, 'warn', `dropped a skeleton frame from ${input.source} at t = ${input.t} s: not later than the one before`);
          return;
        }
        state.t = input.t;
        sources.set(input.source, state);
        state.people = follow(state.people, input, p, () => nextId++);
        emit({
          ...derive(input, ctx.id),
          kind: 'skeleton',
          space: input.space,
          topology: input.topology,
          bodies: state.people.map((person) => output(person, input.t, p.holdTime)),
        });
      };
    }, ctx.report);
  },
};

/** The people after `frame`: matched, new and held ones, by id, without those gone too long. */
function follow(people: readonly Person[], frame: SkeletonFrame, p: Params, newId: () => number): Person[] {
  const t = frame.t;
  const bodies = frame.bodies.map((body) => usable(body, p.minConfidence)).filter((joints) => joints.size > 0);
  const pairs: { person: Person; body: Seen; distance: number }[] = [];
  for (const person of people) {
    for (const body of bodies) {
      const distance = centroidDistance(person, body);
      if (distance <= p.maxJump) pairs.push({ person, body, distance });
    }
  }
  pairs.sort((a, b) => a.distance - b.distance);
  const matched = new Set<Person>();
  const claimed = new Set<Seen>();
  for (const { person, body } of pairs) {
    if (matched.has(person) || claimed.has(body)) continue;
    matched.add(person);
    claimed.add(body);
    update(person, body, t, p);
  }
  const next = people.filter((person) => matched.has(person) || t - person.seen < p.holdTime);
  for (const body of bodies) {
    if (claimed.has(body)) continue;
    const person: Person = { id: newId(), joints: new Map(), seen: t };
    update(person, body, t, p);
    next.push(person);
  }
  for (const person of next) {
    for (const [name, track] of person.joints) if (track.seen < t && !(t - track.seen < p.holdTime)) person.joints.delete(name);
  }
  return next.filter((person) => person.joints.size > 0).sort((a, b) => a.id - b.id);
}

/** The joints of a body that count as seen: all coordinates finite, confident enough. */
function usable(body: Body, minConfidence: number): Seen {
  const joints: Seen = new Map();
  for (const [name, j] of Object.entries(body.joints)) {
    if (Number.isFinite(j.x) && Number.isFinite(j.y) && Number.isFinite(j.z) && j.confidence >= minConfidence) joints.set(name, j);
  }
  return joints;
}

/** Metres between a person's centroid and a seen body's, over the joints both have (all when none). */
function centroidDistance(person: Person, body: Seen): number {
  const shared = [...body.keys()].filter((name) => person.joints.has(name));
  const mine: Point[] = shared.length > 0 ? shared.map((name) => person.joints.get(name)!) : [...person.joints.values()];
  const theirs: Point[] = shared.length > 0 ? shared.map((name) => body.get(name)!) : [...body.values()];
  if (mine.length === 0) return Number.POSITIVE_INFINITY;
  const a = centroid(mine);
  const b = centroid(theirs);
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

function centroid(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
    z += p.z;
  }
  return { x: x / points.length, y: y / points.length, z: z / points.length };
}

/** Feeds a person the joints seen of it at `t`. */
function update(person: Person, body: Seen, t: Seconds, p: Params): void {
  person.seen = t;
  for (const [name, joint] of body) {
    let track = person.joints.get(name);
    if (!track) {
      const filter = () => new OneEuroFilter(hertz(p.minCutoff), p.beta, hertz(p.dCutoff));
      track = { filters: [filter(), filter(), filter()], x: 0, y: 0, z: 0, confidence: 0, seen: t };
      person.joints.set(name, track);
    }
    track.x = track.filters[0].filter(joint.x, t);
    track.y = track.filters[1].filter(joint.y, t);
    track.z = track.filters[2].filter(joint.z, t);
    track.confidence = joint.confidence;
    track.seen = t;
  }
}

/** A person as a body at `t`: held joints at their last position, confidence fading over `holdTime`. */
function output(person: Person, t: Seconds, holdTime: number): Body {
  const joints: Record<string, Joint> = {};
  for (const [name, track] of person.joints) {
    const fade = track.seen === t ? 1 : 1 - (t - track.seen) / holdTime;
    joints[name] = { x: metres(track.x), y: metres(track.y), z: metres(track.z), confidence: normalized(track.confidence * fade) };
  }
  return { id: person.id, joints };
}
