import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import osc from 'osc';
import { realClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame, SkeletonFrame } from '../../src/core/frames.js';
import { seconds } from '../../src/core/units.js';
import { skeletonTopology } from '../../src/movement/skeleton-topology.js';
import { oscSkeleton } from '../../src/sources/osc-skeleton.js';
import { testContext } from '../helpers/context.js';
import { listeningPort, oscsend, udpSender, waitFor } from '../helpers/osc-peer.js';

const wall = realClock();
const sender = udpSender();
const cleanups: (() => void)[] = [() => sender.close()];
after(() => cleanups.forEach((c) => c()));

type Arg = number | string;
const encode = (address: string, ...args: Arg[]) =>
  osc.writePacket({ address, args: args.map((value) => (typeof value === 'string' ? { type: 's', value } : { type: 'f', value })) }, { metadata: true });
const bundle = (...messages: [string, ...Arg[]][]) =>
  osc.writePacket(
    { timeTag: { raw: [0, 1] }, packets: messages.map(([address, ...args]) => ({ address, args: args.map((value) => (typeof value === 'string' ? { type: 's', value } : { type: 'f', value })) })) },
    { metadata: true },
  );

/** Starts an osc-skeleton source on an ephemeral loopback port; its frames are collected. */
async function listen(fields: Record<string, unknown>) {
  const ctx = testContext('bodies');
  const frames: SkeletonFrame[] = [];
  const subscription = oscSkeleton.create(oscSkeleton.params.parse({ port: 0, ...fields }), ctx).subscribe((f: Frame) => frames.push(f as SkeletonFrame));
  cleanups.push(() => subscription.unsubscribe());
  const port = await listeningPort(ctx.lines);
  return { ctx, frames, port };
}

// Kinect tracking ids run past 2^53: as numbers these two would be the same.
const kinectIds = ['72057594037931101', '72057594037931102'];

test('KinectV2-OSC: a message per joint and datagram; the joints of both bodies make one frame', async () => {
  const { frames, port } = await listen({ layout: 'kinectv2-osc' });
  const joints = skeletonTopology('kinect2').joints;
  const position = (frame: number, body: number, j: number) => [frame + j / 100, body + 1, 2 + j / 1000];
  for (const frame of [0, 1]) {
    for (const [b, id] of kinectIds.entries()) {
      for (const [j, name] of joints.entries()) {
        const state = j === 3 ? 'Inferred' : j === 4 ? 'NotTracked' : 'Tracked';
        await sender.send(port, encode(`/bodies/${id}/joints/${name}`, ...position(frame, b, j), state));
      }
      await sender.send(port, encode(`/bodies/${id}/hands/Left`, 'Open', 'High'));
    }
  }
  await waitFor('two frames', () => (frames.length >= 2 ? true : undefined));
  assert.equal(frames.length, 2);
  for (const [k, frame] of frames.entries()) {
    assert.equal(frame.topology, 'kinect2');
    assert.equal(frame.space, 'camera');
    assert.equal(frame.source, 'bodies');
    assert.deepEqual(frame.bodies.map((b) => b.id), [0, 1]);
    for (const body of frame.bodies) {
      assert.deepEqual(Object.keys(body.joints), [...joints]);
      for (const [j, name] of joints.entries()) {
        const joint = body.joints[name]!;
        const expected = position(k, body.id, j).map(Math.fround);
        assert.deepEqual([joint.x, joint.y, joint.z], expected, `frame ${k} body ${body.id} ${name}`);
        assert.equal(joint.confidence, j === 3 ? 0.5 : j === 4 ? 0 : 1);
      }
    }
  }
  assert.ok(frames[1]!.t > frames[0]!.t);
});

