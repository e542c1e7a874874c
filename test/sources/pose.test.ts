import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import '../../src/patch/register-all.js';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame, SkeletonFrame } from '../../src/core/frames.js';
import { pose } from '../../src/sources/pose.js';
import { readSession } from '../../src/sources/session-file.js';
import { terpsi } from '../helpers/cli.js';
import { testContext } from '../helpers/context.js';
import { personPhoto } from '../helpers/person-photo.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-pose-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const video = join(dir, 'person.mp4');
before(() => personPhoto(video, 1));

function play(fields: Record<string, unknown>): Promise<{ frames: SkeletonFrame[]; error?: unknown }> {
  const ctx = testContext('camera', { clock: virtualClock(), dir });
  const frames: SkeletonFrame[] = [];
  return new Promise((resolve) => {
    pose.create(pose.params.parse(fields), ctx).subscribe({
      next: (f: Frame) => frames.push(f as SkeletonFrame),
      error: (error: unknown) => resolve({ frames, error }),
      complete: () => resolve({ frames }),
    });
  });
}

test('a video file plays on the engine clock: a skeleton frame per video frame at k / fps', async () => {
  const { frames, error } = await play({ input: 'person.mp4', fps: 10 });
  assert.equal(error, undefined);
  assert.equal(frames.length, 10);
  frames.forEach((f, k) => {
    assert.ok(Math.abs(f.t - k / 10) < 1e-9, `frame ${k} at ${f.t}`);
    assert.equal(f.topology, 'coco17');
    assert.equal(f.source, 'camera');
    assert.equal(f.bodies.length, 1);
    assert.ok(f.bodies[0]!.joints.nose!.y > f.bodies[0]!.joints.left_ankle!.y);
  });
});

test('a file that is not a video is E_FFMPEG naming it', async () => {
  const { frames, error } = await play({ input: '../../package.json' });
  assert.equal(frames.length, 0);
  assert.ok(isTerpsiError(error) && error.code === 'E_FFMPEG' && error.message.includes('package.json'), String(error));
});

test('terpsi pose writes a session of skeleton frames; bad arguments are usage errors', async () => {
  const out = join(dir, 'person.jsonl');
  const run = await terpsi(['pose', video, '--out', out, '--fps', '5']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /5 frames \(5 bodies\) with movenet-lightning in [\d.]+ s, [\d.]+ frames\/s/);
  const frames: Frame[] = [];
  for await (const f of readSession(out)) frames.push(f);
  assert.deepEqual(frames.map((f) => [f.kind, f.t]), [0, 0.2, 0.4, 0.6, 0.8].map((t) => ['skeleton', t]));
  const bad = await terpsi(['pose', video, '--out', out, '--model', 'openpose']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--model must be one of movenet-lightning/);
});
