import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pipe } from 'rxjs';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { ControlFrame, Frame, MotionFrame } from '../../src/core/frames.js';
import { packageRoot } from '../../src/core/paths.js';
import { metres, radians, seconds } from '../../src/core/units.js';
import { danceJoints, danceJointIndex, type DanceJoint } from '../../src/movement/dance-skeleton.js';
import { axisRotation, type Axis, type Quaternion } from '../../src/movement/quaternion.js';
import { proceduralDancer } from '../../src/movement/procedural-dancer.js';
import { retarget } from '../../src/movement/retarget.js';
import { osc } from '../../src/outputs/osc.js';
import { loadConfig } from '../../src/patch/load-config.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';
import { freeUdpPort, oscdump, until } from '../helpers/oscdump.js';
import { seededRandom } from '../helpers/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-retarget-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a robot profile with these joint lines (YAML flow mappings) and returns its file name. */
function robotFile(name: string, joints: readonly string[], address = '/robot/test'): string {
  const file = `${name}.yaml`;
  writeFileSync(
    join(dir, file),
    `kind: robot\nname: ${name}\ndescription: a robot made for a test\nrateHz: 50\naddress: ${address}\njoints:\n${joints.map((j) => `  - ${j}\n`).join('')}`,
  );
  return file;
}

const turn = (axis: Axis, degrees: number) => axisRotation(axis, radians((degrees * Math.PI) / 180));

function motion(t: number, rotated: Partial<Record<DanceJoint, Quaternion>> = {}, dancer = 0): MotionFrame {
  const rotations = new Float32Array(4 * danceJoints.length);
  danceJoints.forEach((joint, j) => rotations.set(rotated[joint] ?? [1, 0, 0, 0], 4 * j));
  return { kind: 'motion', t: seconds(t), source: 'dancer', dancer, root: [metres(0), metres(0), metres(0)], rotations };
}

async function run(file: string, frames: readonly Frame[], dancer = 0) {
  const ctx = testContext('robot', { dir });
  const out = (await through(frames, retarget.create(retarget.params.parse({ device: file, dancer }), ctx))) as ControlFrame[];
  return { out, ctx };
}

/** The values of one joint, frame by frame. */
const track = (out: readonly ControlFrame[], name: string) => out.filter((f) => f.name === name).map((f) => f.values[0]!);
/** Within 1e-5°: the input quaternions are float32. */
const near = (actual: readonly number[], expected: readonly number[], what: string) =>
  assert.ok(actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]!) < 1e-5), `${what}: ${actual.join(', ')} ≠ ${expected.join(', ')}`);

const knee = robotFile('knee', ['{ name: knee, from: left_knee, axis: x, minDeg: -120, maxDeg: 120, maxSpeedDegPerSecond: 180 }']);

test('a 90° step at 30 fps with a 180°/s limit moves 6° a frame, from the rest pose, as one control frame per joint', async () => {
  const frames = Array.from({ length: 20 }, (_, i) => motion(i / 30, { left_knee: turn('x', 90) }));
  const { out, ctx } = await run(knee, frames);
  assert.equal(out.length, 20);
  near(track(out, 'robot/test/knee'), frames.map((_, i) => Math.min(90, 6 * i)), 'knee');
  out.forEach((f, i) => {
    assert.equal(f.kind, 'control');
    assert.equal(f.source, 'robot');
    assert.equal(f.t, frames[i]!.t);
    assert.equal(f.values.length, 1);
  });
  assert.deepEqual(ctx.reported, []);
});

test('angles are sign × rotation about the axis + offset, clamped to the limits', async () => {
  const file = robotFile('limits', [
    '{ name: tilt, from: head, axis: x, minDeg: -30, maxDeg: 30, maxSpeedDegPerSecond: 3600 }',
    '{ name: pan, from: neck, axis: y, sign: -1, offsetDeg: 10, minDeg: -90, maxDeg: 90, maxSpeedDegPerSecond: 3600 }',
    '{ name: roll, from: neck, axis: z, minDeg: -90, maxDeg: 90, maxSpeedDegPerSecond: 3600 }',
  ]);
  const poses: [number, number][] = [
    [0, 0],
    [20, 20],
    [90, 50],
    [-170, -120],
    [-170, 170],
  ];
  const frames = poses.map(([head, neck], i) => motion(i, { head: turn('x', head), neck: turn('y', neck) }));
  const { out } = await run(file, frames);
  near(track(out, 'robot/test/tilt'), [0, 20, 30, -30, -30], 'tilt clamps to ±30');
  near(track(out, 'robot/test/pan'), [10, -10, -40, 90, -90], 'pan = −neck + 10, clamped to ±90');
  near(track(out, 'robot/test/roll'), [0, 0, 0, 0, 0], 'a turn about y is no roll about z');
});

