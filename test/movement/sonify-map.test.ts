import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Body, ControlFrame, Frame, LmaFrame, SkeletonFrame } from '../../src/core/frames.js';
import { metres, normalized, seconds } from '../../src/core/units.js';
import { sonifyMap } from '../../src/movement/sonify-map.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-sonify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function preset(file: string, controls: string): string {
  writeFileSync(join(dir, file), `kind: sonify\nname: test\ndescription: a test mapping\ncontrols:\n${controls}\n`);
  return file;
}

async function run(frames: readonly Frame[], presetFile: string) {
  const ctx = testContext('sound', { dir, clock: virtualClock() });
  const out = (await through(frames, sonifyMap.create(sonifyMap.params.parse({ preset: presetFile }), ctx))) as ControlFrame[];
  return { out, ctx };
}

const efforts = (weight: number) => ({ weight, time: 0.25, space: 0, flow: 1, shape: 0.5 });
const lmaFrame = (t: number, body: number, weight: number): LmaFrame => ({ kind: 'lma', t: seconds(t), source: 'lma', body, raw: efforts(weight * 4), normalized: efforts(weight) });

const joint = (x: number, y: number, z: number, confidence = 1) => ({ x: metres(x), y: metres(y), z: metres(z), confidence: normalized(confidence) });
const skeleton = (t: number, bodies: Body[], topology = 'kinect2'): SkeletonFrame => ({ kind: 'skeleton', t: seconds(t), source: 'kinect', space: 'camera', topology, bodies });

const values = (out: readonly ControlFrame[], name: string) => out.filter((f) => f.name === name).map((f) => f.values[0]!);

test('every shipped preset loads', () => {
  for (const name of ['supercollider', 'max', 'puredata', 'midi-cc']) {
    assert.doesNotThrow(() => sonifyMap.create(sonifyMap.params.parse({ preset: name }), testContext('sound')), name);
  }
});

test('efforts through range and curve: linear and exponential, clamped, named <prefix>/<body>/<control>', async () => {
  const file = preset('curves.yaml', '  amp: { from: weight, to: [0, 0.3] }\n  freq: { from: flow, range: [0, 2], to: [110, 880], curve: exp }\n  time: { from: time }');
  const { out } = await run([lmaFrame(0, 0, 0.5), lmaFrame(0.1, 3, 2)], file);
  assert.deepEqual(
    out.map((f) => [f.name, f.source]),
    [
      ['sonify/0/amp', 'sound'],
      ['sonify/0/freq', 'sound'],
      ['sonify/0/time', 'sound'],
      ['sonify/3/amp', 'sound'],
      ['sonify/3/freq', 'sound'],
      ['sonify/3/time', 'sound'],
    ],
  );
  assert.ok(Math.abs(values(out, 'sonify/0/amp')[0]! - 0.15) < 1e-12);
  assert.ok(Math.abs(values(out, 'sonify/0/freq')[0]! - Math.sqrt(110 * 880)) < 1e-9, 'flow 1 is halfway up [0, 2]: the geometric mean');
  assert.deepEqual(values(out, 'sonify/3/amp'), [0.3], 'weight 2 is clamped to the top of the range');
  assert.deepEqual(values(out, 'sonify/0/time'), [0.25]);
});

test('smoothing is a one-pole on frame time: a step reaches 1 − 1/e after one time constant, whatever the frame rate', async () => {
  const file = preset('smooth.yaml', '  amp: { from: weight, smooth: 0.5 }');
  for (const rate of [10, 30]) {
    const frames = [lmaFrame(0, 0, 0), ...Array.from({ length: rate }, (_, i) => lmaFrame((i + 1) / rate, 0, 1))];
    const { out } = await run(frames, file);
    const amp = values(out, 'sonify/0/amp');
    const afterHalfSecond = amp[rate / 2]!;
    assert.ok(Math.abs(afterHalfSecond - (1 - Math.exp(-1))) < 1e-9, `${rate} Hz: ${afterHalfSecond}`);
  }
});

