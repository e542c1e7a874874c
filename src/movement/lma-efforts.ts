import type { z } from 'zod';
import type { LmaEfforts } from '../core/frames.js';
import { normalized, type Hertz } from '../core/units.js';
import { loadNamed } from '../patch/load-config.js';
import type { lmaPresetSchema } from '../patch/schemas.js';
import { deepFreeze } from '../patch/yaml-file.js';
import { kinematics, type Trajectory } from './kinematics.js';

const effortNames = ['weight', 'time', 'space', 'flow', 'shape'] as const;

export type LmaPreset = z.infer<typeof lmaPresetSchema>;

/**
 * Reads an LMA preset: a path (relative to `baseDir`) or the name of one that ships in
 * presets/lma/ (`ballet` → presets/lma/ballet.yaml). A file that does not match the schema is an
 * E_PATCH_INVALID error naming the file, line and field. The result is frozen, its joint
 * weights scaled to sum to 1.
 */
export function loadLmaPreset(nameOrPath: string, baseDir: string): LmaPreset {
  const preset = loadNamed('lma', nameOrPath, baseDir);
  const total = Object.values(preset.joints).reduce((sum, w) => sum + w, 0);
  const joints = Object.fromEntries(Object.entries(preset.joints).map(([name, w]) => [name, w / total]));
  return deepFreeze({ ...preset, joints });
}

/**
 * Net displacements shorter than this (metres) count as this long in Space, and so do paths:
 * a joint that moves less than tracker jitter and a small sway is neither direct nor indirect
 * (ratio 1), and a joint that comes back to where it started gets a large but finite ratio,
 * path length / 5 cm, instead of infinity.
 */
export const shortestDisplacement = 0.05;

/**
 * Laban effort qualities of one body over a window, after the descriptors reviewed by
 * Larboulette & Gibet ("A review of computable expressive descriptors of human motion", 2015): each joint
 * k's positions (metres, at `rate` Hz, already low-passed) are differentiated (see `kinematics`)
 * and, with α_k its weight,
 * - weight = max over the window of Σ_k α_k·|v_k|²            (m²/s²: the strongest moment)
 * - time   = Σ_k α_k·mean |a_k|                                (m/s²: sudden vs sustained)
 * - space  = Σ_k α_k·max(L_k, d₀) / max(D_k, d₀)               (1 = direct, more = indirect)
 *   with L_k the path length, D_k the net displacement and d₀ = `shortestDisplacement`
 * - flow   = Σ_k α_k·mean |jerk_k|                             (m/s³: bound vs free)
 * - shape  = Σ_k α_k·mean curvature_k                          (1/m; 0 where a joint is still)
 * Joints without a weight are ignored; weighted joints missing from `joints` add nothing. When
 * windows differ in length, weight lines them up at their last samples. The ends of a window are
 * differenced one-sidedly (see `derivative`), so a maximum there can overshoot by about (ωh)²/3
 * for movement at ω rad/s sampled every h seconds: 3 % in speed for 0.75 Hz at 15 Hz.
 */
export function lmaEfforts(joints: ReadonlyMap<string, Trajectory>, weights: Readonly<Record<string, number>>, rate: Hertz): LmaEfforts {
  let time = 0;
  let space = 0;
  let flow = 0;
  let shape = 0;
  // Σ_k α_k·|v_k|², indexed from the end of the window.
  const power: number[] = [];
  for (const [name, trajectory] of joints) {
    const alpha = weights[name];
    const n = trajectory.x.length;
    if (alpha === undefined || alpha === 0 || n === 0) continue;
    const k = kinematics(trajectory, rate);
    for (let i = 0; i < n; i++) power[n - 1 - i] = (power[n - 1 - i] ?? 0) + alpha * k.speed[i]! ** 2;
    time += alpha * mean(k.accelerationMagnitude);
    flow += alpha * mean(k.jerkMagnitude);
    shape += alpha * mean(k.curvature);
    space += alpha * directness(trajectory);
  }
  return { weight: power.reduce((max, p) => Math.max(max, p), 0), time, space, flow, shape };
}

/** Maps each raw effort through its range to 0..1, clamped; anything not finite becomes 0. */
export function normalizeEfforts(raw: LmaEfforts, ranges: LmaPreset['ranges']): LmaEfforts {
  const out = {} as Record<(typeof effortNames)[number], number>;
  for (const name of effortNames) {
    const [low, high] = ranges[name];
    out[name] = normalized((raw[name] - low) / (high - low));
  }
  return out;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

/** Path length over net displacement, both at least `shortestDisplacement`. */
function directness({ x, y, z }: Trajectory): number {
  const n = x.length;
  let path = 0;
  for (let i = 1; i < n; i++) path += Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!, z[i]! - z[i - 1]!);
  const net = Math.hypot(x[n - 1]! - x[0]!, y[n - 1]! - y[0]!, z[n - 1]! - z[0]!);
  return Math.max(path, shortestDisplacement) / Math.max(net, shortestDisplacement);
}