test('NaN, Infinity, a zero quaternion, a wrong shape or a throw re-send the last safe pose; motion then goes on rate-limited', async () => {
  const bent = { left_knee: turn('x', 30) };
  const nan = motion(3 / 30, bent);
  nan.rotations[4 * danceJointIndex.left_knee + 1] = Number.NaN;
  const infinite = motion(4 / 30, bent);
  infinite.rotations[4 * danceJointIndex.right_foot] = Number.POSITIVE_INFINITY;
  const zero = motion(5 / 30, bent);
  zero.rotations.fill(0, 4 * danceJointIndex.left_knee, 4 * danceJointIndex.left_knee + 4);
  const frames: Frame[] = [
    motion(0, bent),
    motion(1 / 30, bent),
    motion(2 / 30, bent),
    nan,
    infinite,
    zero,
    { ...motion(6 / 30, bent), rotations: new Float32Array(8) },
    { ...motion(7 / 30, bent), root: [metres(Number.NaN), metres(0), metres(0)] },
    { ...motion(8 / 30, bent), rotations: undefined as unknown as Float32Array },
    motion(9 / 30, { left_knee: turn('x', 90) }),
    motion(10 / 30, { left_knee: turn('x', 90) }),
  ];
  const { out, ctx } = await run(knee, frames);
  near(track(out, 'robot/test/knee'), [0, 6, 12, 12, 12, 12, 12, 12, 12, 18, 24], 'held through six bad frames');
  assert.equal(ctx.reported.length, 6, 'each bad frame is reported');
  assert.match(String(ctx.reported[0]), /dancer 0 at t = 0\.1 s: rotations or root not finite/);
  assert.ok(ctx.reported[5] instanceof TypeError, 'the throw itself is reported');
});

test('late, repeated and timeless frames are dropped; other dancers and other kinds are ignored', async () => {
  const bent = { left_knee: turn('x', 90) };
  const frames: Frame[] = [
    motion(0, bent),
    motion(1 / 30, bent),
    motion(0.5 / 30, bent),
    motion(1 / 30, bent),
    motion(Number.NaN, bent),
    motion(2 / 30, bent, 1),
    { kind: 'control', t: seconds(2 / 30), source: 'level', name: 'level', values: [1] },
    motion(2 / 30, bent),
  ];
  const { out, ctx } = await run(knee, frames);
  near(track(out, 'robot/test/knee'), [0, 6, 12], 'knee');
  assert.deepEqual(out.map((f) => f.t), [0, 1 / 30, 2 / 30]);
  assert.ok(ctx.lines.some((l) => /dropped a frame of dancer 0 at t = 0\.0166/.test(l)), ctx.lines.join('\n'));

  const follower = await run(knee, frames, 1);
  near(track(follower.out, 'robot/test/knee'), [0], 'dancer 1 is followed by its own robot, from rest');
});

test('after a gap the robot catches up at its rated speed instead of jumping', async () => {
  const bent = { left_knee: turn('x', 90) };
  const { out } = await run(knee, [motion(0), motion(10, bent), motion(10 + 1 / 30, bent)]);
  near(track(out, 'robot/test/knee'), [0, 18, 24], 'a 10 s gap counts as 0.1 s');
});