test('joint features: height above the pelvis, position, and speed between frames; other topologies mapped first', async () => {
  const file = preset('joints.yaml', '  hand: { from: height:HandRight, range: [0, 1] }\n  side: { from: x:SpineBase, range: [-1, 1], to: [-1, 1] }\n  fast: { from: speed:HandRight, range: [0, 2] }');
  const body = (t: number): Body => ({ id: 2, joints: { SpineBase: joint(0.5, 0.9, 2), HandRight: joint(0.3 + t, 1.5, 2) } });
  const { out } = await run([skeleton(0, [body(0)]), skeleton(0.1, [body(0.1)])], file);
  assert.ok(values(out, 'sonify/2/hand').every((v) => Math.abs(v - 0.6) < 1e-9));
  assert.deepEqual(values(out, 'sonify/2/side'), [0.5, 0.5]);
  const fast = values(out, 'sonify/2/fast');
  assert.equal(fast.length, 1, 'no speed before a second frame');
  assert.ok(Math.abs(fast[0]! - 0.5) < 1e-9, `1 m/s over [0, 2] is 0.5, got ${fast[0]}`);

  const coco: Body = { id: 0, joints: { left_hip: joint(-0.1, 0.9, 2), right_hip: joint(0.1, 0.9, 2), right_wrist: joint(0.3, 1.4, 2) } };
  const mapped = await run([skeleton(0, [coco], 'coco17')], preset('wrist.yaml', '  hand: { from: height:WristRight, range: [0, 1] }'));
  assert.ok(Math.abs(values(mapped.out, 'sonify/0/hand')[0]! - 0.5) < 1e-9, 'WristRight from right_wrist, SpineBase from the hips');
});

test('missing, unconfident or NaN joints and NaN efforts send nothing; the control holds', async () => {
  const file = preset('holes.yaml', '  hand: { from: y:HandRight, range: [0, 2] }\n  amp: { from: weight }');
  const frames: Frame[] = [
    skeleton(0, [{ id: 0, joints: { HandRight: joint(0, 1, 2) } }]),
    skeleton(0.1, [{ id: 0, joints: { HandRight: joint(Number.NaN, Number.NaN, 2) } }]),
    skeleton(0.2, [{ id: 0, joints: { HandRight: joint(0, 1.5, 2, 0) } }]),
    skeleton(0.3, [{ id: 0, joints: {} }]),
    lmaFrame(0.4, 0, Number.NaN),
  ];
  const { out, ctx } = await run(frames, file);
  assert.deepEqual(out.map((f) => [f.name, f.values[0]]), [['sonify/0/hand', 0.5]]);
  assert.deepEqual(ctx.reported, []);
});

test('a broken preset is E_PATCH_INVALID naming the file and field; an unknown name is E_FILE_UNREADABLE', () => {
  const broken: [string, string, RegExp][] = [
    ['no-range.yaml', '  hand: { from: y:HandRight }', /controls\.hand\.range: a joint feature needs a range/],
    ['bad-joint.yaml', '  hand: { from: y:Hand, range: [0, 1] }', /controls\.hand\.from: expected weight, time, space, flow, shape, or x:/],
    ['bad-exp.yaml', '  f: { from: weight, to: [0, 880], curve: exp }', /controls\.f\.to: an exp curve needs both ends/],
    ['bad-range.yaml', '  f: { from: weight, range: [1, 0] }', /controls\.f\.range: expected \[low, high\]/],
  ];
  for (const [file, controls, pattern] of broken) {
    preset(file, controls);
    assert.throws(
      () => sonifyMap.create(sonifyMap.params.parse({ preset: file }), testContext('sound', { dir })),
      (e: unknown) => isTerpsiError(e) && e.code === 'E_PATCH_INVALID' && e.message.startsWith(join(dir, file)) && pattern.test(e.message),
      file,
    );
  }
  assert.throws(
    () => sonifyMap.create(sonifyMap.params.parse({ preset: 'nonesuch' }), testContext('sound')),
    (e: unknown) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && /no sonify preset named "nonesuch"/.test(e.message),
  );
});
