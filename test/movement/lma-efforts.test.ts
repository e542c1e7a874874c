import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import type { LmaEfforts } from '../../src/core/frames.js';
import { hertz } from '../../src/core/units.js';
import type { Trajectory } from '../../src/movement/kinematics.js';
import { lmaEfforts, loadLmaPreset, normalizeEfforts, shortestDisplacement, type LmaPreset } from '../../src/movement/lma-efforts.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-lma-efforts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const path = (x: readonly number[], y: readonly number[] = x.map(() => 0), z: readonly number[] = x.map(() => 0)): Trajectory => ({
  x: Float64Array.from(x),
  y: Float64Array.from(y),
  z: Float64Array.from(z),
});

const near = (actual: LmaEfforts, expected: LmaEfforts) => {
  for (const k of Object.keys(expected) as (keyof LmaEfforts)[]) {
    assert.ok(Math.abs(actual[k] - expected[k]) < 1e-9, `${k}: ${actual[k]} ≠ ${expected[k]}`);
  }
};

test('every effort by hand: a joint accelerating along x (α ½) and one going back and forth (α ¼), at 1 Hz', () => {
  const joints = new Map([
    // x = t²: v = 2t, a = 2, jerk 0; straight, so path / displacement = 1.
    ['WristLeft', path([0, 1, 4, 9, 16])],
    // v = [2, 0, 0, 0, −2], a = [−3, −1, 0, −1, −3], jerk = [2.5, 1.5, 0, −1.5, −2.5]; path 4, back where it started.
    ['AnkleRight', path([0, 1, 0, 1, 0])],
    // Not weighted: ignored, however it moves.
    ['Head', path([0, 50, -20, 80, 3])],
  ]);
  const weights = { WristLeft: 0.5, AnkleRight: 0.25, KneeLeft: 0.25 };
  near(lmaEfforts(joints, weights, hertz(1)), {
    // max over i of ½·[0, 4, 16, 36, 64] + ¼·[4, 0, 0, 0, 4] = [1, 2, 8, 18, 33]
    weight: 33,
    time: 0.5 * 2 + 0.25 * (8 / 5),
    space: 0.5 * 1 + 0.25 * (4 / shortestDisplacement),
    flow: 0.5 * 0 + 0.25 * (8 / 5),
    // Movement along one line never bends.
    shape: 0,
  });
});

test('by hand: a parabola y = x², x = −2..2 at 1 Hz, weight 1', () => {
  const efforts = lmaEfforts(new Map([['HandRight', path([-2, -1, 0, 1, 2], [4, 1, 0, 1, 4])]]), { HandRight: 1 }, hertz(1));
  near(efforts, {
    // v = (1, 2t): |v|² = 1 + 4t², largest at t = ±2.
    weight: 17,
    // a = (0, 2) everywhere, jerk 0.
    time: 2,
    flow: 0,
    // Two chords of √10 and two of √2 between ends 4 m apart.
    space: (2 * Math.sqrt(10) + 2 * Math.sqrt(2)) / 4,
    // Mean of 2 / (1 + 4t²)^(3/2) over t = −2..2.
    shape: (2 + 4 / 5 ** 1.5 + 4 / 17 ** 1.5) / 5,
  });
});

test('the rate scales each derivative: the same samples at 2 Hz double v, quadruple a', () => {
  const joints = new Map([['WristLeft', path([0, 1, 4, 9, 16])]]);
  const slow = lmaEfforts(joints, { WristLeft: 1 }, hertz(1));
  const fast = lmaEfforts(joints, { WristLeft: 1 }, hertz(2));
  assert.equal(fast.weight, 4 * slow.weight);
  assert.equal(fast.time, 4 * slow.time);
  assert.equal(fast.space, slow.space);
});

test('windows of different lengths line up at their last samples for weight', () => {
  const joints = new Map([
    ['WristLeft', path([0, 1, 4, 9, 16])], // |v|² = [0, 4, 16, 36, 64]
    ['WristRight', path([0, 3])], // |v|² = [9, 9], the last two samples
  ]);
  assert.equal(lmaEfforts(joints, { WristLeft: 1, WristRight: 1 }, hertz(1)).weight, 73);
});

test('still joints count as direct; tiny moves too; no joints give all zeros', () => {
  const still = lmaEfforts(new Map([['Head', path([1, 1, 1, 1])]]), { Head: 0.7 }, hertz(30));
  near(still, { weight: 0, time: 0, space: 0.7, flow: 0, shape: 0 });
  const jitter = lmaEfforts(new Map([['Head', path([0, 0.01, 0, 0.01, 0])]]), { Head: 1 }, hertz(30));
  assert.equal(jitter.space, 1, '4 cm of path within 5 cm is neither direct nor indirect');
  near(lmaEfforts(new Map(), { Head: 1 }, hertz(30)), { weight: 0, time: 0, space: 0, flow: 0, shape: 0 });
  near(lmaEfforts(new Map([['Head', path([])]]), { Head: 1 }, hertz(30)), { weight: 0, time: 0, space: 0, flow: 0, shape: 0 });
});

