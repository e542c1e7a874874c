import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisRotation, multiply, rotate, type Vector3 } from '../../../src/movement/quaternion.js';
import { legIk, legLengths } from '../../../src/train/corpora/leg-ik.js';
import { seededRandom } from '../../../src/core/seeded-random.js';

/** Knee and ankle of a solved leg, by forward kinematics from the hip. */
function solve(hip: Vector3, ankle: Vector3, forward: Vector3) {
  const { thigh, knee } = legIk(hip, ankle, forward);
  const kneeAt = rotate(thigh, [0, -legLengths.thigh, 0]).map((v, k) => v + hip[k]!) as unknown as Vector3;
  const ankleAt = rotate(multiply(thigh, axisRotation('x', knee)), [0, -legLengths.shin, 0]).map((v, k) => v + kneeAt[k]!) as unknown as Vector3;
  return { knee, kneeAt, ankleAt };
}
const sub = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vector3, b: Vector3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

test('the ankle lands on any reachable target, the knee bending forwards', () => {
  const random = seededRandom(3);
  for (let i = 0; i < 200; i++) {
    const hip: Vector3 = [random() - 0.5, 0.8 + 0.2 * random(), random() - 0.5];
    const yaw = 2 * Math.PI * random();
    const forward: Vector3 = [Math.sin(yaw), 0, Math.cos(yaw)];
    // Targets below the hip within 0.35–0.8 m, up to 40° off the vertical.
    const d = 0.35 + 0.45 * random();
    const tilt = 0.7 * random();
    const around = 2 * Math.PI * random();
    const ankle: Vector3 = [hip[0] + d * Math.sin(tilt) * Math.cos(around), hip[1] - d * Math.cos(tilt), hip[2] + d * Math.sin(tilt) * Math.sin(around)];
    const { knee, kneeAt, ankleAt } = solve(hip, ankle, forward);
    assert.ok(Math.hypot(...sub(ankleAt, ankle)) < 1e-9, `target ${i}: missed by ${Math.hypot(...sub(ankleAt, ankle))} m`);
    assert.ok(knee > 0, `target ${i}: knee ${knee}`);
    // The knee lies in front of the hip-to-ankle line, as seen along `forward`.
    const line = sub(ankle, hip);
    const t = dot(sub(kneeAt, hip), line) / dot(line, line);
    const offLine = sub(sub(kneeAt, hip), [line[0] * t, line[1] * t, line[2] * t]);
    assert.ok(dot(offLine, forward) > 0, `target ${i}: the knee points backwards`);
  }
});

test('standing straight is the rest pose; out-of-reach targets come out finite, the knee never locked or folded', () => {
  const rest = legIk([0.09, 0.9, 0], [0.09, 0.08, 0], [0, 0, 1]);
  assert.ok(Math.abs(rest.thigh[0] - 1) < 1e-3 && rest.knee < 0.1, `rest: ${rest.thigh}, knee ${rest.knee}`);
  for (const ankle of [[0, -5, 0], [0, 0.9, 0], [0.09, 0.9, 0]] as Vector3[]) {
    const { thigh, knee } = legIk([0.09, 0.9, 0], ankle, [0, 0, 1]);
    assert.ok(thigh.every(Number.isFinite) && knee > 0 && knee < Math.PI, `${ankle}: ${thigh}, ${knee}`);
  }
  // A forward direction along the leg still gives a bend.
  const { knee } = legIk([0, 0.9, 0], [0, 0.4, 0], [0, -1, 0]);
  assert.ok(Number.isFinite(knee) && knee > 0.5);
});
