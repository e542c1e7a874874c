import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { virtualClock } from '../../src/core/clock.js';
import type { Body, Frame, Joint, LmaFrame, SkeletonFrame } from '../../src/core/frames.js';
import { metres, normalized, seconds } from '../../src/core/units.js';
import { lma } from '../../src/movement/lma.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';
import { seededRandom } from '../helpers/seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-lma-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A preset weighting one joint only, so that efforts are that joint's. */
writeFileSync(
  join(dir, 'wrist.yaml'),
  'kind: lma\nname: wrist\ndescription: the left wrist alone\njoints: { WristLeft: 1 }\nranges: { weight: [0, 4], time: [0, 10], space: [1, 5], flow: [0, 100], shape: [0, 10] }\n',
);

const kinect2 =
  'SpineBase SpineMid Neck Head ShoulderLeft ElbowLeft WristLeft HandLeft ShoulderRight ElbowRight WristRight HandRight HipLeft KneeLeft AnkleLeft FootLeft HipRight KneeRight AnkleRight FootRight SpineShoulder HandTipLeft ThumbLeft HandTipRight ThumbRight'.split(
    ' ',
  );

type Point = readonly [number, number, number];

const joint = ([x, y, z]: Point, confidence = 1): Joint => ({ x: metres(x), y: metres(y), z: metres(z), confidence: normalized(confidence) });

/** A kinect2 body whose every joint sits at its own rest place moved by `offset`. */
function wholeBody(id: number, offset: Point): Body {
  const joints: Record<string, Joint> = {};
  kinect2.forEach((name, j) => (joints[name] = joint([0.1 * j + offset[0], 1 + offset[1], 2 + offset[2]])));
  return { id, joints };
}

/** A body with the left wrist at `p` and nothing else. */
const wrist = (id: number, p: Point): Body => ({ id, joints: { WristLeft: joint(p) } });

function skeleton(t: number, bodies: readonly Body[], topology = 'kinect2'): SkeletonFrame {
  return { kind: 'skeleton', t: seconds(t), source: 'kinect', space: 'camera', topology, bodies };
}

/** Frames at `fps` for `duration` seconds, bodies from the time. */
function recording(duration: number, fps: number, bodies: (t: number) => readonly Body[]): SkeletonFrame[] {
  return Array.from({ length: Math.round(duration * fps) }, (_, i) => skeleton(i / fps, bodies(i / fps)));
}

const circle = (r: number, f: number) => (t: number): Point => [r * Math.cos(2 * Math.PI * f * t), r * Math.sin(2 * Math.PI * f * t), 0];

async function run(frames: readonly Frame[], fields: Record<string, unknown> = {}) {
  const ctx = testContext('lma', { dir, clock: virtualClock() });
  const out = (await through(frames, lma.create(lma.params.parse(fields), ctx))) as LmaFrame[];
  return { out, ctx };
}

/** Mean of one raw effort over the frames of a body after `from` seconds (the window full and the filter settled). */
function settled(out: readonly LmaFrame[], effort: keyof LmaFrame['raw'], from = 1.5, body = 0): number {
  const values = out.filter((f) => f.body === body && f.t >= from).map((f) => f.raw[effort]);
  assert.ok(values.length > 0, `no frames of body ${body} after ${from} s`);
  return values.reduce((s, v) => s + v, 0) / values.length;
}

