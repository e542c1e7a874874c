import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Body, Frame, Joint, SkeletonFrame } from '../../src/core/frames.js';
import { metres, normalized, seconds } from '../../src/core/units.js';
import { skeletonFilter } from '../../src/movement/skeleton-filter.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';
import { seededRandom } from '../helpers/seeded-random.js';

const joint = (x: number, y: number, z: number, confidence = 0.9): Joint => ({ x: metres(x), y: metres(y), z: metres(z), confidence: normalized(confidence) });

/** A standing body of five COCO joints around (cx, 1, cz). */
function person(id: number, cx: number, cz = 2, confidence = 0.9): Body {
  return {
    id,
    joints: {
      nose: joint(cx, 1.7, cz, confidence),
      left_shoulder: joint(cx + 0.2, 1.4, cz, confidence),
      right_shoulder: joint(cx - 0.2, 1.4, cz, confidence),
      left_hip: joint(cx + 0.1, 0.9, cz, confidence),
      right_hip: joint(cx - 0.1, 0.9, cz, confidence),
    },
  };
}

function frame(t: number, bodies: readonly Body[], source = 'cam'): SkeletonFrame {
  return { kind: 'skeleton', t: seconds(t), source, space: 'camera', topology: 'coco17', bodies };
}

async function run(frames: readonly Frame[], params: Record<string, number> = {}) {
  const ctx = testContext('clean');
  const out = (await through(frames, skeletonFilter.create(skeletonFilter.params.parse(params), ctx))) as SkeletonFrame[];
  return { out, ctx };
}

const ids = (f: SkeletonFrame) => f.bodies.map((b) => b.id);
const byId = (f: SkeletonFrame, id: number) => f.bodies.find((b) => b.id === id);

test('defaults suit joints in metres at 30 fps; unknown fields are refused', () => {
  assert.deepEqual(skeletonFilter.params.parse({}), { minCutoff: 1, beta: 5, dCutoff: 1, minConfidence: 0.3, holdTime: 0.25, maxJump: 0.5 });
  assert.equal(skeletonFilter.params.safeParse({ cutoff: 1 }).success, false);
  assert.equal(skeletonFilter.params.safeParse({ minConfidence: 1.5 }).success, false);
});

test('ids follow the bodies, not their place in the array or their input ids', async () => {
  const frames = Array.from({ length: 30 }, (_, i) => {
    const a = person(i % 3, -0.6 + 0.01 * i);
    const b = person(5 - (i % 3), 0.6 - 0.01 * i);
    return frame(i / 30, i % 2 === 0 ? [a, b] : [b, a]);
  });
  const { out, ctx } = await run(frames);
  assert.equal(out.length, 30);
  out.forEach((f, i) => {
    assert.deepEqual(ids(f), [0, 1], `frame ${i}`);
    const a = byId(f, 0)!.joints.nose!.x;
    const b = byId(f, 1)!.joints.nose!.x;
    assert.ok(Math.abs(a - (-0.6 + 0.01 * i)) < 0.02 && Math.abs(b - (0.6 - 0.01 * i)) < 0.02, `frame ${i}: ${a}, ${b}`);
    assert.equal(f.source, 'clean');
    assert.equal(f.t, frames[i]!.t);
    assert.equal(f.topology, 'coco17');
    assert.equal(f.space, 'camera');
  });
  assert.deepEqual(ctx.reported, []);
});

