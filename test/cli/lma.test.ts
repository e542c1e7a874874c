import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import { virtualClock } from '../../src/core/clock.js';
import type { Frame } from '../../src/core/frames.js';
import { metres, radians, seconds } from '../../src/core/units.js';
import { writeBvh } from '../../src/movement/bvh.js';
import { danceJointIndex, danceJoints } from '../../src/movement/dance-skeleton.js';
import type { MotionPose } from '../../src/movement/motion-vector.js';
import { axisRotation } from '../../src/movement/quaternion.js';
import { bvh } from '../../src/sources/bvh.js';
import { sessionWriter } from '../../src/sources/session-file.js';
import { terpsi } from '../helpers/cli.js';
import { testContext } from '../helpers/context.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-lma-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const fps = 30;
const duration = 4;

/** The rest pose with both arms swinging up and down at 1 Hz and the hips swaying, or standing still. */
function pose(t: number, moving: boolean): MotionPose {
  const rotations = new Float32Array(danceJoints.flatMap(() => [1, 0, 0, 0]));
  if (!moving) return { root: [metres(0), metres(0), metres(0)], rotations };
  const swing = 0.8 * Math.sin(2 * Math.PI * t);
  rotations.set(axisRotation('z', radians(swing)), 4 * danceJointIndex.left_shoulder);
  rotations.set(axisRotation('z', radians(swing)), 4 * danceJointIndex.right_shoulder);
  rotations.set(axisRotation('z', radians(0.5 * swing)), 4 * danceJointIndex.left_forearm);
  return { root: [metres(0.1 * Math.sin(Math.PI * t)), metres(0), metres(0)], rotations };
}

function writeTake(name: string, moving: boolean): string {
  const file = join(dir, name);
  const poses = Array.from({ length: duration * fps }, (_, k) => pose(k / fps, moving));
  writeFileSync(file, writeBvh(poses, seconds(1 / fps)));
  return file;
}

const dancing = writeTake('dancing.bvh', true);
const still = writeTake('still.bvh', false);

interface Line {
  t0: number;
  t1: number;
  body: number;
  weight: number;
  time: number;
  space: number;
  flow: number;
  shape: number;
  normalized: Record<'weight' | 'time' | 'space' | 'flow' | 'shape', number>;
}
const efforts = ['weight', 'time', 'space', 'flow', 'shape'] as const;

