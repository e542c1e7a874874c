import assert from 'node:assert/strict';
import { test } from 'node:test';
import osc from 'osc';
import { virtualClock } from '../../src/core/clock.js';
import type { Frame, MotionFrame } from '../../src/core/frames.js';
import { bpm, metres, normalized, seconds } from '../../src/core/units.js';
import { danceJoints } from '../../src/movement/dance-skeleton.js';
import { oscEncode } from '../../src/outputs/osc-encode.js';
import { loadNamed } from '../../src/patch/load-config.js';
import type { OscTarget } from '../../src/patch/schemas.js';

const origin = seconds(1_754_000_000);
const clock = virtualClock(origin);
const native = loadNamed('osc-target', 'native', '.');

interface Decoded {
  address: string;
  types: string;
  values: number[];
}

/** Decodes packets back with osc.js: bundles flattened, each message as address, type tags and values. */
function decode(packets: readonly Uint8Array[]): { timeTags: (readonly [number, number])[]; messages: Decoded[] } {
  const timeTags: (readonly [number, number])[] = [];
  const messages: Decoded[] = [];
  const walk = (p: any) => {
    if (p.packets) {
      timeTags.push(p.timeTag.raw);
      p.packets.forEach(walk);
    } else {
      messages.push({ address: p.address, types: p.args.map((a: any) => a.type).join(''), values: p.args.map((a: any) => a.value) });
    }
  };
  for (const packet of packets) walk(osc.readPacket(packet, { metadata: true, unpackSingleArgs: false }));
  return { timeTags, messages };
}

const f32 = (x: number) => Math.fround(x);

const beat: Frame = { kind: 'beat', t: seconds(12.5), source: 'beats', index: 7, bar: 3, tempo: bpm(120), confidence: normalized(0.75), predicted: false };

test('a control frame is one bundle, byte for byte', () => {
  const [packet, ...rest] = oscEncode(native, clock)({ kind: 'control', t: seconds(2.5), source: 'level', name: 'level', values: [0.25] });
  assert.equal(rest.length, 0);
  const message = [
    ...Buffer.from('/terpsi/level\0\0\0', 'latin1'),
    ...Buffer.from(',ff\0', 'latin1'),
    0x40, 0x20, 0x00, 0x00, // 2.5
    0x3e, 0x80, 0x00, 0x00, // 0.25
  ];
  const expected = Buffer.from([
    ...Buffer.from('#bundle\0', 'latin1'),
    // 1_754_000_002.5 s Unix = 3_962_988_802 s NTP (0xec366902), .5 = 0x80000000
    0xec, 0x36, 0x69, 0x02, 0x80, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, message.length,
    ...message,
  ]);
  assert.deepEqual(Buffer.from(packet!), expected);
});

test('beats carry int32 index and bar, then a tempo message', () => {
  const { timeTags, messages } = decode(oscEncode(native, clock)(beat));
  assert.deepEqual(timeTags, [[1_754_000_012 + 2_208_988_800, 0x80000000]]);
  assert.deepEqual(messages, [
    { address: '/terpsi/beat', types: 'fiiff', values: [12.5, 7, 3, 120, 0.75] },
    { address: '/terpsi/tempo', types: 'ff', values: [12.5, 120] },
  ]);
  const unknownBar = decode(oscEncode(native, clock)({ ...beat, bar: undefined } as Frame)).messages[0]!;
  assert.equal(unknownBar.values[2], 0);
});

test('motion frames send the root and every dance joint, positions when present', () => {
  const rotations = new Float32Array(danceJoints.length * 4).map((_, i) => i / 100);
  const frame: MotionFrame = { kind: 'motion', t: seconds(1), source: 'dancer', dancer: 2, root: [metres(0.1), metres(0.9), metres(-0.2)], rotations };
  const { messages } = decode(oscEncode(native, clock)(frame));
  assert.equal(messages.length, 1 + danceJoints.length);
  assert.deepEqual(messages[0], { address: '/terpsi/dancer/2/root', types: 'ffff', values: [1, f32(0.1), f32(0.9), f32(-0.2)] });
  danceJoints.forEach((joint, j) => {
    const m = messages[j + 1]!;
    assert.equal(m.address, `/terpsi/dancer/2/${joint}`);
    assert.equal(m.types, 'fffff');
    assert.deepEqual(m.values.slice(1), [...rotations.subarray(4 * j, 4 * j + 4)]);
  });
  const positions = new Float32Array(danceJoints.length * 3).fill(0.5);
  const withPositions = decode(oscEncode(native, clock)({ ...frame, positions })).messages;
  assert.equal(withPositions[1]!.types, 'ffffffff');
  assert.deepEqual(withPositions[1]!.values.slice(5), [0.5, 0.5, 0.5]);
});