test('garbage never gets a joint out of its limits or past its speed (servo17, random frames)', async () => {
  const robot = loadConfig(join(packageRoot, 'devices', 'robots', 'servo17.yaml'), 'robot');
  const random = seededRandom(2024);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
  const number = () =>
    pick([() => random() * 2 - 1, () => (random() * 2 - 1) * 1e30, () => Number.NaN, () => Number.POSITIVE_INFINITY, () => -0, () => Number.MIN_VALUE])();
  const frames: Frame[] = [];
  let t = 0;
  for (let i = 0; i < 4000; i++) {
    t += pick([1 / 30, 1 / 30, 1 / 30, 0, -0.5, 5, 1e-6]);
    const rotations = new Float32Array(pick([4 * danceJoints.length, 4 * danceJoints.length, 4 * danceJoints.length, 10, 0]));
    const style = random();
    for (let k = 0; k < rotations.length; k++) rotations[k] = style < 0.6 ? random() * 2 - 1 : style < 0.9 ? number() : 0;
    const frame: MotionFrame = {
      kind: 'motion',
      t: seconds(random() < 0.02 ? Number.NaN : t),
      source: 'garbage',
      dancer: random() < 0.95 ? 0 : 1,
      root: [metres(random() < 0.95 ? random() : Number.NaN), metres(0), metres(0)],
      rotations,
    };
    frames.push(random() < 0.02 ? ({ ...frame, rotations: null } as unknown as Frame) : frame);
  }
  const { out } = await run('servo17', frames);
  assert.ok(out.length > 17 * 1500, `most frames came through (${out.length / 17})`);
  assert.equal(out.length % robot.joints.length, 0);
  const previous = new Map<string, { t: number; v: number }>();
  for (const f of out) {
    const joint = robot.joints.find((j) => `robot/servo/${j.name}` === f.name);
    assert.ok(joint, f.name);
    const v = f.values[0]!;
    assert.ok(Number.isFinite(v) && v >= joint.minDeg && v <= joint.maxDeg, `${f.name} = ${v} at t = ${f.t}`);
    const before = previous.get(f.name);
    if (before) {
      assert.ok(f.t > before.t, 'time only goes forward');
      const allowed = joint.maxSpeedDegPerSecond * Math.min(0.1, f.t - before.t) + 1e-9;
      assert.ok(Math.abs(v - before.v) <= allowed, `${f.name} moved ${Math.abs(v - before.v)}° in ${f.t - before.t} s`);
    } else {
      assert.equal(v, joint.offsetDeg, 'the first pose is the rest pose');
    }
    previous.set(f.name, { t: f.t, v });
  }
});

test('the procedural dancer drives servo17: its arms, waist and knees move, within limits', async () => {
  const robot = loadConfig(join(packageRoot, 'devices', 'robots', 'servo17.yaml'), 'robot');
  const frames: Frame[] = [{ kind: 'control', t: seconds(0), source: 'level', name: 'level', values: [0.2, 0.5] }];
  for (let i = 0; i < 90; i++) frames.push({ kind: 'control', t: seconds(i / 30), source: 'onset', name: 'onset', values: [0.5, 0, Math.exp(-(i % 15) / 5)] });
  const dancerCtx = testContext('dancer', { tunables: proceduralDancer.tunables! });
  const ctx = testContext('robot');
  const out = await through(frames, pipe(proceduralDancer.create({ dancer: 0 }, dancerCtx), retarget.create(retarget.params.parse({ device: 'servo17' }), ctx)));
  assert.equal(out.length, 90 * robot.joints.length);
  for (const joint of robot.joints) {
    const values = track(out as ControlFrame[], `robot/servo/${joint.name}`);
    assert.ok(values.every((v) => v >= joint.minDeg && v <= joint.maxDeg), joint.name);
    const moves = Math.max(...values) - Math.min(...values) > 1;
    if (['waist', 'l_shoulder_roll', 'r_shoulder_roll', 'l_knee', 'r_knee', 'head_tilt'].includes(joint.name)) assert.ok(moves, `${joint.name} moves`);
  }
  assert.deepEqual(ctx.reported, []);
});

test('every shipped robot profile validates and makes a retarget node that starts at rest', async () => {
  const folder = join(packageRoot, 'devices', 'robots');
  const files = readdirSync(folder).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.includes('servo17.yaml'));
  for (const file of files) {
    const robot = loadConfig(join(folder, file), 'robot');
    const ctx = testContext('robot', { dir: folder });
    const out = (await through([motion(0, { left_shoulder: turn('z', 40) })], retarget.create(retarget.params.parse({ device: file }), ctx))) as ControlFrame[];
    assert.deepEqual(
      out.map((f) => [f.name, f.values[0]]),
      robot.joints.map((j) => [`${robot.address.slice(1)}/${j.name}`, j.offsetDeg]),
    );
  }
});

