import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virtualClock } from '../../../src/core/clock.js';
import type { AudioFrame, Frame, Joint } from '../../../src/core/frames.js';
import { createLog } from '../../../src/core/log.js';
import { packageRoot } from '../../../src/core/paths.js';
import { metres, normalized, seconds } from '../../../src/core/units.js';
import '../../../src/patch/register-all.js';
import { sonify } from '../../../src/models/sonify/sonify-node.js';
import { skeletonTopology } from '../../../src/movement/skeleton-topology.js';
import { testContext } from '../../helpers/context.js';
import { through } from '../../helpers/frames.js';

const joints = skeletonTopology('kinect2').joints;

/** Body 0 at time t, its joints circling; some joints NaN or at confidence 0 now and then. */
function frame(t: number): Frame {
  const out: Record<string, Joint> = {};
  joints.forEach((name, j) => {
    const phase = 2 * Math.PI * 0.7 * t + j;
    const broken = (j + Math.floor(t * 30)) % 11 === 0;
    out[name] = {
      x: metres(broken ? Number.NaN : 0.1 * j + 0.3 * Math.cos(phase)),
      y: metres(1 + 0.02 * j + 0.3 * Math.sin(phase)),
      z: metres(2),
      confidence: normalized((j + Math.floor(t * 30)) % 13 === 0 ? 0 : 1),
    };
  });
  return { kind: 'skeleton', t: seconds(t), source: 'kinect', space: 'camera', topology: 'kinect2', bodies: [{ id: 0, joints: out }] };
}

test('NaN joints, dropped joints, irregular frames and a two-second gap: the sound stays finite and goes on', async () => {
  await sonify.prepare!(createLog({ clock: virtualClock(), level: 'warn' }));
  const frames: Frame[] = [];
  // 9 s at an irregular 20–40 fps, nothing for 2 s, then 5 s more.
  for (let t = 0, k = 0; t < 16; k++) {
    if (t < 9 || t > 11) frames.push(frame(t));
    t += 1 / (20 + 20 * ((k * 7919) % 13) / 13);
  }
  const ctx = testContext('sonify', { clock: virtualClock(), dir: packageRoot });
  const out = (await through(frames, sonify.create(sonify.params.parse({}), ctx))) as AudioFrame[];
  assert.deepEqual(ctx.reported, []);
  assert.ok(out.length > 5, `${out.length} fragments`);
  for (const f of out) assert.ok(f.samples.every((v) => Number.isFinite(v) && Math.abs(v) <= 1), `fragment at ${f.t} s`);
  // Sound for the movement after the gap too, stamped with its movement time.
  assert.ok(out.some((f) => f.t > 11), 'fragments after the gap');
  for (let i = 1; i < out.length; i++) assert.equal(out[i]!.index, out[i - 1]!.index + out[i - 1]!.samples.length, 'samples counted without gaps');
});
