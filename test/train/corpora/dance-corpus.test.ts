import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { bpm, hertz, seconds } from '../../../src/core/units.js';
import { readBvh } from '../../../src/movement/bvh.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import { motionBeats } from '../../../src/movement/motion-beats.js';
import { decodeWav, encodeWav } from '../../../src/sources/wav.js';
import { formatBeats, readBeatsFile } from '../../../src/train/beats-file.js';
import { buildDanceCorpus, danceCorpusTracks, type DanceCorpusProgress, type DanceCorpusTrack } from '../../../src/train/corpora/dance-corpus.js';
import { renderSong } from '../../../src/train/corpora/render-song.js';
import { stepDancer } from '../../../src/train/corpora/step-dancer.js';
import { motionBeatFMeasure } from '../../../src/train/metrics/motion-beat-f-measure.js';

const dir = mkdtempSync(join(tmpdir(), 'terpsi-dance-corpus-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const options = { dir, tracks: 2, seconds: 8, seed: 1, split: 'train' } as const;
let tracks: DanceCorpusTrack[] = [];
const progress: DanceCorpusProgress[] = [];
const file = (name: string, ext: string) => join(dir, `${name}.${ext}`);

before(async () => {
  tracks = await buildDanceCorpus({ ...options, onProgress: (p) => progress.push(p) });
});

test('two 8 s tracks: 16 kHz mono audio, its beats, a 30 fps BVH dance spanning it, and a description', () => {
  assert.deepEqual(tracks.map((t) => t.step), ['lateral-bounce', 'front-back']);
  assert.deepEqual(progress.map((p) => [p.done, p.total, p.cached]), [[1, 2, false], [2, 2, false]]);
  for (const track of tracks) {
    assert.equal(track.song.kind, 'rendered');
    if (track.song.kind !== 'rendered') continue;
    assert.equal(track.name, `${track.step}-${track.song.tempo}-s${track.seed}`);
    const wav = decodeWav(readFileSync(file(track.name, 'wav')), track.name);
    assert.equal(wav.sampleRate, 16000);
    assert.equal(wav.channels, 1);
    const length = wav.samples.length / 16000;
    assert.ok(Math.abs(length - 8) <= (60 / track.song.tempo) * track.song.beatsPerBar / 2, `${track.name}: ${length} s, whole bars near 8 s`);
    const beats = readBeatsFile(file(track.name, 'beats'));
    const period = 60 / track.song.tempo;
    beats.forEach((t, i) => assert.ok(Math.abs(t - i * period) < 1e-6, `${track.name}: beat ${i}`));
    const motion = readBvh(readFileSync(file(track.name, 'bvh'), 'utf8'), track.name);
    assert.ok(Math.abs(motion.frameTime - 1 / 30) < 1e-7);
    assert.equal(Math.round((motion.frames.length * 16000) / 30), wav.samples.length, `${track.name}: the audio spans the motion`);
    // The dancer dances to these beats: its motion beats land on them.
    const score = motionBeatFMeasure(beats, motionBeats(motion.frames.map((f) => forwardKinematics(f))));
    assert.ok(score.f >= 0.8, `${track.name}: F ${score.f}`);
    const described = JSON.parse(readFileSync(file(track.name, 'json'), 'utf8')) as DanceCorpusTrack;
    assert.deepEqual(described, JSON.parse(JSON.stringify(track)));
  }
});

test('a second build keeps every file as it is', async () => {
  const before = tracks.flatMap((t) => ['wav', 'beats', 'bvh', 'json'].map((ext) => statSync(file(t.name, ext)).mtimeMs));
  const again: DanceCorpusProgress[] = [];
  const second = await buildDanceCorpus({ ...options, onProgress: (p) => again.push(p) });
  assert.deepEqual(second, tracks);
  assert.deepEqual(again.map((p) => p.cached), [true, true]);
  assert.deepEqual(tracks.flatMap((t) => ['wav', 'beats', 'bvh', 'json'].map((ext) => statSync(file(t.name, ext)).mtimeMs)), before);
});

test('train and test share no seed, no dancer style and no tempo; the steps take turns', () => {
  const train = danceCorpusTracks({ tracks: 60, seed: 1, split: 'train' });
  const test = danceCorpusTracks({ tracks: 60, seed: 1, split: 'test' });
  const tempo = (t: DanceCorpusTrack) => (t.song.kind === 'rendered' ? t.song.tempo : NaN);
  assert.ok(train.every((t) => tempo(t) % 2 === 0 && tempo(t) >= 80 && tempo(t) <= 140));
  assert.ok(test.every((t) => tempo(t) % 2 === 1 && tempo(t) >= 80 && tempo(t) <= 140));
  const seeds = new Set(train.map((t) => t.seed));
  assert.ok(test.every((t) => !seeds.has(t.seed)));
  const styles = new Set(train.map((t) => JSON.stringify(t.style)));
  assert.ok(test.every((t) => !styles.has(JSON.stringify(t.style))));
  assert.equal(new Set(train.map((t) => t.style.arms)).size, 4, 'every arm style appears');
  for (const split of [train, test]) {
    assert.deepEqual(split.slice(0, 3).map((t) => t.step), ['lateral-bounce', 'front-back', 'salsa']);
    assert.ok(split.filter((t) => t.step === 'salsa').every((t) => t.song.kind === 'rendered' && t.song.beatsPerBar === 4));
  }
  assert.ok(new Set(train.map((t) => (t.song.kind === 'rendered' ? t.song.beatsPerBar : 0))).size === 3, '2/4, 3/4 and 4/4');
  assert.throws(() => danceCorpusTracks({ tracks: 0, seed: 1, split: 'train' }), (e) => isTerpsiError(e) && e.code === 'E_USAGE');
});

test('with a folder of songs, tracks dance to those songs, resampled to 16 kHz, with their beats', async () => {
  const songs = join(dir, 'songs');
  mkdirSync(songs);
  const song = renderSong({ tempo: bpm(120), bars: 3, beatsPerBar: 4, sampleRate: hertz(22050), seed: 5 });
  writeFileSync(join(songs, 'groove.wav'), encodeWav(song.samples, hertz(22050), 1));
  writeFileSync(join(songs, 'groove.beats'), formatBeats(song.beats));
  writeFileSync(join(songs, 'unannotated.wav'), encodeWav(song.samples, hertz(22050), 1));
  const out = join(dir, 'from-songs');
  const [track] = await buildDanceCorpus({ dir: out, tracks: 1, seconds: 5, seed: 2, split: 'test', songs });
  assert.equal(track!.name, 'lateral-bounce-groove-s2500');
  assert.deepEqual(track!.song, { kind: 'file', file: join(songs, 'groove.wav') });
  const wav = decodeWav(readFileSync(join(out, `${track!.name}.wav`)), 'out');
  assert.equal(wav.sampleRate, 16000);
  assert.ok(Math.abs(wav.samples.length - 5 * 16000) <= 534, `${wav.samples.length} samples`);
  assert.deepEqual(readBeatsFile(join(out, `${track!.name}.beats`)), song.beats.filter((t) => t < 5).map((t) => seconds(Number(t.toFixed(6)))));

  writeFileSync(join(songs, 'groove.beats'), '0\n0.1\n0.2\n');
  await assert.rejects(buildDanceCorpus({ dir: join(dir, 'bad'), tracks: 1, seconds: 5, seed: 2, split: 'test', songs }), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(join(songs, 'groove.beats')));
  await assert.rejects(buildDanceCorpus({ dir: join(dir, 'bad'), tracks: 1, seconds: 5, seed: 2, split: 'test', songs: join(dir, 'nowhere') }), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  await assert.rejects(buildDanceCorpus({ dir: join(dir, 'bad'), tracks: 1, seconds: 5, seed: 2, split: 'test', songs: empty }), (e) => isTerpsiError(e) && e.code === 'E_USAGE');
});

test('the dance written is the step dancer\'s', () => {
  const track = tracks[0]!;
  const beats = readBeatsFile(file(track.name, 'beats'));
  const { frames } = stepDancer({ step: track.step, style: track.style, beats, duration: seconds(decodeWav(readFileSync(file(track.name, 'wav')), '').samples.length / 16000), seed: track.seed });
  const written = readBvh(readFileSync(file(track.name, 'bvh'), 'utf8'), track.name).frames;
  assert.equal(written.length, frames.length);
  written.forEach((pose, f) => {
    const a = forwardKinematics(pose);
    const b = forwardKinematics(frames[f]!);
    a.forEach((v, k) => assert.ok(Math.abs(v - b[k]!) < 1e-4, `frame ${f}`));
  });
});