test('a profile with impossible limits is refused at load: E_PATCH_INVALID naming the file, line and field', () => {
  const cases: [string, RegExp][] = [
    ['{ name: a, from: head, axis: x, minDeg: 30, maxDeg: -30, maxSpeedDegPerSecond: 100 }', /:7:\d+: joints\[0\]\.maxDeg: minDeg must be below maxDeg/],
    ['{ name: a, from: head, axis: x, minDeg: 10, maxDeg: 10, maxSpeedDegPerSecond: 100 }', /joints\[0\]\.maxDeg: minDeg must be below maxDeg/],
    ['{ name: a, from: head, axis: x, minDeg: 500, maxDeg: 2500, maxSpeedDegPerSecond: 100 }', /joints\[0\]\.maxDeg: expected a number ≤ 360, got number 2500/],
    ['{ name: a, from: head, axis: x, minDeg: -1500, maxDeg: 0, maxSpeedDegPerSecond: 100 }', /joints\[0\]\.minDeg: expected a number ≥ -360/],
    ['{ name: a, from: head, axis: x, minDeg: -10, maxDeg: 10, maxSpeedDegPerSecond: 0 }', /joints\[0\]\.maxSpeedDegPerSecond: expected a number > 0/],
    ['{ name: a, from: head, axis: x, minDeg: -10, maxDeg: 10, maxSpeedDegPerSecond: 50000 }', /joints\[0\]\.maxSpeedDegPerSecond: expected a number ≤ 3600/],
    ['{ name: a, from: head, axis: x, minDeg: -10, maxDeg: 10, maxSpeedDegPerSecond: .inf }', /joints\[0\]\.maxSpeedDegPerSecond: expected number/],
    ['{ name: a, from: head, axis: x, minDeg: .nan, maxDeg: 10, maxSpeedDegPerSecond: 10 }', /joints\[0\]\.minDeg: expected number/],
    ['{ name: a, from: head, axis: x, offsetDeg: 20, minDeg: -10, maxDeg: 10, maxSpeedDegPerSecond: 10 }', /joints\[0\]\.offsetDeg: offsetDeg \(the rest pose\) must lie within/],
    ['{ name: a, from: tail, axis: x, minDeg: -10, maxDeg: 10, maxSpeedDegPerSecond: 10 }', /joints\[0\]\.from: expected one of "pelvis"/],
  ];
  cases.forEach(([joint, pattern], i) => {
    const file = robotFile(`impossible-${i}`, [joint]);
    assert.throws(
      () => retarget.create(retarget.params.parse({ device: file }), testContext('robot', { dir })),
      (e: unknown) => {
        assert.ok(isTerpsiError(e), String(e));
        assert.equal(e.code, 'E_PATCH_INVALID');
        assert.ok(e.message.startsWith(join(dir, file)), e.message);
        assert.match(e.message, pattern);
        return true;
      },
    );
  });
});

test('over OSC with an empty prefix and no time argument the robot gets <address>/<joint> <degrees>', async () => {
  const port = await freeUdpPort();
  writeFileSync(
    join(dir, 'robot-osc.yaml'),
    'kind: osc-target\nname: robot-osc\ndescription: plain messages at the robot profile address\nport: 9000\nbundles: false\ntimeArgument: false\nprefix: ""\n',
  );
  const dump = oscdump(port);
  const clock = virtualClock();
  const output = osc.create(osc.params.parse({ port, profile: 'robot-osc.yaml' }), testContext('out', { clock, dir }));
  try {
    await output.open();
    const frames = Array.from({ length: 3 }, (_, i) => motion(i / 30, { left_knee: turn('x', 90), pelvis: turn('y', 20) }));
    const { out } = await run('servo17', frames);
    await until('oscdump to print the servos', () => {
      for (const f of out) output.write(f);
      return dump.lines.some((l) => l.text.includes('/robot/servo/r_ankle'));
    });
    const text = dump.lines.map((l) => l.text).join('\n');
    assert.match(text, / \/robot\/servo\/waist f 0\.000000$/m, 'the rest pose first');
    assert.match(text, / \/robot\/servo\/waist f 6\.000000$/m, 'waist at 180°/s: 6° a frame');
    assert.match(text, / \/robot\/servo\/l_knee f 13\.333333$/m, 'knee at 200°/s: 6.67° a frame');
    assert.doesNotMatch(text, /terpsi/);
  } finally {
    dump.stop();
    await output.close();
  }
});
