import type { ArmStyle, DancerStyle } from './dancer-style.js';

/**
 * The body's pose on one beat of a step, in the dancer's own frame (x to its left, y up, z the
 * way it faces), as changes from standing with the ankles `width` apart. Angles in radians,
 * lengths in metres; pairs are [left, right].
 */
export interface StepKey {
  /** Pelvis displacement (the weight shifting over the feet); the bounce and knee bend come on top. */
  readonly pelvis: readonly [x: number, y: number, z: number];
  /** Pelvis rotation: yaw (left hip back is positive), pitch (forward tilt), roll (left hip up is positive). */
  readonly hips: readonly [yaw: number, pitch: number, roll: number];
  /** Spine rotation above the pelvis (on top of the style's lean), shared by both spine joints. */
  readonly torso: readonly [yaw: number, pitch: number, roll: number];
  /** Neck and head rotation, shared by both. */
  readonly head: readonly [yaw: number, pitch: number, roll: number];
  /** Clavicles raised. */
  readonly shrug: readonly [number, number];
  /** Upper arms swung forward. */
  readonly swing: readonly [number, number];
  /** Upper arms raised sideways, on top of the style's spread. */
  readonly spread: readonly [number, number];
  /** Elbow flexion. */
  readonly elbow: readonly [number, number];
  /** Ankles on the floor: x, z of the left and of the right, from the standing centre. */
  readonly feet: readonly [left: readonly [x: number, z: number], right: readonly [x: number, z: number]];
}

/** Builds the key of one beat; `side` is +1 or −1, alternating beat by beat, for the arms. */
type KeyOf = (style: DancerStyle, amplitude: number, side: number) => StepKey;

/** A basic step: a cycle of keys, one per beat. */
export interface DanceStepDefinition {
  readonly keys: readonly KeyOf[];
}

/**
 * What the arms do on a beat: they alternate beat by beat (`side`), so that they turn on every
 * beat whatever the legs do.
 */
function arms(style: ArmStyle, a: number, side: number): Pick<StepKey, 'shrug' | 'swing' | 'spread' | 'elbow'> {
  switch (style) {
    case 'swing':
      return { shrug: [0, 0], swing: [0.32 * a * side, -0.32 * a * side], spread: [0, 0], elbow: [0.4 + 0.2 * side, 0.4 - 0.2 * side] };
    case 'pump': {
      const up = side > 0 ? 1 : 0;
      return { shrug: [0.06 * up, 0.06 * up], swing: [0.1 + 0.25 * a * up, 0.1 + 0.25 * a * up], spread: [0, 0], elbow: [0.5 + 0.9 * a * up, 0.5 + 0.9 * a * up] };
    }
    case 'frame':
      return { shrug: [0, 0], swing: [0.35, 0.35], spread: [0.12 * a * side, -0.12 * a * side], elbow: [1.25 + 0.1 * side, 1.25 - 0.1 * side] };
    case 'relaxed':
      return { shrug: [0, 0], swing: [0.14 * a * side, -0.14 * a * side], spread: [0, 0], elbow: [0.2, 0.2] };
  }
}

const stand = (s: DancerStyle): StepKey['feet'] => [
  [s.width / 2, 0],
  [-s.width / 2, 0],
];

/**
 * The three basic steps. Every key is a turning point: the pelvis or, where a step holds its
 * place, the bounce and the arms change direction on every beat, which is where the movement
 * comes to rest, so the motion beats fall on the music's.
 * - `lateral-bounce` (2 beats): the weight sways from one foot to the other on each beat, the
 *   hips dropping on the free side, the torso and head leaning back against them.
 * - `front-back` (4 beats): the left foot steps forward, closes rocking the weight back, the right
 *   steps forward, closes rocking back.
 * - `salsa` (8 beats, counts 1–8 from a bar line): forward break on the left (1), weight back on
 *   the right (2), left closes (3), hold (4); back break on the right (5), weight forward on the
 *   left (6), right closes (7), hold (8); the hips sway over each weight change (Cuban motion)
 *   and settle on the holds.
 */
export const danceSteps = {
  'lateral-bounce': {
    keys: [+1, -1].map(
      (s): KeyOf =>
        (style, a, side) => ({
          pelvis: [0.055 * a * s, 0, 0],
          hips: [0, 0, 0.07 * a * s],
          torso: [0, 0, -0.05 * a * s],
          head: [0, 0, -0.04 * a * s],
          ...arms(style.arms, a, side),
          feet: stand(style),
        }),
    ),
  },
  'front-back': {
    keys: [+1, 0, -1, 0].map(
      (s): KeyOf =>
        (style, a, side) => {
          const w = style.width / 2;
          const forward = s !== 0;
          return {
            pelvis: [0.3 * w * s, 0, forward ? 0.5 * style.stride * a : -0.12 * style.stride * a],
            hips: [-0.1 * a * s, 0, 0.03 * a * s],
            torso: [0.08 * a * s, forward ? -0.03 : 0.03, 0],
            head: [0, forward ? 0.03 : -0.02, 0],
            ...arms(style.arms, a, side),
            feet: [
              [w, s > 0 ? style.stride * a : 0],
              [-w, s < 0 ? style.stride * a : 0],
            ],
          };
        },
    ),
  },
  salsa: {
    keys: (
      [
        // pelvis x (× half width), pelvis z (× stride), left foot z, right foot z (× stride), hip sway (+1: over the left)
        [0.4, 0.45, 1, 0, 1],
        [-0.4, 0.1, 1, 0, -1],
        [0.4, 0, 0, 0, 1],
        [0, -0.25, 0, 0, 0.2],
        [-0.4, -0.45, 0, -1, -1],
        [0.4, -0.1, 0, -1, 1],
        [-0.4, 0, 0, 0, -1],
        [0, 0.25, 0, 0, -0.2],
      ] as const
    ).map(
      ([x, z, left, right, sway]): KeyOf =>
        (style, a, side) => {
          const w = style.width / 2;
          return {
            pelvis: [x * w * a, 0, z * style.stride * a],
            hips: [-0.12 * a * sway, 0, 0.08 * a * sway],
            torso: [0.1 * a * sway, 0, -0.05 * a * sway],
            head: [-0.04 * a * sway, 0, -0.03 * a * sway],
            ...arms(style.arms, a, side),
            feet: [
              [w * (left > 0 ? 0.9 : 1), left * style.stride * a],
              [-w * (right < 0 ? 0.9 : 1), right * style.stride * a],
            ],
          };
        },
    ),
  },
} as const satisfies Readonly<Record<string, DanceStepDefinition>>;

export type DanceStep = keyof typeof danceSteps;

/** The step names, in a fixed order. */
export const danceStepNames = Object.keys(danceSteps) as DanceStep[];