const within = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual}, expected ${expected} ± ${relative * 100} %`);

test('defaults; one lma frame per body at 10 Hz on frame times; a whole body on a circle: Shape ≈ Σα/r, Weight (rω)², Time rω²', async () => {
  assert.deepEqual(lma.params.parse({}), { preset: 'default', window: 1, rate: 10, lowPass: 3 });
  const r = 0.3;
  const f = 0.5;
  const frames = recording(4, 30, (t) => [wholeBody(0, circle(r, f)(t))]);
  const { out, ctx } = await run(frames);
  assert.ok(out.length >= 37 && out.length <= 40, `${out.length} frames in 4 s`);
  for (const [i, frame] of out.entries()) {
    assert.equal(frame.kind, 'lma');
    assert.equal(frame.source, 'lma');
    assert.equal(frame.body, 0);
    assert.ok(frames.some((input) => input.t === frame.t), 'the time of an input frame');
    if (i > 0) within(frame.t - out[i - 1]!.t, 0.1, 1e-6, 'period');
    for (const v of Object.values(frame.normalized)) assert.ok(v >= 0 && v <= 1);
  }
  const w = 2 * Math.PI * f;
  // The default preset weights 15 joints 1/15 each: Σα = 1.
  within(settled(out, 'shape'), 1 / r, 0.03, 'shape');
  within(settled(out, 'weight'), (r * w) ** 2, 0.03, 'weight');
  within(settled(out, 'time'), r * w * w, 0.03, 'time');
  // Jerk is differenced three times, one-sidedly at the window's ends, where it comes out low.
  within(settled(out, 'flow'), r * w ** 3, 0.1, 'flow');
  const last = out.at(-1)!;
  within(last.normalized.shape, last.raw.shape / 10, 1e-9, 'shape over its range 0..10');
  assert.deepEqual(ctx.reported, []);
  assert.deepEqual(ctx.lines, []);
});

test('a joint moving fast gives higher Weight and Time than the same movement slow', async () => {
  const slow = (await run(recording(4, 30, (t) => [wrist(0, circle(0.3, 0.5)(t))]), { preset: 'wrist.yaml' })).out;
  const fast = (await run(recording(4, 30, (t) => [wrist(0, circle(0.3, 1)(t))]), { preset: 'wrist.yaml' })).out;
  // Twice the frequency: four times the squared speed and the acceleration.
  within(settled(fast, 'weight') / settled(slow, 'weight'), 4, 0.05, 'weight ratio');
  within(settled(fast, 'time') / settled(slow, 'time'), 4, 0.05, 'time ratio');
  assert.ok(fast.at(-1)!.normalized.weight > slow.at(-1)!.normalized.weight);
  // Same circle: Shape does not care about speed.
  within(settled(fast, 'shape'), settled(slow, 'shape'), 0.03, 'shape');
});

test('Space: a straight path is 1, a wandering one well above', async () => {
  const straight = (await run(recording(3, 30, (t) => [wrist(0, [0.5 * t, 0.2 * t, 1])]), { preset: 'wrist.yaml' })).out;
  for (const f of straight.filter((f) => f.t >= 0.5)) within(f.raw.space, 1, 1e-9, `space at ${f.t}`);
  const wandering = (await run(recording(3, 30, (t) => [wrist(0, [0.5 * t, 0.2 * Math.sin(3 * Math.PI * t), 1])]), { preset: 'wrist.yaml' })).out;
  assert.ok(settled(wandering, 'space') > 1.8, `wandering space ${settled(wandering, 'space')}`);
});

test('Flow: a triangle wave (sudden reversals) is jerkier than a sine of the same size and rate', async () => {
  const triangle = (t: number) => 0.3 * (2 / Math.PI) * Math.asin(Math.sin(2 * Math.PI * t));
  const smooth = (await run(recording(4, 30, (t) => [wrist(0, [0.3 * Math.sin(2 * Math.PI * t), 1, 2])]), { preset: 'wrist.yaml' })).out;
  const jerky = (await run(recording(4, 30, (t) => [wrist(0, [triangle(t), 1, 2])]), { preset: 'wrist.yaml' })).out;
  const ratio = settled(jerky, 'flow') / settled(smooth, 'flow');
  assert.ok(ratio > 1.5, `flow ratio ${ratio}`);
});

test('irregular frame times: resampled onto a grid, the circle keeps its Shape; 15 fps and 60 fps agree', async () => {
  const random = seededRandom(11);
  const times: number[] = [];
  // 30 fps with ±6 ms jitter and one frame in eight lost.
  for (let i = 0; i < 150; i++) if (random() > 0.125) times.push(i / 30 + (random() - 0.5) * 0.012);
  const path = circle(0.25, 0.75);
  const jittered = (await run(times.map((t) => skeleton(t, [wrist(0, path(t))])), { preset: 'wrist.yaml' })).out;
  within(settled(jittered, 'shape'), 4, 0.05, 'shape');
  const at = async (fps: number) => (await run(recording(5, fps, (t) => [wrist(0, path(t))]), { preset: 'wrist.yaml' })).out;
  const [at15, at30, at60] = [await at(15), await at(30), await at(60)];
  for (const effort of ['weight', 'time', 'shape'] as const) {
    within(settled(at30, effort), settled(at60, effort), 0.03, `${effort} at 30 fps`);
    // Weight is a maximum, and at 15 fps the one-sided differences at the window's ends overshoot by (ωh)²/3 ≈ 3 % in speed.
    within(settled(at15, effort), settled(at60, effort), 0.08, `${effort} at 15 fps`);
  }
});

test('a short gap is bridged by interpolation; a body gone longer than the window is forgotten and starts afresh', async () => {
  // The wrist creeps along x at 0.1 m/s and is not seen for 0.3 s; when it comes back it has moved 3 cm.
  const frames = recording(3, 30, (t) => (t > 1.2 && t < 1.5 ? [{ id: 0, joints: {} }] : [wrist(0, [0.1 * t, 1, 2])]));
  const bridged = (await run(frames, { preset: 'wrist.yaml' })).out;
  assert.ok(Math.max(...bridged.map((f) => f.raw.weight)) < 0.02, 'no spike of speed when the joint returns');
  // Still at x = 0, gone for 2 s, back still at x = 5 m: nothing links the two.
  const away = recording(5, 30, (t) => (t < 1.5 ? [wrist(3, [0, 1, 2])] : t < 3.5 ? [] : [wrist(3, [5, 1, 2])]));
  const { out } = await run(away, { preset: 'wrist.yaml' });
  assert.ok(out.length > 20);
  assert.ok(!out.some((f) => f.t >= 1.5 && f.t < 3.5), 'nothing while the body is away');
  assert.ok(out.every((f) => f.body === 3 && f.raw.weight < 1e-12 && f.raw.space === 1), 'still before, still after');
});

test('missing joints, NaN, confidence 0, many bodies and a foreign topology: never NaN, one warning', async () => {
  const random = seededRandom(5);
  const frames: Frame[] = [];
  for (let i = 0; i < 240; i++) {
    const t = i / 30;
    const bodies = [0, 1, 2]
      .filter((id) => random() > 0.1 * id)
      .map((id) => {
        const body = wholeBody(id, circle(0.2 + 0.1 * id, 0.5 + id)(t));
        const joints: Record<string, Joint> = {};
        for (const [name, j] of Object.entries(body.joints)) {
          const roll = random();
          if (roll < 0.1) continue;
          joints[name] = roll < 0.15 ? { ...j, x: metres(Number.NaN) } : roll < 0.2 ? { ...j, z: metres(Number.POSITIVE_INFINITY) } : roll < 0.25 ? { ...j, confidence: normalized(0) } : j;
        }
        return { id, joints };
      });
    frames.push(skeleton(t, bodies));
    frames.push(skeleton(t, [{ id: 9, joints: { wrist: joint([0, 0, 0]), thumb_tip: joint([t, 0, 0]) } }], 'hand21'));
    if (i % 50 === 0) frames.push({ kind: 'control', t: seconds(t), source: 'fader', name: 'fader', values: [1] });
  }
  const { out, ctx } = await run(frames);
  assert.deepEqual([...new Set(out.map((f) => f.body))].sort(), [0, 1, 2]);
  assert.ok(out.length > 3 * 60, `${out.length} frames`);
  for (const f of out) {
    for (const v of Object.values(f.raw)) assert.ok(Number.isFinite(v), JSON.stringify(f.raw));
    for (const v of Object.values(f.normalized)) assert.ok(v >= 0 && v <= 1, JSON.stringify(f.normalized));
  }
  const warnings = ctx.lines.filter((l) => l.startsWith('[warn]'));
  assert.equal(warnings.length, 1, ctx.lines.join('\n'));
  assert.match(warnings[0]!, /skeleton topology "hand21" has none of the joints preset "default" weights \(SpineBase, .*\); its frames are ignored/);
  assert.deepEqual(ctx.reported, []);
});

test('bodies of another known topology are mapped onto kinect2 joints first', async () => {
  const track = (t: number) => joint(circle(0.3, 0.5)(t));
  const coco = recording(2, 30, (t) => [{ id: 0, joints: { left_wrist: track(t) } }]).map((f) => ({ ...f, topology: 'coco17' }));
  const kinect = recording(2, 30, (t) => [{ id: 0, joints: { WristLeft: track(t) } }]);
  const [a, b] = [(await run(coco)).out, (await run(kinect)).out];
  assert.ok(a.length > 10);
  assert.deepEqual(a.map((f) => f.raw), b.map((f) => f.raw));
  assert.ok(a[a.length - 1]!.raw.weight > 0);
});

test('a topology with some of the preset joints is used, with one notice naming those it lacks', async () => {
  const frames = recording(2, 30, (t) => [{ id: 0, joints: { WristLeft: joint(circle(0.3, 0.5)(t)), Head: joint([0, 1.7, 2]), Nose: joint([0, 1.6, 2]) } }]);
  frames.forEach((f, i) => ((frames[i] as { topology: string }).topology = 'partial'));
  const { out, ctx } = await run(frames);
  assert.ok(out.length > 10);
  assert.equal(ctx.lines.length, 1, ctx.lines.join('\n'));
  assert.match(ctx.lines[0]!, /^\[info\] lma: skeleton topology "partial" lacks SpineBase, SpineMid, ShoulderLeft, .* of preset "default": they add nothing$/);
  // Only the wrist of 15 evenly weighted joints moves on the circle: Shape ≈ (1/15)/r.
  within(settled(out, 'shape'), 1 / 15 / 0.3, 0.05, 'shape');
});

test('late, repeated and timeless frames are dropped and logged; the rest go on', async () => {
  const clean: Frame[] = recording(2, 30, (t) => [wrist(0, circle(0.3, 0.5)(t))]);
  const frames = [...clean];
  frames.splice(20, 0, skeleton(0.2, [wrist(0, [9, 9, 9])]), skeleton(Number.NaN, [wrist(0, [9, 9, 9])]), skeleton(clean[19]!.t, [wrist(0, [9, 9, 9])]));
  const { out, ctx } = await run(frames, { preset: 'wrist.yaml' });
  assert.ok(ctx.lines.some((l) => /dropped body 0 at t = 0\.2 s: not later than its frame before/.test(l)), ctx.lines.join('\n'));
  assert.ok(ctx.lines.some((l) => /time is not finite/.test(l)), ctx.lines.join('\n'));
  assert.ok(out.length >= 17);
  assert.deepEqual(out, (await run(clean, { preset: 'wrist.yaml' })).out, 'the 9 m jumps never reached the window');
});

test('a preset that cannot be loaded fails at create with its coded error', () => {
  assert.throws(() => lma.create(lma.params.parse({ preset: 'nonesuch' }), testContext('lma', { dir })), /no LMA preset named "nonesuch"/);
  assert.throws(() => lma.params.parse({ window: 0 }));
  assert.throws(() => lma.params.parse({ lowPass: 3, extra: 1 }));
});
