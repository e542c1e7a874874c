import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { hertz, seconds } from '../../../src/core/units.js';
import { readBvh, writeBvh } from '../../../src/movement/bvh.js';
import { decodeWav, encodeWav } from '../../../src/sources/wav.js';
import { readBeatsFile } from '../../../src/train/beats-file.js';
import { buildDanceCorpus, type DanceCorpusTrack } from '../../../src/train/corpora/dance-corpus.js';
import { danceCorpusDataset } from '../../../src/train/datasets/dance-corpus-dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-dance-dataset-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let built: DanceCorpusTrack[] = [];
before(async () => {
  built = await buildDanceCorpus({ dir, tracks: 2, seconds: 6, seed: 3, split: 'test' });
});
const file = (name: string, ext: string) => join(dir, `${name}.${ext}`);

test('a built corpus loads back: the same audio, beats and dance', async () => {
  const sources = danceCorpusDataset(dir);
  assert.deepEqual(sources.map((s) => [s.name, s.split]), built.map((t) => [t.name, 'test']).sort());
  for (const source of sources) {
    const track = await source.load();
    const wav = decodeWav(readFileSync(file(source.name, 'wav')), source.name);
    assert.deepEqual(track.audio, wav.samples);
    assert.deepEqual(track.beats, readBeatsFile(file(source.name, 'beats')));
    assert.deepEqual(track.motion, readBvh(readFileSync(file(source.name, 'bvh'), 'utf8'), source.name).frames);
    assert.equal(track.audio.length, Math.round((track.motion.length * 16000) / 30));
  }
});

test('captures of one\'s own in the layout: any audio rate, a BVH at 60 fps, a description with just the split', async () => {
  const own = join(dir, 'own');
  mkdirSync(own);
  const [source] = danceCorpusDataset(dir);
  const track = await source!.load();
  // Audio at 44.1 kHz, stereo; the motion at 60 fps, each frame twice.
  const stereo = new Float32Array(2 * Math.round((track.audio.length * 44100) / 16000));
  writeFileSync(join(own, 'take.wav'), encodeWav(stereo.map((_, i) => 0.5 * Math.sin(i / 20)), hertz(44100), 2));
  writeFileSync(join(own, 'take.bvh'), writeBvh(track.motion.flatMap((p) => [p, p]), seconds(1 / 60)));
  copyFileSync(file(source!.name, 'beats'), join(own, 'take.beats'));
  writeFileSync(join(own, 'take.json'), '{"split": "train"}');
  const [take] = danceCorpusDataset(own);
  assert.deepEqual([take!.name, take!.split], ['take', 'train']);
  const loaded = await take!.load();
  assert.ok(Math.abs(loaded.motion.length - track.motion.length) <= 1, `${loaded.motion.length} frames`);
  assert.equal(loaded.audio.length, Math.round((loaded.motion.length * 16000) / 30));
});

test('missing or broken files are coded errors naming the file', async () => {
  const broken = join(dir, 'broken');
  mkdirSync(broken);
  const [name] = built.map((t) => t.name).sort();
  for (const ext of ['wav', 'beats', 'bvh', 'json']) copyFileSync(file(name!, ext), join(broken, `${name}.${ext}`));
  const load = () => danceCorpusDataset(broken)[0]!.load();
  const rejects = (code: string, message: RegExp) => assert.rejects(load(), (e) => isTerpsiError(e) && e.code === code && message.test(e.message), String(message));

  writeFileSync(join(broken, `${name}.bvh`), readFileSync(file(name!, 'bvh'), 'utf8').replace(/\n[^\n]+\n$/, '\n'));
  await rejects('E_FILE_FORMAT', new RegExp(`${name}\\.bvh:\\d+: the MOTION block ends after`));
  // Half a second of motion short of the audio: more than two frames.
  const bvh = readBvh(readFileSync(file(name!, 'bvh'), 'utf8'), 'x');
  writeFileSync(join(broken, `${name}.bvh`), writeBvh(bvh.frames.slice(0, -15), seconds(1 / 30)));
  await rejects('E_FILE_FORMAT', new RegExp(`${name}\\.bvh lasts \\d+\\.\\d{3} s but .*${name}\\.wav \\d+\\.\\d{3} s: the motion is 0\\.500 s shorter than the audio`));
  rmSync(join(broken, `${name}.wav`));
  await rejects('E_FILE_UNREADABLE', new RegExp(`${name}\\.wav: cannot read the audio`));
  rmSync(join(broken, `${name}.bvh`));
  await rejects('E_FILE_UNREADABLE', new RegExp(`${name}\\.bvh: cannot read the motion`));
  writeFileSync(join(broken, `${name}.json`), '{"split": "dev"}');
  assert.throws(() => danceCorpusDataset(broken), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && /\.json: split: expected "train" or "test", got "dev"/.test(e.message));
  writeFileSync(join(broken, `${name}.json`), '{"split": ');
  assert.throws(() => danceCorpusDataset(broken), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && /\.json: not JSON/.test(e.message));
  assert.throws(() => danceCorpusDataset(join(dir, 'nowhere')), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && /nowhere: cannot list/.test(e.message));
});