test('skeleton, events and lma frames use their native addresses', () => {
  const encode = oscEncode(native, clock);
  const skeleton = decode(
    encode({
      kind: 'skeleton', t: seconds(0), source: 'kinect', space: 'camera', topology: 'kinect2',
      bodies: [{ id: 5, joints: { head: { x: metres(1), y: metres(2), z: metres(3), confidence: normalized(1) } } }],
    }),
  ).messages;
  assert.deepEqual(skeleton, [{ address: '/terpsi/skeleton/5/head', types: 'fffff', values: [0, 1, 2, 3, 1] }]);

  const events = decode(
    encode({ kind: 'events', t: seconds(0), source: 'ev', probabilities: { kick: normalized(0.5), 'hi hat': normalized(0.25) }, active: ['kick'] }),
  ).messages;
  assert.deepEqual(events, [
    { address: '/terpsi/events/kick', types: 'fff', values: [0, 0.5, 1] },
    { address: '/terpsi/events/hi_hat', types: 'fff', values: [0, 0.25, 0] },
  ]);

  const e = { weight: 1, time: 2, space: 3, flow: 4, shape: 5 };
  const lma = decode(encode({ kind: 'lma', t: seconds(0), source: 'lma', body: 1, raw: e, normalized: { ...e, weight: 0.5 } })).messages;
  assert.deepEqual(lma, [
    { address: '/terpsi/lma/1', types: 'ffffff', values: [0, 1, 2, 3, 4, 5] },
    { address: '/terpsi/lma/1/normalized', types: 'ffffff', values: [0, 0.5, 2, 3, 4, 5] },
  ]);
});

test('audio and video frames send nothing', () => {
  const encode = oscEncode(native, clock);
  assert.deepEqual(encode({ kind: 'audio', t: seconds(0), source: 'mic', sampleRate: 16000 as never, channels: 1, samples: new Float32Array(4), index: 0 }), []);
  assert.deepEqual(encode({ kind: 'video', t: seconds(0), source: 'cam', width: 1, height: 1, format: 'gray8', data: new Uint8Array(1) }), []);
});

test('NaN and infinities go out as 0', () => {
  const { messages } = decode(oscEncode(native, clock)({ kind: 'control', t: seconds(1), source: 'x', name: 'bad', values: [NaN, Infinity, -Infinity, 2] }));
  assert.deepEqual(messages[0]!.values, [1, 0, 0, 0, 2]);
  const tag = decode(oscEncode(native, clock)({ ...beat, t: seconds(NaN) })).timeTags[0];
  assert.deepEqual(tag, [0, 1], 'an unusable time is sent as "immediately"');
});

test('a timetag fraction that rounds up to a whole second does not wrap to 0', () => {
  const edge = virtualClock(seconds(0));
  const { timeTags } = decode(oscEncode(native, edge)({ ...beat, t: seconds(1 - 2 ** -40) }));
  assert.deepEqual(timeTags, [[2_208_988_800, 2 ** 32 - 1]]);
});

const profile = (changes: Partial<OscTarget>): OscTarget => ({ ...native, ...changes });

test('the prefix replaces /terpsi', () => {
  const { messages } = decode(oscEncode(profile({ prefix: '/show/a' }), clock)(beat));
  assert.deepEqual(messages.map((m) => m.address), ['/show/a/beat', '/show/a/tempo']);
});

test('split sends one value per address, index appended, without the time', () => {
  const packets = oscEncode(profile({ split: true, bundles: false }), clock)({ kind: 'control', t: seconds(3), source: 'l', name: 'level', values: [0.25, 0.5] });
  assert.equal(packets.length, 2, 'one packet per message without bundles');
  assert.deepEqual(decode(packets).messages, [
    { address: '/terpsi/level/0', types: 'f', values: [0.25] },
    { address: '/terpsi/level/1', types: 'f', values: [0.5] },
  ]);
});

test('shipped profiles encode as they say', () => {
  const pd = decode(oscEncode(loadNamed('osc-target', 'puredata', '.'), clock)(beat));
  assert.deepEqual(pd.timeTags, [], 'Pd gets plain messages');
  assert.deepEqual(pd.messages.map((m) => [m.address, m.types]), [['/terpsi/beat', 'fiiff'], ['/terpsi/tempo', 'ff']]);

  const wek = oscEncode(loadNamed('osc-target', 'wekinator', '.'), clock);
  const lma = { weight: 1, time: 2, space: 3, flow: 4, shape: 5 };
  const packets = wek({ kind: 'lma', t: seconds(9), source: 'lma', body: 0, raw: lma, normalized: lma });
  assert.equal(packets.length, 1);
  assert.deepEqual(decode(packets), {
    timeTags: [],
    messages: [{ address: '/wek/inputs', types: 'ffffffffff', values: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5] }],
  });
  assert.deepEqual(decode(wek(beat)).messages, [{ address: '/wek/inputs', types: 'fffff', values: [7, 3, 120, 0.75, 120] }], 'ints become floats');

  const qlc = decode(oscEncode(loadNamed('osc-target', 'qlcplus', '.'), clock)({ kind: 'control', t: seconds(1), source: 'x', name: 'dimmer', values: [0.5] }));
  assert.deepEqual(qlc, { timeTags: [], messages: [{ address: '/terpsi/dimmer/0', types: 'f', values: [0.5] }] });
});

test('encoding a motion frame fits well inside the 2 ms engine-latency budget', () => {
  const encode = oscEncode(native, clock);
  const frame: MotionFrame = {
    kind: 'motion', t: seconds(1), source: 'dancer', dancer: 0, root: [metres(0), metres(1), metres(0)],
    rotations: new Float32Array(danceJoints.length * 4).fill(0.5), positions: new Float32Array(danceJoints.length * 3).fill(0.1),
  };
  for (let i = 0; i < 200; i++) encode(frame);
  const n = 2000;
  const start = performance.now();
  for (let i = 0; i < n; i++) encode(frame);
  const perFrame = (performance.now() - start) / n;
  assert.ok(perFrame < 1, `${perFrame.toFixed(3)} ms per motion frame (18 messages)`);
});
