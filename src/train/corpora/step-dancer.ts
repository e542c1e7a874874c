import { TerpsiError } from '../../core/errors.js';
import { metres, radians, seconds, type Seconds } from '../../core/units.js';
import { danceJointIndex, danceJoints, type DanceJoint } from '../../movement/dance-skeleton.js';
import { motionFrameRate, type MotionPose } from '../../movement/motion-vector.js';
import { axisRotation, conjugate, fromEuler, multiply, rotate, type Quaternion, type Vector3 } from '../../movement/quaternion.js';
import { restSkeleton } from '../../movement/rest-skeleton.js';
import { danceSteps, type DanceStep, type StepKey } from './dance-steps.js';
import type { DancerStyle } from './dancer-style.js';
import { legIk } from './leg-ik.js';
import { seededRandom } from '../../core/seeded-random.js';

export interface StepDancerOptions {
  readonly step: DanceStep;
  readonly style: DancerStyle;
  /**
   * The music's beats, seconds, increasing and at least `minBeatInterval` apart. The step's cycle
   * starts on the first (count 1 of the salsa: give beats from a bar line).
   */
  readonly beats: readonly Seconds[];
  /** Length of the dance: frames at 30 fps cover [0, duration). */
  readonly duration: Seconds;
  /** Draws the timing jitter and the beat-to-beat changes in size. */
  readonly seed: number | string;
}

export interface StepDance {
  /** One pose per motion frame, frame n at n/30 s. */
  readonly frames: MotionPose[];
  /** When the dancer reaches each beat's pose: beat i plus its jitter, seconds. */
  readonly keyframes: Seconds[];
}

/** No keyframe is further than this from its beat. */
export const keyframeJitter = seconds(0.04);
/** Beats closer than this (300 beats per minute) are refused: the keys would run into each other. */
export const minBeatInterval = seconds(0.2);
/** Each beat's movements are this much larger or smaller than the style's, at most (drawn per beat). */
const sizeVariation = 0.08;

const { offsets } = restSkeleton;
const j = danceJointIndex;
const pelvisHeight = offsets[j.pelvis]![1];
/** Height of the ankle above the floor when the foot is flat. */
const ankleHeight = pelvisHeight + offsets[j.left_thigh]![1] + offsets[j.left_knee]![1] + offsets[j.left_foot]![1];

/**
 * A procedural dancer performing one basic step (see danceSteps) to the given beats: each beat's
 * key pose is reached at the beat plus a jitter (the style's bias plus a normal draw with its
 * spread, clipped to ±`keyframeJitter`), and the body eases between keys along a raised cosine,
 * so every joint comes to rest at each key and the direction of movement turns there: motion
 * beats fall on the music's beats. On top the pelvis bounces, lowest at each key and highest
 * halfway, and a foot that travels lifts off the floor (up to 7 cm) and lands on the key. The legs
 * are solved by inverse kinematics so planted feet stay flat on the floor at their place, knees
 * over toes. Before the first beat and after the last the dancer moves as if the beats went on
 * for one more (half a second apart when there is only one), then holds still. Rotations are unit quaternions with w ≥ 0 on the rest
 * skeleton; arms hang from the shoulders. Deterministic for its options. Beats that are not
 * finite, not increasing, or closer than `minBeatInterval`, or none, are an E_PARAM error.
 */
export function stepDancer(options: StepDancerOptions): StepDance {
  const { step, style, beats, duration, seed } = options;
  if (beats.length === 0) throw new TerpsiError('E_PARAM', 'step dancer: no beats to dance to');
  beats.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new TerpsiError('E_PARAM', `step dancer: beat ${i} is ${t}; expected a time in seconds`);
    if (i > 0 && !(t - beats[i - 1]! >= minBeatInterval)) {
      throw new TerpsiError('E_PARAM', `step dancer: beat ${i} at ${t} s is ${(t - beats[i - 1]!).toFixed(3)} s after the one before; beats must be at least ${minBeatInterval} s apart`);
    }
  });
  if (!(duration >= 0 && duration < Infinity)) throw new TerpsiError('E_PARAM', `step dancer: duration must be a time in seconds, got ${duration}`);

  const random = seededRandom(`steps/${seed}`);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cycle = danceSteps[step].keys;
  const n = beats.length;
  const before = n > 1 ? beats[1]! - beats[0]! : 0.5;
  const after = n > 1 ? beats[n - 1]! - beats[n - 2]! : 0.5;
  const times = [beats[0]! - before, ...beats, beats[n - 1]! + after];
  const keyTimes: number[] = [];
  const keys: StepKey[] = [];
  times.forEach((t, i) => {
    const beat = i - 1;
    const jitter = Math.max(-keyframeJitter, Math.min(keyframeJitter, style.timing.bias + style.timing.spread * gaussian()));
    const size = style.amplitude * (1 + sizeVariation * (2 * random() - 1));
    keyTimes.push(t + jitter);
    keys.push(cycle[mod(beat, cycle.length)]!(style, size, mod(beat, 2) === 0 ? 1 : -1));
  });

  const frames: MotionPose[] = [];
  const count = Math.floor(duration * motionFrameRate + 1e-9);
  let k = 0;
  for (let f = 0; f < count; f++) {
    const t = f / motionFrameRate;
    while (k < keyTimes.length - 2 && t >= keyTimes[k + 1]!) k++;
    const u = Math.min(1, Math.max(0, (t - keyTimes[k]!) / (keyTimes[k + 1]! - keyTimes[k]!)));
    frames.push(pose(keys[k]!, keys[k + 1]!, u, style));
  }
  return { frames, keyframes: keyTimes.slice(1, -1).map(seconds) };
}

