import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Body } from '../../src/core/frames.js';
import { wasm } from '../../src/models/backend.js';
import { loadPoseModel } from '../../src/models/pose/pose-model.js';
import { readVideoFrames, type RgbImage } from '../../src/sources/video-frames.js';
import { personPhoto } from '../helpers/person-photo.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-pose-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const person = join(dir, 'person.png');
before(async () => {
  personPhoto(person);
  await wasm.start();
});

async function firstImage(size: number): Promise<RgbImage> {
  for await (const image of readVideoFrames(person, { size, fps: 30 })) return image;
  throw new Error('no image');
}

/** The body's joints go down the picture in anatomical order, the person's left on the image's right. */
function standing(body: Body, names: { nose: string; shoulder: [string, string]; hip: string; knee: string; ankle: string; wrist: [string, string] }) {
  const j = (n: string) => body.joints[n]!;
  const chain = [names.nose, names.shoulder[0], names.hip, names.knee, names.ankle];
  for (let i = 1; i < chain.length; i++) assert.ok(j(chain[i - 1]!).y > j(chain[i]!).y, `${chain[i - 1]} above ${chain[i]}`);
  assert.ok(j(names.shoulder[0]).x > j(names.shoulder[1]).x, 'her left shoulder on the right of the image');
  assert.ok(j(names.wrist[0]).x > j(names.wrist[1]).x, 'her left wrist on the right of the image');
  for (const n of chain) assert.ok(j(n).confidence > 0.5, `${n} confidence ${j(n).confidence}`);
}

test('MoveNet lightning and multipose: one standing person, coco17 in frame heights', async () => {
  for (const name of ['movenet-lightning', 'movenet-multipose']) {
    const model = await loadPoseModel(name);
    try {
      assert.equal(model.topology, 'coco17');
      const bodies = await model.estimate(await firstImage(model.size));
      assert.equal(bodies.length, 1, name);
      standing(bodies[0]!, { nose: 'nose', shoulder: ['left_shoulder', 'right_shoulder'], hip: 'left_hip', knee: 'left_knee', ankle: 'left_ankle', wrist: ['left_wrist', 'right_wrist'] });
      const { nose, left_ankle: ankle } = bodies[0]!.joints;
      // She fills most of the frame's height: nose to ankle about 0.8 frame heights.
      assert.ok(nose!.y - ankle!.y > 0.6 && nose!.y - ankle!.y < 1, `${name}: nose to ankle ${nose!.y - ankle!.y}`);
      for (const joint of Object.values(bodies[0]!.joints)) assert.equal(joint.z, 0);
    } finally {
      model.dispose();
    }
  }
});

test('BlazePose lite: the same person in metres, nose to ankle about her height', async () => {
  const model = await loadPoseModel('blazepose-lite');
  try {
    assert.equal(model.space, 'world');
    const [body, ...more] = await model.estimate(await firstImage(model.size));
    assert.equal(more.length, 0);
    assert.equal(Object.keys(body!.joints).length, 33);
    standing(body!, { nose: 'nose', shoulder: ['left_shoulder', 'right_shoulder'], hip: 'left_hip', knee: 'left_knee', ankle: 'left_ankle', wrist: ['left_wrist', 'right_wrist'] });
    const height = body!.joints.nose!.y - body!.joints.left_ankle!.y;
    assert.ok(height > 1.1 && height < 1.9, `nose to ankle ${height} m`);
  } finally {
    model.dispose();
  }
});

test('a black frame has no BlazePose body; an unknown model is E_PARAM naming the known ones', async () => {
  const model = await loadPoseModel('blazepose-lite');
  try {
    assert.deepEqual(await model.estimate({ width: 256, height: 144, data: new Uint8Array(256 * 144 * 3) }), []);
    await assert.rejects(model.estimate({ width: 512, height: 144, data: new Uint8Array(512 * 144 * 3) }), /does not fit the model's 256×256/);
  } finally {
    model.dispose();
  }
  await assert.rejects(loadPoseModel('openpose'), (e: unknown) => isTerpsiError(e) && e.code === 'E_PARAM' && e.message.includes('known: movenet-lightning'));
});
