import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ControlFrame, MotionFrame } from '../../src/core/frames.js';
import { seconds } from '../../src/core/units.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { proceduralDancer } from '../../src/movement/procedural-dancer.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';

const control = (name: string, t: number, values: number[]): ControlFrame => ({ kind: 'control', name, t: seconds(t), source: name, values });

test('one motion frame per onset frame, unit quaternions, moving with the envelope', async () => {
  const frames = [control('level', 0, [0.2, 0.5])];
  for (let i = 0; i < 60; i++) frames.push(control('onset', i / 30, [0.5, i % 15 === 0 ? 1 : 0, Math.exp(-(i % 15) / 5)]));
  const ctx = testContext('dancer', { tunables: proceduralDancer.tunables! });
  const out = (await through(frames, proceduralDancer.create({ dancer: 3 }, ctx))) as MotionFrame[];
  assert.equal(out.length, 60);
  for (const f of out) {
    assert.equal(f.dancer, 3);
    assert.equal(f.rotations.length, danceJoints.length * 4);
    for (let j = 0; j < danceJoints.length; j++) {
      const q = f.rotations.subarray(j * 4, j * 4 + 4);
      assert.ok(Math.abs(Math.hypot(...q) - 1) < 1e-6, `joint ${danceJoints[j]} is a unit quaternion`);
    }
  }
  const head = (f: MotionFrame) => f.rotations[4 * 4 + 1]!;
  assert.ok(head(out[0]!) > head(out[10]!), 'the head nods on the onset and settles as the envelope decays');
  assert.notDeepEqual(out[5]!.root, out[25]!.root, 'the root sways');

  ctx.tunable('amplitude').set(0);
  const still = (await through(frames, proceduralDancer.create({ dancer: 0 }, ctx))) as MotionFrame[];
  assert.equal(head(still[0]!), 0, 'amplitude 0 stops the nod');
});
