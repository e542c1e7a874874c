import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hertz } from '../../src/core/units.js';
import { curvature2d, curvature3d, derivative, kinematics, stillSpeed, type Trajectory } from '../../src/movement/kinematics.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** A trajectory sampled at `rate` Hz, n samples, from a function of time. */
function sampled(n: number, rate: number, at: (t: number) => readonly [number, number, number]): Trajectory {
  const points = Array.from({ length: n }, (_, i) => at(i / rate));
  return {
    x: Float64Array.from(points, (p) => p[0]),
    y: Float64Array.from(points, (p) => p[1]),
    z: Float64Array.from(points, (p) => p[2]),
  };
}

const close = (actual: ArrayLike<number>, expected: (i: number) => number, tolerance: number, what: string) => {
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected(i)) <= tolerance, `${what}[${i}] = ${actual[i]} ≠ ${expected(i)}`);
  }
};

test('central differences inside, one-sided second-order differences at the ends; short signals', () => {
  // x = t³ at 2 Hz: t = 0, 0.5, 1, 1.5
  const d = derivative([0, 0.125, 1, 3.375], hertz(2));
  assert.deepEqual([...d], [(-3 * 0 + 4 * 0.125 - 1) * 1, (1 - 0) * 1, (3.375 - 0.125) * 1, (3 * 3.375 - 4 * 1 + 0.125) * 1]);
  assert.deepEqual([...derivative([1, 4], hertz(10))], [30, 30]);
  assert.deepEqual([...derivative([7], hertz(10))], [0]);
  assert.deepEqual([...derivative([], hertz(10))], []);
});

test('constant velocity: velocity exact, zero acceleration and jerk, zero curvature', () => {
  const k = kinematics(
    sampled(40, 30, (t) => [0.5 + 1.2 * t, -0.3 * t, 2 - 0.4 * t]),
    hertz(30),
  );
  close(k.velocity.x, () => 1.2, 1e-12, 'vx');
  close(k.velocity.y, () => -0.3, 1e-12, 'vy');
  close(k.velocity.z, () => -0.4, 1e-12, 'vz');
  close(k.speed, () => Math.hypot(1.2, 0.3, 0.4), 1e-12, 'speed');
  close(k.accelerationMagnitude, () => 0, 1e-9, '|a|');
  close(k.jerkMagnitude, () => 0, 1e-7, '|jerk|');
  close(k.curvature, () => 0, 1e-9, 'curvature');
});

test('parabola y = x² traced at x = t: acceleration (0, 2) exact everywhere, curvature 2 / (1 + 4t²)^(3/2), zero jerk', () => {
  const rate = 20;
  const t0 = -1;
  const k = kinematics(
    sampled(41, rate, (t) => [t + t0, (t + t0) ** 2, 0]),
    hertz(rate),
  );
  const time = (i: number) => i / rate + t0;
  close(k.velocity.x, () => 1, 1e-9, 'vx');
  close(k.velocity.y, (i) => 2 * time(i), 1e-9, 'vy');
  close(k.acceleration.y, () => 2, 1e-6, 'ay');
  close(k.jerk.y, () => 0, 1e-4, 'jerk y');
  close(k.curvature, (i) => 2 / (1 + 4 * time(i) ** 2) ** 1.5, 1e-6, 'curvature');
  // The plane formula gives the same, sample by sample.
  close(k.curvature, (i) => curvature2d(k.velocity.x[i]!, k.velocity.y[i]!, k.acceleration.x[i]!, k.acceleration.y[i]!), 1e-12, '2-D curvature');
});

test('circle of radius r: curvature 1/r inside (exactly, whatever the rate), close at the ends; in any plane', () => {
  for (const [r, f, rate] of [
    [0.3, 0.5, 30],
    [1.5, 2, 30],
    [0.05, 1, 120],
  ] as const) {
    const w = 2 * Math.PI * f;
    const n = Math.round(rate * 2);
    const flat = kinematics(sampled(n, rate, (t) => [r * Math.cos(w * t), r * Math.sin(w * t), 1]), hertz(rate));
    // Each central difference scales a sinusoid by sin(ωh)/ωh and turns it 90°, so |v × a| / |v|³ stays 1/r.
    close(flat.curvature.subarray(3, n - 3), () => 1 / r, 1e-9 / r, `inside, r = ${r}`);
    // One-sided differences err by about (ωh)², each of them.
    const h = 1 / rate;
    close(flat.curvature, () => 1 / r, (w * h) ** 2 / r, `ends, r = ${r}`);
    // The same circle tilted 45° about x, in 3-D.
    const c = Math.SQRT1_2;
    const tilted = kinematics(sampled(n, rate, (t) => [r * Math.cos(w * t), c * r * Math.sin(w * t), c * r * Math.sin(w * t)]), hertz(rate));
    close(tilted.curvature.subarray(3, n - 3), () => 1 / r, 1e-9 / r, `tilted, r = ${r}`);
    // Speed rω and centripetal acceleration rω², to the central differences' sinc factors.
    const sinc = Math.sin(w * h) / (w * h);
    close(flat.speed.subarray(3, n - 3), () => r * w * sinc, 1e-9, 'speed');
    close(flat.accelerationMagnitude.subarray(3, n - 3), () => r * w * w * sinc * sinc, 1e-9, '|a|');
  }
});

test('curvature is 0 below the still speed, however sharp the turn', () => {
  assert.equal(curvature3d(stillSpeed * 0.99, 0, 0, 0, 5, 0), 0);
  assert.equal(curvature2d(0, 0, 3, 4), 0);
  assert.ok(Math.abs(curvature3d(stillSpeed, 0, 0, 0, 5, 0) - 5 / stillSpeed ** 2) < 1e-6);
  const still = kinematics(sampled(30, 30, () => [1, 1, 1]), hertz(30));
  assert.ok(still.curvature.every((c) => c === 0));
});

test('with lowPass, a jittery circle keeps curvature 1/r where the raw one does not; a constant stays put', () => {
  const rate = 60;
  const r = 0.4;
  const random = seededRandom(7);
  const n = rate * 6;
  const noisy = sampled(n, rate, (t) => [r * Math.cos(Math.PI * t) + 0.002 * (random() - 0.5), r * Math.sin(Math.PI * t) + 0.002 * (random() - 0.5), 0]);
  const smooth = kinematics(noisy, hertz(rate), hertz(3));
  const raw = kinematics(noisy, hertz(rate));
  // After the filter's start-up (the circle is already moving at the first sample), the radius is r·|H(0.5 Hz)| ≈ r.
  const late = (c: Float64Array) => c.subarray(2 * rate, n - 3);
  close(late(smooth.curvature), () => 1 / r, 0.1 / r, 'low-passed');
  const worst = Math.max(...late(raw.curvature).map((c) => Math.abs(c - 1 / r)));
  assert.ok(worst > 0.5 / r, `raw jitter moves the curvature by ${worst}`);
  const steady = kinematics(sampled(20, rate, () => [0.2, 1.1, -3]), hertz(rate), hertz(3));
  assert.ok(steady.speed.every((s) => s < 1e-12) && steady.jerkMagnitude.every((j) => j < 1e-6));
});