async function lmaLines(args: readonly string[]): Promise<Line[]> {
  const r = await terpsi(['lma', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** Every line well formed: finite raw efforts, normalized in 0..1, t1 rising within the file, t0 = t1 − window from 0. */
function checkLines(lines: readonly Line[], window: number, rate: number) {
  assert.ok(Math.abs(lines.length - duration * rate) <= 2, `${lines.length} lines for ${duration} s at ${rate} Hz`);
  lines.forEach((line, i) => {
    assert.deepEqual(Object.keys(line), ['t0', 't1', 'body', ...efforts, 'normalized'], `line ${i} fields`);
    for (const name of efforts) {
      assert.ok(Number.isFinite(line[name]), `line ${i} ${name} ${line[name]}`);
      assert.ok(line.normalized[name] >= 0 && line.normalized[name] <= 1, `line ${i} normalized ${name} ${line.normalized[name]}`);
    }
    assert.ok(line.t1 > (i === 0 ? 0 : lines[i - 1]!.t1) && line.t1 < duration, `line ${i} t1 ${line.t1}`);
    assert.ok(Math.abs(line.t0 - Math.max(0, line.t1 - window)) <= 1e-3, `line ${i}: t0 ${line.t0}, t1 ${line.t1}`);
    assert.equal(line.body, 0);
  });
  const steps = lines.slice(1).map((line, i) => line.t1 - lines[i]!.t1);
  assert.ok(steps.every((s) => Math.abs(s - 1 / rate) <= 1 / fps + 1e-3), `t1 steps of about 1/${rate} s: ${steps.join(' ')}`);
}

test('terpsi lma --json: one line per 1/rate s of a BVH file, fields finite, t1 rising; a dancing body has weight, a still one none', async () => {
  const [moving, quiet] = await Promise.all([lmaLines([dancing]), lmaLines([still])]);
  checkLines(moving, 1, 10);
  const settled = moving.filter((l) => l.t1 >= 1.5);
  assert.ok(settled.every((l) => l.weight > 0.05 && l.time > 0.1), `weights ${settled.map((l) => l.weight).join(' ')}`);

  checkLines(quiet, 1, 10);
  for (const l of quiet) {
    assert.ok(l.weight < 1e-9 && l.time < 1e-6 && l.flow < 1e-6, `still at ${l.t1}: weight ${l.weight}, time ${l.time}, flow ${l.flow}`);
    assert.equal(l.normalized.weight, 0);
  }
});

test('--rate, --window and --preset reach the node; the table prints the same frames', async () => {
  const [lines, defaults, table] = await Promise.all([
    lmaLines([dancing, '--rate', '4', '--window', '0.5', '--preset', 'ballet']),
    lmaLines([dancing, '--rate', '4', '--window', '0.5']),
    terpsi(['lma', dancing, '--rate', '4', '--window', '0.5', '--preset', 'ballet']),
  ]);
  checkLines(lines, 0.5, 4);
  assert.deepEqual(defaults.map((l) => l.t1), lines.map((l) => l.t1));
  assert.notDeepEqual(defaults.map((l) => l.weight), lines.map((l) => l.weight), 'another preset weights joints differently');

  assert.equal(table.code, 0, table.stderr);
  const [caption, header, ...rows] = table.stdout.trimEnd().split('\n');
  assert.match(caption!, /0\.5 s before t1, preset ballet/);
  assert.deepEqual(header!.trim().split(/\s+/), ['t1', '(s)', 'body', ...efforts]);
  assert.deepEqual(rows.map((r) => Number(r.trim().split(/\s+/)[0])), lines.map((l) => l.t1));
});

test('a recorded session plays through replay with its skeleton frames and body ids, giving what the BVH file gives', async () => {
  const played: Frame[] = await lastValueFrom(
    bvh.create(bvh.params.parse({ file: dancing, body: 2 }), testContext('mocap', { clock: virtualClock() })).pipe(toArray()),
  );
  const session = join(dir, 'dancing.jsonl');
  const writer = sessionWriter(session);
  played.forEach((frame, k) => {
    writer.write(frame);
    // Frames of other kinds in the session are played too, and pass the lma node by.
    if (k % 10 === 5) writer.write({ kind: 'control', t: frame.t, source: 'fader', name: 'fader/1', values: [k] });
  });
  await writer.close();
  const [fromSession, fromBvh] = await Promise.all([lmaLines([session]), lmaLines([dancing])]);
  assert.ok(fromSession.length > 0 && fromSession.every((l) => l.body === 2), 'the recorded body id');
  assert.deepEqual(
    fromSession.map((l) => ({ ...l, body: 0 })),
    fromBvh,
  );
});

test('missing, garbled and unknown files are coded errors naming the file; no file is a usage error', async () => {
  const missing = join(dir, 'missing.bvh');
  const garbled = join(dir, 'garbled.bvh');
  writeFileSync(garbled, writeBvh([pose(0, true)], seconds(1 / fps)).replace(/^Frames: 1$/m, 'Frames: many'));
  const list = join(dir, 'list.txt');
  writeFileSync(list, 'a shopping list, not a dance\n');
  const files = [
    [missing, `E_FILE_UNREADABLE: ${missing}: ENOENT`],
    [garbled, `E_FILE_FORMAT: ${garbled}:`],
    [list, `E_FILE_FORMAT: ${list}: neither a BVH file`],
    [dir, `E_FILE_UNREADABLE: ${dir}: EISDIR`],
  ] as const;
  const usages = [[], [dancing, still], [dancing, '--window', '20']];
  const [fileRuns, usageRuns] = await Promise.all([
    Promise.all(files.map(([file]) => terpsi(['lma', file, '--json']))),
    Promise.all(usages.map((args) => terpsi(['lma', ...args]))),
  ]);
  fileRuns.forEach((r, i) => {
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.startsWith(`terpsi: ${files[i]![1]}`), r.stderr);
  });
  for (const r of usageRuns) {
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^terpsi: E_USAGE: .*terpsi lma --help/);
  }
});

test('terpsi lma --help says what each effort means and shows an example', async () => {
  const r = await terpsi(['lma', '--help']);
  assert.equal(r.code, 0);
  for (const effort of efforts) assert.match(r.stdout, new RegExp(`^  ${effort} .+`, 'm'), effort);
  assert.match(r.stdout, /^Example:\n  terpsi lma \S+\.bvh --json/m);
});