test('OSCeleton from liblo: /joint name user x y z and the Quartz Composer form, scaled to metres', async () => {
  const { frames, port } = await listen({ layout: 'osceleton', scale: 0.001 });
  await oscsend(port, '/joint', 'sifff', 'l_hand', '3', '100', '1200', '2500');
  const [first] = await waitFor('a frame', () => (frames.length >= 1 ? frames : undefined));
  assert.equal(first!.topology, 'openni15');
  assert.deepEqual(first!.bodies, [{ id: 0, joints: { l_hand: { x: 0.1, y: 1.2, z: 2.5, confidence: 1 } } }]);
  await oscsend(port, '/joint/r_knee/3', 'fff', '-200', '500', '2000');
  await oscsend(port, '/joint', 'sifff', 'r_collar', '3', '1', '1', '1');
  await oscsend(port, '/new_user', 'i', '4');
  await waitFor('a second frame', () => (frames.length >= 2 ? true : undefined));
  assert.deepEqual(frames[1]!.bodies, [{ id: 0, joints: { r_knee: { x: -0.2, y: 0.5, z: 2, confidence: 1 } } }]);
  await wall.sleepUntil(seconds(wall.now() + 0.05));
  assert.equal(frames.length, 2, 'joints NITE does not track and user events make no frame');
});

test('NI mate: /Joint for the first user, /Joint_<n> for the others, a frame at each /NI_mate_sync', async () => {
  const { frames, port } = await listen({ layout: 'ni-mate', frameGap: 0.1 });
  await sender.send(port, bundle(['/Head', 0.1, 1.6, 2], ['/Left_Hand_2', 0.5, 1, 2.5], ['/NI_mate_sync']));
  await sender.send(port, bundle(['/Head', 0.2, 1.6, 2], ['/Left_Hand_2', 0.6, 1, 2.5], ['/Right_Foot_2', 0.6, 0, 2.5], ['/NI_mate_sync']));
  await waitFor('two frames', () => (frames.length >= 2 ? true : undefined));
  assert.deepEqual(
    frames.map((f) => f.bodies.map((b) => [b.id, Object.keys(b.joints)])),
    [
      [[0, ['head']], [1, ['l_hand']]],
      [[0, ['head']], [1, ['l_hand', 'r_foot']]],
    ],
  );
  assert.equal(frames[1]!.bodies[0]!.joints.head!.x, Math.fround(0.2));
});

test('bad messages are reported and dropped alone; the frame around them still comes, NaN passed on', async () => {
  const { ctx, frames, port } = await listen({ layout: 'kinectv2-osc' });
  await sender.send(port, new Uint8Array([0x2f, 0x62, 0x61, 0x64])); // "/bad" with no terminator
  await sender.send(port, encode('/bodies/1/joints/Elbow', 1, 2, 3, 'Tracked'));
  await sender.send(port, encode('/bodies/1/joints/Head', 1, 2));
  await sender.send(port, encode('/bodies/1/joints/Neck', 1, 2, 3, 'Lost'));
  await sender.send(port, encode('/bodies/1/joints/SpineBase', Number.NaN, 1, 2, 'Tracked'));
  await sender.send(port, encode('/bodies/1/joints/SpineMid', 0, 1.2, 2, 'Tracked'));
  await waitFor('a frame', () => (frames.length >= 1 ? true : undefined));
  assert.deepEqual(Object.keys(frames[0]!.bodies[0]!.joints), ['SpineBase', 'SpineMid']);
  assert.ok(Number.isNaN(frames[0]!.bodies[0]!.joints.SpineBase!.x));
  assert.equal(ctx.reported.length, 4);
  assert.ok(ctx.reported.every((e) => isTerpsiError(e) && e.code === 'E_OSC_DECODE' && e.message.startsWith('127.0.0.1:')));
  const messages = ctx.reported.map((e) => (e as Error).message).join('\n');
  assert.match(messages, /address not terminated/);
  assert.match(messages, /no Kinect v2 joint is called Elbow/);
  assert.match(messages, /expected x, y, z at argument 1/);
  assert.match(messages, /tracking state "Lost"/);
});

test('a port already taken is E_NETWORK naming it', async () => {
  const { port } = await listen({ layout: 'osceleton' });
  const error = await new Promise((resolve) => oscSkeleton.create(oscSkeleton.params.parse({ layout: 'osceleton', port }), testContext('b')).subscribe({ error: resolve }));
  assert.ok(isTerpsiError(error) && error.code === 'E_NETWORK' && error.message.includes(`127.0.0.1:${port}`), String(error));
});
