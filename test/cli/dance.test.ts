import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hertz } from '../../src/core/units.js';
import { sliceStart } from '../../src/dsp/dance-audio-features.js';
import { readBvh } from '../../src/movement/bvh.js';
import { encodeWav } from '../../src/sources/wav.js';
import { buildDanceCorpus } from '../../src/train/corpora/dance-corpus.js';
import { runCommand } from '../helpers/run-command.js';
import { saveRandomDanceModel, testSong } from '../models/dance/random-dance-model.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir('terpsi-dance-render-');
const model = saveRandomDanceModel(join(root, 'model'), 4, { gain: 3 });
const danceCli = (args: string[]) => runCommand('src/cli/dance.js', 'dance', args);
const evalCli = (args: string[]) => runCommand('src/cli/eval.js', 'evalCommand', args);

/** Slices a stream of `samples` samples completes: the motion frames it gives. */
const slicesIn = (samples: number) => {
  let k = 0;
  while (sliceStart(k) + 534 <= samples) k++;
  return k;
};

test('terpsi dance renders a song (resampled from 22.05 kHz stereo) to a BVH file and rising motion beats, faster than real time', async () => {
  const mono = testSong(8, 22050);
  const stereo = new Float32Array(2 * mono.length);
  mono.forEach((v, i) => stereo.set([v, 0.5 * v], 2 * i));
  const song = join(root, 'song.wav');
  writeFileSync(song, encodeWav(stereo, hertz(22050), 2));
  const bvh = join(root, 'motion.bvh');
  const beatsFile = join(root, 'motion_beats.txt');

  const r = await danceCli([song, '--out', bvh, '--beats-out', beatsFile, '--model', model, '--dancers', '4']);
  assert.equal(r.code, 0, r.stderr);
  const motion = readBvh(readFileSync(bvh, 'utf8'), bvh);
  // ffmpeg's resampler may end a few samples either side of 8 s × 16 kHz.
  assert.ok(Math.abs(motion.frames.length - slicesIn(128000)) <= 1, `${motion.frames.length} frames`);
  assert.ok(Math.abs(motion.frameTime - 1 / 30) < 1e-7);
  const beats = readFileSync(beatsFile, 'utf8').trim().split('\n').map(Number);
  assert.ok(beats.length >= 3, `${beats.length} motion beats`);
  assert.ok(beats.every((t, i) => Number.isFinite(t) && t >= 0 && t <= 8 && (i === 0 || t > beats[i - 1]!)), beats.join(' '));
  const summary = new RegExp(`^${bvh.replace(/[.\\/]/g, '\\$&')}: ${motion.frames.length} frames, ${(motion.frames.length / 30).toFixed(2)} s of motion, rendered at ([\\d.]+)× real time; ${beats.length} motion beats\\n$`);
  const speed = summary.exec(r.stdout);
  assert.ok(speed, r.stdout);
  assert.ok(Number(speed[1]) > 1, `${speed[1]}× real time`);
});

test('a song shorter than one frame gives a BVH file with no frames and no motion beats; a missing model is a coded error naming the file', async () => {
  const song = join(root, 'blip.wav');
  writeFileSync(song, encodeWav(testSong(0.02), hertz(16000), 1));
  const bvh = join(root, 'blip.bvh');
  const beatsFile = join(root, 'blip_beats.txt');
  const r = await danceCli([song, '--out', bvh, '--beats-out', beatsFile, '--model', model]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readBvh(readFileSync(bvh, 'utf8'), bvh).frames.length, 0);
  assert.equal(readFileSync(beatsFile, 'utf8'), '');
  assert.match(r.stdout, /: 0 frames, 0\.00 s of motion, .*; 0 motion beats\n$/);

  const missing = join(root, 'no-model');
  const bad = await danceCli([song, '--out', bvh, '--model', missing]);
  assert.equal(bad.code, 1);
  assert.ok(bad.stderr.startsWith(`terpsi: E_FILE_UNREADABLE: ${join(missing, 'model.json')}: no such file`), bad.stderr);
  const usage = await danceCli([song]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /E_USAGE: --out <file\.bvh> is missing/);
  const dancers = await danceCli([song, '--out', bvh, '--dancers', '17']);
  assert.equal(dancers.code, 2);
  assert.match(dancers.stderr, /E_USAGE: --dancers expects a number in 1\.\.16/);
});

test('terpsi eval dance scores the model and the reference dancer per track and on average; the reference is near perfect', async () => {
  const corpus = join(root, 'corpus');
  await buildDanceCorpus({ dir: corpus, tracks: 2, seconds: 8, seed: 5, split: 'test' });
  const text = await evalCli(['dance', corpus, '--model', model]);
  assert.equal(text.code, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2 + 2 + 1, text.stdout);
  assert.match(lines[0]!, /^model +\| reference dancer$/);
  assert.equal(lines[1], 'F      P      R           CE  frozen | F      P      R           CE  frozen | track');
  const row = /^(\d\.\d{3})  (\d\.\d{3})  (\d\.\d{3})  +([\d.]+|–)  (yes|no|\d\/2) +\| (\d\.\d{3})  (\d\.\d{3})  (\d\.\d{3})  +([\d.]+|–)  (yes|no|\d\/2) +\| (.+)$/;
  for (const line of lines.slice(2)) assert.match(line, row);
  assert.match(lines[2]!, /\| front-back-\d+-s5501$/);
  assert.match(lines[3]!, /\| lateral-bounce-\d+-s5500$/);
  assert.match(lines[4]!, /\| mean of 2 tracks$/);

  const json = JSON.parse((await evalCli(['dance', corpus, '--model', model, '--json'])).stdout) as {
    tracks: { name: string; stepBeats: number; model: Record<string, number | boolean | null>; reference: Record<string, number | boolean | null> }[];
    mean: { model: { f: number }; reference: { f: number; crossEntropy: number; frozen: number } };
  };
  assert.deepEqual(
    json.tracks.map((t) => t.stepBeats),
    [4, 2],
  );
  for (const t of json.tracks) {
    assert.ok((t.reference['f'] as number) >= 0.8, `${t.name}: reference F ${t.reference['f']}`);
    assert.equal(t.reference['frozen'], false);
    assert.ok(typeof t.reference['crossEntropy'] === 'number' && t.reference['crossEntropy'] >= 0);
    assert.ok((t.reference['musicBeats'] as number) >= 8);
    assert.ok(typeof t.model['f'] === 'number' && typeof t.model['frozen'] === 'boolean');
  }
  assert.equal(json.mean.reference.frozen, 0);
  // A random network does not dance to the beat: the ceiling is well above it.
  assert.ok(json.mean.reference.f > json.mean.model.f, `reference ${json.mean.reference.f}, model ${json.mean.model.f}`);

  const wrong = await evalCli(['dance', corpus, '--tracker', 'aubio']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /E_USAGE: --tracker does not apply to eval dance/);
});