test('normalized efforts map each range to 0..1, clamped; NaN becomes 0', () => {
  const ranges: LmaPreset['ranges'] = { weight: [0, 4], time: [0, 10], space: [1, 5], flow: [0, 100], shape: [2, 4] };
  near(normalizeEfforts({ weight: 1, time: 20, space: 2, flow: -5, shape: Number.NaN }, ranges), { weight: 0.25, time: 1, space: 0.25, flow: 0, shape: 0 });
});

const kinect2 = new Set(
  'SpineBase SpineMid Neck Head ShoulderLeft ElbowLeft WristLeft HandLeft ShoulderRight ElbowRight WristRight HandRight HipLeft KneeLeft AnkleLeft FootLeft HipRight KneeRight AnkleRight FootRight SpineShoulder HandTipLeft ThumbLeft HandTipRight ThumbRight'.split(
    ' ',
  ),
);

test('shipped presets: kinect2 joints, weights scaled to sum to 1, ballet leaning on wrists and ankles', () => {
  const byName = loadLmaPreset('default', dir);
  const ballet = loadLmaPreset('ballet', dir);
  for (const preset of [byName, ballet]) {
    const weights = Object.entries(preset.joints);
    assert.ok(weights.every(([name]) => kinect2.has(name)), Object.keys(preset.joints).join(', '));
    assert.ok(Math.abs(weights.reduce((s, [, w]) => s + w, 0) - 1) < 1e-12);
    assert.ok(Object.isFrozen(preset) && Object.isFrozen(preset.joints));
  }
  assert.equal(Object.keys(byName.joints).length, 15);
  assert.ok(Object.values(byName.joints).every((w) => Math.abs(w - 1 / 15) < 1e-12), 'default: even');
  const b = ballet.joints;
  assert.ok(Math.abs(b.WristLeft! - 0.2) < 1e-12 && Math.abs(b.AnkleRight! - 0.15) < 1e-12 && Math.abs(b.Head! - 0.05) < 1e-12);
});

test('a preset file by path; a broken one is E_PATCH_INVALID naming the file, line and field; an unknown name is E_FILE_UNREADABLE', () => {
  const good = join(dir, 'arms.yaml');
  writeFileSync(good, 'kind: lma\nname: arms\ndescription: two wrists\njoints: { WristLeft: 1, WristRight: 3 }\nranges: { weight: [0, 1], time: [0, 1], space: [1, 2], flow: [0, 1], shape: [0, 1] }\n');
  assert.deepEqual({ ...loadLmaPreset('arms.yaml', dir).joints }, { WristLeft: 0.25, WristRight: 0.75 });
  const broken: [string, string, RegExp][] = [
    ['negative.yaml', 'joints: { WristLeft: -1 }\nranges: { weight: [0, 1], time: [0, 1], space: [1, 2], flow: [0, 1], shape: [0, 1] }', /:4:\d+: joints\.WristLeft: expected a number ≥ 0/],
    ['zero.yaml', 'joints: { WristLeft: 0 }\nranges: { weight: [0, 1], time: [0, 1], space: [1, 2], flow: [0, 1], shape: [0, 1] }', /joints: expected at least one joint with a weight above 0/],
    ['upside-down.yaml', 'joints: { Head: 1 }\nranges: { weight: [0, 1], time: [0, 1], space: [2, 1], flow: [0, 1], shape: [0, 1] }', /ranges\.space: expected \[low, high\] with low below high/],
    ['missing.yaml', 'joints: { Head: 1 }\nranges: { weight: [0, 1], time: [0, 1], space: [1, 2], flow: [0, 1] }', /ranges\.shape: required field is missing/],
    ['typo.yaml', 'joints: { Head: 1 }\nranges: { weight: [0, 1], time: [0, 1], space: [1, 2], flow: [0, 1], shape: [0, 1], wieght: [0, 1] }', /ranges\.wieght: unknown field/],
  ];
  for (const [file, body, pattern] of broken) {
    writeFileSync(join(dir, file), `kind: lma\nname: broken\ndescription: a broken preset\n${body}\n`);
    assert.throws(
      () => loadLmaPreset(file, dir),
      (e: unknown) => {
        assert.ok(isTerpsiError(e) && e.code === 'E_PATCH_INVALID', String(e));
        assert.ok(e.message.startsWith(join(dir, file)), e.message);
        assert.match(e.message, pattern);
        return true;
      },
    );
  }
  writeFileSync(join(dir, 'robot.yaml'), 'kind: robot\nname: r\n');
  assert.throws(() => loadLmaPreset('robot.yaml', dir), (e: unknown) => isTerpsiError(e) && e.code === 'E_PATCH_INVALID' && /kind: expected a lma file, got a robot file/.test(e.message));
  assert.throws(() => loadLmaPreset('nonesuch', dir), (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && /no LMA preset named "nonesuch"/.test(e.message));
});