test('a body jumping more than maxJump gets a new id; the old one is held for holdTime, then forgotten; ids are not reused', async () => {
  const frames: SkeletonFrame[] = [];
  for (let i = 0; i < 5; i++) frames.push(frame(i / 30, [person(0, 0)]));
  for (let i = 5; i < 20; i++) frames.push(frame(i / 30, [person(0, 0.8)]));
  for (let i = 20; i < 30; i++) frames.push(frame(i / 30, []));
  frames.push(frame(30 / 30, [person(0, 0.8)]));
  const { out } = await run(frames);
  assert.deepEqual(out.slice(0, 5).map(ids), Array(5).fill([0]));
  // Last seen at 4/30 s: held while less than 0.25 s old, i.e. up to frame 11 (7/30 s old).
  for (let i = 5; i <= 11; i++) {
    assert.deepEqual(ids(out[i]!), [0, 1], `frame ${i}`);
    const held = byId(out[i]!, 0)!.joints.nose!;
    assert.equal(held.x, 0, 'at its last position');
    assert.ok(Math.abs(held.confidence - 0.9 * (1 - (i - 4) / 30 / 0.25)) < 1e-9, `frame ${i}: confidence ${held.confidence}`);
  }
  for (let i = 12; i < 20; i++) assert.deepEqual(ids(out[i]!), [1], `frame ${i}`);
  // Body 1, last seen at 19/30 s, is held through frame 26 and gone at 27.
  assert.deepEqual(ids(out[26]!), [1]);
  assert.deepEqual(ids(out[27]!), []);
  assert.deepEqual(ids(out[30]!), [2], 'a new id, not 1 again');

  const back = await run([frame(0, [person(0, 0)]), frame(1 / 30, []), frame(2 / 30, []), frame(7 / 30, [person(0, 0.1)]), frame(15 / 30, []), frame(23 / 30, [person(0, 0.1)])]);
  assert.deepEqual(back.out.map(ids), [[0], [0], [0], [0], [], [1]], 'back within holdTime: the same id; after it: a new one');
  const near = await run([frame(0, [person(0, 0)]), frame(1 / 30, [person(0, 0.4)])]);
  assert.deepEqual(near.out.map(ids), [[0], [0]], 'a 0.4 m move keeps its id');
  const tight = await run([frame(0, [person(0, 0)]), frame(1 / 30, [person(0, 0.4)])], { maxJump: 0.3, holdTime: 0 });
  assert.deepEqual(tight.out.map(ids), [[0], [1]], 'beyond a 0.3 m maxJump it does not; with no hold the old one is gone at once');
});

test('a missing, unconfident or NaN joint is held with fading confidence, dropped after holdTime, and starts afresh', async () => {
  const frames: SkeletonFrame[] = [];
  for (let i = 0; i < 25; i++) {
    const body = person(0, 0);
    const joints: Record<string, Joint> = { ...body.joints, left_hip: joint(0.1, 0.9, 2, 0.8) };
    if (i >= 10 && i < 20) delete joints.left_hip;
    if (i >= 13 && i < 16) joints.left_hip = joint(0.1, 0.9, 2, 0.2);
    if (i === 16) joints.left_hip = joint(Number.NaN, 0.9, 2, 0.8);
    if (i >= 20) joints.left_hip = joint(0.3, 0.8, 2.1, 0.8);
    frames.push(frame(i / 30, [{ id: 0, joints }]));
  }
  const { out } = await run(frames);
  for (let i = 0; i < 10; i++) assert.deepEqual(out[i]!.bodies[0]!.joints.left_hip, joint(0.1, 0.9, 2, 0.8), `frame ${i}`);
  // Last seen at 9/30 s: held up to frame 16 (7/30 s old), confidence 0.8 × (1 − age / 0.25).
  for (let i = 10; i <= 16; i++) {
    const held = out[i]!.bodies[0]!.joints.left_hip;
    assert.ok(held, `frame ${i}: held`);
    assert.deepEqual([held.x, held.y, held.z], [0.1, 0.9, 2], `frame ${i}: last position`);
    assert.ok(Math.abs(held.confidence - 0.8 * (1 - (i - 9) / 30 / 0.25)) < 1e-9, `frame ${i}: confidence ${held.confidence}`);
  }
  for (let i = 17; i < 20; i++) assert.equal(out[i]!.bodies[0]!.joints.left_hip, undefined, `frame ${i}: dropped`);
  assert.deepEqual(out[20]!.bodies[0]!.joints.left_hip, joint(0.3, 0.8, 2.1, 0.8), 'back: the first sample passes through its new filter');
  assert.ok(out.every((f) => f.bodies.length === 1 && f.bodies[0]!.id === 0 && f.bodies[0]!.joints.nose!.x === 0));
});