const mod = (a: number, m: number) => ((a % m) + m) % m;

/** The pose a fraction `u` of the way from key `a` to key `b`. */
function pose(a: StepKey, b: StepKey, u: number, style: DancerStyle): MotionPose {
  const e = (1 - Math.cos(Math.PI * u)) / 2;
  const mix = (x: number, y: number) => x + e * (y - x);
  const mix3 = (x: readonly number[], y: readonly number[]): [number, number, number] => [mix(x[0]!, y[0]!), mix(x[1]!, y[1]!), mix(x[2]!, y[2]!)];
  const pair = (x: readonly number[], y: readonly number[]): [number, number] => [mix(x[0]!, y[0]!), mix(x[1]!, y[1]!)];

  const facing = axisRotation('y', style.facing);
  const world = (v: Vector3): Vector3 => rotate(facing, v);
  const rotations = new Float32Array(4 * danceJoints.length);
  const set = (joint: DanceJoint, q: Quaternion) => rotations.set(q[0] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : q, 4 * j[joint]);
  const euler = ([yaw, pitch, roll]: readonly number[]) => fromEuler('yxz', [radians(yaw!), radians(pitch!), radians(roll!)]);

  const bounce = (style.bounce * (1 + Math.cos(2 * Math.PI * u))) / 2;
  const [px, py, pz] = mix3(a.pelvis, b.pelvis);
  const pelvisAt = world([px, pelvisHeight - style.knees - bounce + py, pz]);
  const hips = multiply(facing, euler(mix3(a.hips, b.hips)));
  set('pelvis', hips);

  const [ty, tp, tr] = mix3(a.torso, b.torso);
  const spine = euler([ty / 2, (style.lean + tp) / 2, tr / 2]);
  set('spine1', spine);
  set('spine2', spine);
  const [hy, hp, hr] = mix3(a.head, b.head);
  const neck = euler([hy / 2, (style.headPitch + hp) / 2, hr / 2]);
  set('neck', neck);
  set('head', neck);

  const [shrugLeft, shrugRight] = pair(a.shrug, b.shrug);
  const [swingLeft, swingRight] = pair(a.swing, b.swing);
  const [spreadLeft, spreadRight] = pair(a.spread, b.spread);
  const [elbowLeft, elbowRight] = pair(a.elbow, b.elbow);
  // The T-pose's arms point along ±x: lowering them turns about z, swinging them forward about x,
  // and an elbow bends the forearm forward about the upper arm's y axis.
  set('left_clavicle', axisRotation('z', radians(shrugLeft)));
  set('right_clavicle', axisRotation('z', radians(-shrugRight)));
  const hang = (spread: number) => Math.PI / 2 - style.armSpread - spread;
  set('left_shoulder', multiply(axisRotation('x', radians(-swingLeft)), axisRotation('z', radians(-hang(spreadLeft)))));
  set('right_shoulder', multiply(axisRotation('x', radians(-swingRight)), axisRotation('z', radians(hang(spreadRight)))));
  set('left_forearm', axisRotation('y', radians(-elbowLeft)));
  set('right_forearm', axisRotation('y', radians(elbowRight)));

  for (const [side, thigh, knee, foot, sign] of [
    [0, 'left_thigh', 'left_knee', 'left_foot', 1],
    [1, 'right_thigh', 'right_knee', 'right_foot', -1],
  ] as const) {
    const from = a.feet[side];
    const to = b.feet[side];
    const travel = Math.hypot(to[0] - from[0], to[1] - from[1]);
    const lift = Math.min(0.07, 0.35 * travel) * Math.sin(Math.PI * u) ** 2;
    const [fx, fz] = pair(from, to);
    const hip = add(pelvisAt, rotate(hips, offsets[j[thigh]]!));
    const toes = multiply(facing, axisRotation('y', radians(sign * style.toeOut)));
    const leg = legIk(hip, world([fx, ankleHeight + lift, fz]), rotate(toes, [0, 0, 1]));
    set(thigh, multiply(conjugate(hips), leg.thigh));
    const kneeRotation = axisRotation('x', leg.knee);
    set(knee, kneeRotation);
    // The foot stays flat, toes out: its world rotation is the toes' turn about the vertical.
    set(foot, multiply(conjugate(multiply(leg.thigh, kneeRotation)), toes));
  }
  return { root: [metres(pelvisAt[0]), metres(pelvisAt[1] - pelvisHeight), metres(pelvisAt[2])], rotations };
}

const add = (p: Vector3, q: Vector3): Vector3 => [p[0] + q[0], p[1] + q[1], p[2] + q[2]];
