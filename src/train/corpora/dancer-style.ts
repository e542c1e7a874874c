import { metres, radians, seconds, type Metres, type Radians, type Seconds } from '../../core/units.js';
import { pick, seededRandom } from '../../core/seeded-random.js';

/**
 * What the arms do on each beat: `swing` forward and back in turn, `pump` the elbows bend and
 * open, `frame` held bent in front of the body swaying side to side (a salsa dancer's arms),
 * `relaxed` hanging with a small swing.
 */
export const armStyles = ['swing', 'pump', 'frame', 'relaxed'] as const;
export type ArmStyle = (typeof armStyles)[number];

/** How one procedural dancer moves: the same step looks different on each. */
export interface DancerStyle {
  /** Scales every movement (sway, swing, nod, step travel); 1 is a medium-sized dancer. */
  readonly amplitude: number;
  readonly arms: ArmStyle;
  /** Forward lean of the torso. */
  readonly lean: Radians;
  /** Head pitch when at rest, forward positive. */
  readonly headPitch: Radians;
  /** How far the arms hang away from the body, from straight down. */
  readonly armSpread: Radians;
  /** How far the pelvis sits below its standing height: knees always a little bent. */
  readonly knees: Metres;
  /** Depth of the bounce: the pelvis is lowest on each beat, highest between. */
  readonly bounce: Metres;
  /** Distance between the ankles when standing. */
  readonly width: Metres;
  /** Length of a step forward or back. */
  readonly stride: Metres;
  /** How far the feet turn out. */
  readonly toeOut: Radians;
  /** Which way the dancer faces: a turn about the vertical from +z. */
  readonly facing: Radians;
  /** Timing: a dancer's habitual offset from the beat (negative: ahead of it) and the spread of the beat-to-beat jitter (the σ of a normal draw). */
  readonly timing: { readonly bias: Seconds; readonly spread: Seconds };
}

/**
 * A dancer's style drawn from `seed`: each trait uniformly in a range seen in people dancing
 * basic steps (pelvis 1–3 cm below standing, bounce 1.5–3 cm, stance 18–32 cm, steps 14–24 cm, lean up to
 * 9°, feet out 3–14°, facing within ±20°, timing bias within ±15 ms, jitter σ 6–14 ms).
 * Deterministic for a seed.
 */
export function dancerStyle(seed: number | string): DancerStyle {
  const random = seededRandom(`dancer/${seed}`);
  const between = (low: number, high: number) => low + (high - low) * random();
  return {
    amplitude: between(0.8, 1.2),
    arms: pick(armStyles, random),
    lean: radians(between(0, 0.15)),
    headPitch: radians(between(-0.08, 0.12)),
    armSpread: radians(between(0.08, 0.3)),
    knees: metres(between(0.01, 0.03)),
    bounce: metres(between(0.015, 0.03)),
    width: metres(between(0.18, 0.32)),
    stride: metres(between(0.14, 0.24)),
    toeOut: radians(between(0.05, 0.25)),
    facing: radians(between(-0.35, 0.35)),
    timing: { bias: seconds(between(-0.015, 0.015)), spread: seconds(between(0.006, 0.014)) },
  };
}
