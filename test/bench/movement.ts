import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import osc from 'osc';
import { realClock, virtualClock } from '../../src/core/clock.js';
import type { Body, Frame, Joint } from '../../src/core/frames.js';
import { createLog } from '../../src/core/log.js';
import { metres, normalized, seconds } from '../../src/core/units.js';
import { lma } from '../../src/movement/lma.js';
import { skeletonTopology } from '../../src/movement/skeleton-topology.js';
import { loadPatch } from '../../src/patch/load-patch.js';
import { startPatch } from '../../src/patch/runtime.js';
import { testContext } from '../helpers/context.js';
import { through } from '../helpers/frames.js';
import { freeUdpPort } from '../helpers/oscdump.js';
import { udpSender } from '../helpers/osc-peer.js';
import type { BenchReport } from './report.js';

const joints = skeletonTopology('kinect2').joints;
const fps = 30;

/** Body `id` at time t: every joint on its own circle, so that every effort has work to do. */
function dancer(id: number, t: number): Body {
  const out: Record<string, Joint> = {};
  joints.forEach((name, j) => {
    const phase = 2 * Math.PI * (0.5 + 0.05 * j) * t + id;
    out[name] = { x: metres(id + 0.1 * j + 0.3 * Math.cos(phase)), y: metres(1 + 0.02 * j + 0.3 * Math.sin(phase)), z: metres(2 + 0.1 * Math.sin(2 * phase)), confidence: normalized(1) };
  });
  return { id, joints: out };
}

/** LMA streaming load: 6 bodies × 25 joints at 30 fps through the lma node, as a share of one core. */
export async function lmaLoad(): Promise<BenchReport> {
  const bodies = 6;
  const duration = 60;
  const frames: Frame[] = Array.from({ length: duration * fps }, (_, i) => ({
    kind: 'skeleton',
    t: seconds(i / fps),
    source: 'kinect',
    space: 'camera',
    topology: 'kinect2',
    bodies: Array.from({ length: bodies }, (_, b) => dancer(b, i / fps)),
  }));
  const run = () => through(frames, lma.create(lma.params.parse({}), testContext('lma', { clock: virtualClock() })));
  await run(); // warm-up: the JIT compiles the hot paths
  const before = process.cpuUsage();
  const out = await run();
  const used = process.cpuUsage(before);
  const share = (used.user + used.system) / 1e6 / duration;
  return {
    name: 'LMA efforts, 6 bodies × 25 kinect2 joints at 30 fps (lma node, default preset)',
    lines: [`${duration} s of skeletons: ${out.length} lma frames, ${(share * 100).toFixed(2)} % of one core`],
    targets: [{ target: `LMA load ${(share * 100).toFixed(2)} % ≤ 5 % of one core`, met: share <= 0.05 && out.length >= bodies * duration * 9 }],
  };
}

/**
 * Direct sonification, live: a KinectV2-OSC sender on loopback (25 datagrams per frame, one body,
 * 30 fps) → osc-skeleton → sonify-map → osc out (Max profile) → a receiver on loopback, with a
 * skeleton-filter and an lma node running beside it. The control carries the frame number (the
 * pelvis's x), so each arrival is matched to the moment its frame began to be sent.
 */
export async function sonifyLatency(): Promise<BenchReport> {
  const duration = 20;
  const dir = mkdtempSync(join(tmpdir(), 'terpsi-bench-sonify-'));
  const receiver = createSocket('udp4');
  const sender = udpSender();
  try {
    const arrivals = new Map<number, number>();
    receiver.on('message', (data) => {
      const at = performance.now();
      const message = osc.readPacket(data, { metadata: false, unpackSingleArgs: false }) as { address: string; args: number[] };
      if (message.address === '/terpsi/sonify/0/frame') arrivals.set(Math.round(message.args[1]!), at);
    });
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const inPort = await freeUdpPort();
    writeFileSync(
      join(dir, 'frame.yaml'),
      'kind: sonify\nname: frame\ndescription: the frame number, carried in the pelvis x\ncontrols:\n  frame: { from: x:SpineBase, range: [0, 1000000], to: [0, 1000000] }\n',
    );
    writeFileSync(
      join(dir, 'patch.yaml'),
      [
        'name: sonify-latency',
        'sources:',
        `  kinect: { type: osc-skeleton, layout: kinectv2-osc, port: ${inPort} }`,
        'nodes:',
        '  bodies: { type: skeleton-filter, input: kinect }',
        '  efforts: { type: lma, input: bodies }',
        '  sound: { type: sonify-map, input: [kinect, efforts], preset: frame.yaml }',
        'outputs:',
        `  - { type: osc, input: sound, profile: max, port: ${receiver.address().port} }`,
        '',
      ].join('\n'),
    );
    const clock = realClock();
    const running = await startPatch(loadPatch(join(dir, 'patch.yaml')), { clock, log: createLog({ clock, level: 'warn' }), duration: seconds(duration + 1) });
    const sent = new Map<number, number>();
    const frames = duration * fps;
    for (let k = 1; k <= frames; k++) {
      await clock.sleepUntil(seconds(clock.now() + 1 / fps));
      const body = dancer(0, k / fps);
      sent.set(k, performance.now());
      for (const name of joints) {
        const j = name === 'SpineBase' ? { ...body.joints[name]!, x: k } : body.joints[name]!;
        const packet = osc.writePacket({ address: `/bodies/72057594037931101/joints/${name}`, args: [{ type: 'f', value: j.x }, { type: 'f', value: j.y }, { type: 'f', value: j.z }, { type: 's', value: 'Tracked' }] }, { metadata: true });
        await sender.send(inPort, packet as Uint8Array);
      }
    }
    await running.done;
    const latencies = [...sent].filter(([k]) => arrivals.has(k)).map(([k, at]) => arrivals.get(k)! - at).sort((a, b) => a - b);
    const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const p99 = quantile(0.99);
    return {
      name: 'movement → OSC, direct sonification (KinectV2-OSC in, sonify-map, OSC out to Max, loopback)',
      lines: [`${frames} frames sent, ${latencies.length} controls received; latency from a frame's first datagram: p50 ${quantile(0.5).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (frameGap 5 ms included)`],
      targets: [{ target: `movement → OSC p99 ${p99.toFixed(2)} ms ≤ 20 ms`, met: p99 <= 20 && latencies.length >= frames * 0.99 }],
    };
  } finally {
    receiver.close();
    sender.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
