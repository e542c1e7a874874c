import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { decodeWav } from '../../../src/sources/wav.js';
import { terpsi } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('terpsi-sonify-cli-');
const corpus = join(dir, 'dance');
const model = join(dir, 'model');
let bvh = '';

before(async () => {
  // Test-split dancers and songs of another seed: neither the shipped model nor its validation saw them.
  const built = await terpsi(['corpus', 'dance', corpus, '--split', 'test', '--seed', '9', '--tracks', '2', '--seconds', '14'], { timeout: 120_000 });
  assert.equal(built.code, 0, built.stderr);
  bvh = join(corpus, readdirSync(corpus).find((f) => f.endsWith('.bvh'))!);
  // A few steps of the demo size: enough to check the plumbing, not to sound good.
  const trained = await terpsi(['train', 'sonify', '--corpus', corpus, '--validate', corpus, '--out', model, '--epochs', '1', '--mixture-epochs', '1', '--steps-per-epoch', '2', '--stride', '2'], { timeout: 180_000 });
  assert.equal(trained.code, 0, trained.stderr);
});

test('terpsi train sonify writes the model with its record and curves', () => {
  const files = readdirSync(model).sort();
  assert.deepEqual(files, ['loss.png', 'mixture-loss.png', 'model.json', 'training.json', 'weights.bin']);
  const record = JSON.parse(readFileSync(join(model, 'training.json'), 'utf8'));
  assert.equal(record.kind, 'sonify');
  assert.ok(record.corpus.segments >= 6, `segments ${record.corpus.segments}`);
  assert.equal(record.autoencoder.history.length, 1);
});

test('terpsi sonify turns a dancer into continuous sound as long as the movement', async () => {
  const out = join(dir, 'moves.wav');
  const result = await terpsi(['sonify', bvh, '--out', out, '--model', model, '--temperature', '0.3'], { timeout: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const wav = decodeWav(readFileSync(out), out);
  assert.equal(wav.sampleRate, 22050);
  const seconds = wav.samples.length / wav.sampleRate;
  const text = readFileSync(bvh, 'utf8');
  const movement = Number(/Frames:\s*(\d+)/.exec(text)![1]) * Number(/Frame Time:\s*([\d.]+)/.exec(text)![1]);
  // Sound stops a little behind the movement: the newest keyframe has to settle, and a fragment lasts at most 2 s.
  assert.ok(seconds > movement - 2.2 && seconds <= movement + 0.01, `${seconds} s of sound for ${movement} s of movement`);
  let peak = 0;
  let silentRun = 0;
  let longestSilence = 0;
  for (const v of wav.samples) {
    peak = Math.max(peak, Math.abs(v));
    silentRun = Math.abs(v) < 1e-4 ? silentRun + 1 : 0;
    longestSilence = Math.max(longestSilence, silentRun);
  }
  assert.ok(peak > 0.1 && peak <= 1, `peak ${peak}`);
  assert.ok(longestSilence < 0.05 * wav.sampleRate, `a gap of ${longestSilence} samples`);
});

test('the shipped demo model sonifies a dancer it never saw', async () => {
  const out = join(dir, 'demo.wav');
  const result = await terpsi(['sonify', bvh, '--out', out], { timeout: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const wav = decodeWav(readFileSync(out), out);
  assert.ok(wav.samples.length / wav.sampleRate > 10, `${wav.samples.length / wav.sampleRate} s`);
  assert.ok(wav.samples.every(Number.isFinite));
});

test('bad input: no --out, a file that is not motion, a folder with no model', async () => {
  const noOut = await terpsi(['sonify', bvh]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /E_USAGE.*--out/);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not motion\n');
  const notMotion = await terpsi(['sonify', text, '--out', join(dir, 'x.wav'), '--model', model]);
  assert.match(notMotion.stderr, new RegExp(`E_FILE_FORMAT.*${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  const noModel = await terpsi(['sonify', bvh, '--out', join(dir, 'x.wav'), '--model', join(dir, 'nowhere')]);
  assert.notEqual(noModel.code, 0);
  assert.match(noModel.stderr, /E_FILE_UNREADABLE.*terpsi train sonify/);
});