test('garbage never reaches the output: every coordinate finite, every confidence in 0..1', async () => {
  const random = seededRandom(99);
  const bad = () => [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][Math.floor(random() * 3)]!;
  const value = (x: number) => (random() < 0.15 ? bad() : x + (random() - 0.5) * 0.05);
  const frames: Frame[] = [];
  let t = 0;
  for (let i = 0; i < 400; i++) {
    t += [1 / 30, 1 / 30, 1 / 60, 0, -0.1, 0.5][Math.floor(random() * 6)]!;
    const bodies = Array.from({ length: Math.floor(random() * 4) }, (_, b) => {
      const body = person(b, b - 1);
      const joints = Object.fromEntries(
        Object.entries(body.joints).map(([name, j]) => [name, { x: value(j.x), y: value(j.y), z: value(j.z), confidence: random() < 0.1 ? bad() : random() } as Joint]),
      );
      return { id: b, joints };
    });
    frames.push(frame(random() < 0.03 ? Number.NaN : t, bodies));
  }
  const { out, ctx } = await run(frames);
  let latest = Number.NEGATIVE_INFINITY;
  const later = frames.filter((f) => f.t > latest && ((latest = f.t), true));
  assert.equal(out.length, later.length, 'one out per frame later than the one before');
  assert.ok(out.length > 150, `${out.length} frames out`);
  let joints = 0;
  for (const f of out) {
    for (const b of f.bodies) {
      for (const [name, j] of Object.entries(b.joints)) {
        joints++;
        assert.ok([j.x, j.y, j.z].every(Number.isFinite) && j.confidence >= 0 && j.confidence <= 1, `${f.t} body ${b.id} ${name}: ${JSON.stringify(j)}`);
      }
    }
  }
  assert.ok(joints > 1000, `${joints} joints out`);
  assert.deepEqual(ctx.reported, []);

  const nothing = { id: 0, joints: { nose: joint(Number.NaN, 1, 2), left_hip: joint(0, Number.POSITIVE_INFINITY, 2) } };
  const empty = await run([frame(0, [nothing]), frame(1 / 30, [person(4, 0)])]);
  assert.deepEqual(empty.out.map(ids), [[], [0]], 'a body with nothing usable gets no id');
});

test('jitter on still joints is cut to under half, while a steady 1 m/s walk trails by under 2 cm', async () => {
  const random = seededRandom(5);
  const frames: SkeletonFrame[] = [];
  const truth: number[] = [];
  for (let i = 0; i < 150; i++) {
    const cx = i < 90 ? 0 : (i - 89) / 30;
    truth.push(cx);
    const body = person(0, cx);
    const joints = Object.fromEntries(Object.entries(body.joints).map(([name, j]) => [name, joint(j.x + (random() - 0.5) * 0.02, j.y + (random() - 0.5) * 0.02, j.z, 0.9)]));
    frames.push(frame(i / 30, [{ id: 0, joints }]));
  }
  const { out } = await run(frames);
  let raw = 0;
  let filtered = 0;
  for (let i = 30; i < 90; i++) {
    raw += (frames[i]!.bodies[0]!.joints.nose!.x - 0) ** 2;
    filtered += (out[i]!.bodies[0]!.joints.nose!.x - 0) ** 2;
  }
  const ratio = Math.sqrt(filtered / raw);
  assert.ok(ratio < 0.5, `jitter kept ${ratio}`);
  const lag = truth[149]! - out[149]!.bodies[0]!.joints.nose!.x;
  assert.ok(Math.abs(lag) < 0.02, `lag ${lag} m`);
});

test('other kinds are not passed on; a frame not later than its source\'s last is dropped; sources are followed apart, ids unique', async () => {
  const frames: Frame[] = [
    frame(0, [person(0, 0)], 'left'),
    { kind: 'control', t: seconds(0), source: 'level', name: 'level', values: [1] },
    frame(0, [person(0, 0)], 'right'),
    { ...frame(1 / 30, [person(0, 0)], 'left'), rx: seconds(0.05) },
    frame(1 / 30, [person(0, 3)], 'left'),
    frame(0, [person(0, 0)], 'right'),
    frame(2 / 30, [person(0, 0)], 'right'),
  ];
  const { out, ctx } = await run(frames);
  assert.deepEqual(out.map((f) => [f.kind, f.t, ids(f)]), [
    ['skeleton', 0, [0]],
    ['skeleton', 0, [1]],
    ['skeleton', 1 / 30, [0]],
    ['skeleton', 2 / 30, [1]],
  ]);
  assert.equal(out[2]!.rx, 0.05, 'the arrival time is carried');
  const text = ctx.lines.join('\n');
  assert.match(text, /dropped a skeleton frame from left at t = 0\.0333\d* s: not later than the one before/);
  assert.match(text, /dropped a skeleton frame from right at t = 0 s/);
});
