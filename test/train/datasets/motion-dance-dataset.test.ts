import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { bpm, hertz, radians, seconds } from '../../../src/core/units.js';
import { forwardKinematics } from '../../../src/movement/forward-kinematics.js';
import type { MotionPose } from '../../../src/movement/motion-vector.js';
import { axisRotation, multiply } from '../../../src/movement/quaternion.js';
import { encodeWav } from '../../../src/sources/wav.js';
import { dancerStyle } from '../../../src/train/corpora/dancer-style.js';
import { renderSong } from '../../../src/train/corpora/render-song.js';
import { stepDancer } from '../../../src/train/corpora/step-dancer.js';
import { motionDanceDataset } from '../../../src/train/datasets/motion-dance-dataset.js';
import { ffmpeg } from '../../helpers/ffmpeg.js';
import { writeHtr, type HtrOptions } from '../../helpers/htr-file.js';

// The archive's layout, built here: a take of `song1` for the `sequence` experiment (WAV audio),
// a held-out take of `song2` (MP3 audio only), and takes of other experiments that are broken.
const root = mkdtempSync(join(tmpdir(), 'terpsi-motion-dance-'));
after(() => rmSync(root, { recursive: true, force: true }));
const folder = (...path: string[]) => {
  mkdirSync(join(root, ...path), { recursive: true });
  return join(root, ...path);
};
const [htr, wave, mp3, corrected] = [folder('MOCAP', 'HTR'), folder('AUDIO', 'WAVE'), folder('AUDIO', 'MP3'), folder('Annotations', 'corrected')];
const axes: HtrOptions = { axes: multiply(axisRotation('z', radians(-1.2)), axisRotation('x', radians(Math.PI / 2))), gravity: 'Z', unitsPerMetre: 100, frameRate: 30, order: 'ZYX' };
/** The capture starts this many frames before the music, and runs on after it. */
const lead = 12;
const tail = 6;

function take(tempo: number, seed: number, step: 'salsa' | 'front-back') {
  const song = renderSong({ tempo: bpm(tempo), bars: 3, beatsPerBar: 4, sampleRate: hertz(16000), seed });
  const { frames } = stepDancer({ step, style: dancerStyle(seed), beats: song.beats, duration: seconds(song.samples.length / 16000), seed });
  const capture = [...Array<MotionPose>(lead).fill(frames[0]!), ...frames, ...Array<MotionPose>(tail).fill(frames[frames.length - 1]!)];
  return { song, frames, capture };
}
const song1 = take(100, 1, 'salsa');
writeFileSync(join(htr, 'sequence_song1.htr'), writeHtr(song1.capture, axes));
writeFileSync(join(wave, 'song1.wav'), encodeWav(song1.song.samples, hertz(16000), 1, 'float32'));
writeFileSync(join(corrected, 'song1.txt'), song1.song.beats.map((t) => t.toFixed(9)).join('\n') + '\n');

const song2 = take(125, 2, 'front-back');
writeFileSync(join(htr, 'test_sequence_song2.htr'), writeHtr(song2.capture, axes));
const source = join(root, 'song2-source.wav');
writeFileSync(source, encodeWav(song2.song.samples, hertz(16000), 1));
ffmpeg('-i', source, '-ar', '44100', '-ac', '2', '-b:a', '128k', join(mp3, 'song2.mp3'));
writeFileSync(join(corrected, 'song2.txt'), song2.song.beats.map((t) => t.toFixed(9)).join('\n') + '\n');

writeFileSync(join(htr, 'bpm_song1.htr'), writeHtr(song1.capture.slice(0, 40), axes));
writeFileSync(join(htr, 'broken_song1.htr'), '[Header]\r\nNumFrames 2\r\n[SegmentNames&Hierarchy]\r\npelvis GLOBAL\r\n');
writeFileSync(join(htr, 'silent_nosong.htr'), writeHtr(song1.capture.slice(0, 40), axes));
writeFileSync(join(htr, 'long_song1.htr'), writeHtr([...song1.capture, ...Array<MotionPose>(90).fill(song1.frames[0]!)], axes));
writeFileSync(join(wave, 'unannotated.wav'), encodeWav(song1.song.samples, hertz(16000), 1));
writeFileSync(join(htr, 'beatless_unannotated.htr'), writeHtr(song1.capture, axes));

/** Frame n of `motion` is frame n of the dance: the whole body, moved only by the centring. */
function assertAligned(motion: readonly MotionPose[], frames: readonly MotionPose[]) {
  assert.equal(motion.length, frames.length, 'the lead-in is dropped and the run-on cut');
  const shift = [0, 2].map((k) => motion[0]!.root[k as 0 | 2] - frames[0]!.root[k as 0 | 2]);
  let worst = 0;
  motion.forEach((pose, n) => {
    const a = forwardKinematics(pose);
    const b = forwardKinematics(frames[n]!);
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]! - (k % 3 === 0 ? shift[0]! : k % 3 === 2 ? shift[1]! : 0)));
  });
  assert.ok(worst < 1e-3, `joints up to ${(worst * 1000).toFixed(2)} mm off`);
}

const load = (exp: string) => motionDanceDataset(root, exp)[0]!.load();
const rejects = (exp: string, code: string, message: RegExp) =>
  assert.rejects(load(exp), (e) => isTerpsiError(e) && e.code === code && message.test(e.message), `${exp}: ${message}`);

test('the takes of an experiment are listed by song, held-out ones in the test split', () => {
  assert.deepEqual(motionDanceDataset(root, 'sequence').map((t) => [t.name, t.split]), [['song1', 'train'], ['song2', 'test']]);
  assert.deepEqual(motionDanceDataset(root, 'bpm').map((t) => [t.name, t.split]), [['song1', 'train']]);
});

test('a take loads as audio at 16 kHz, its beats, and the capture aligned to the music on the dance skeleton', async () => {
  const track = await load('sequence');
  assert.equal(track.name, 'song1');
  const { frames, song } = song1;
  assert.deepEqual(Array.from(track.audio), Array.from(song.samples.subarray(0, track.audio.length)));
  assert.equal(track.audio.length, Math.round((track.motion.length * 16000) / 30));
  assert.deepEqual(track.beats, song.beats.filter((t) => t < frames.length / 30).map((t) => Number(t.toFixed(9))));
  assertAligned(track.motion, frames);
  // Centred on where it stood over the first second.
  const first = track.motion.slice(0, 31);
  for (const k of [0, 2] as const) assert.ok(Math.abs(first.reduce((s, p) => s + p.root[k], 0) / 31) < 1e-6);
});

test('a held-out take with MP3 audio only is decoded and resampled to 16 kHz mono', async () => {
  const track = await motionDanceDataset(root, 'sequence')[1]!.load();
  assert.equal(track.name, 'song2');
  assertAligned(track.motion, song2.frames);
  assert.equal(track.audio.length, Math.round((track.motion.length * 16000) / 30));
  const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
  assert.ok(Math.abs(rms(track.audio) - rms(song2.song.samples)) < 0.1 * rms(song2.song.samples), `${rms(track.audio)} vs ${rms(song2.song.samples)}`);
});

test('missing or broken files are coded errors naming the file', async () => {
  assert.throws(() => motionDanceDataset(join(root, 'MOCAP'), 'sequence'), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && /MOCAP\/MOCAP\/HTR: cannot list/.test(e.message));
  assert.throws(() => motionDanceDataset(root, 'hiphop'), (e) => isTerpsiError(e) && e.code === 'E_USAGE' && /no hiphop_<song>\.htr .*holds beatless_unannotated\.htr, bpm_song1\.htr/.test(e.message));
  await rejects('broken', 'E_FILE_FORMAT', /broken_song1\.htr/);
  await rejects('silent', 'E_FILE_UNREADABLE', /no audio for nosong: neither .*AUDIO\/WAVE\/nosong\.wav nor .*AUDIO\/MP3\/nosong\.mp3 exists/);
  await rejects('beatless', 'E_FILE_UNREADABLE', /Annotations\/corrected\/unannotated\.txt: cannot read the beat annotation/);
  await rejects('long', 'E_FILE_FORMAT', /long_song1\.htr lasts \d+\.\d{3} s but .*song1\.wav 7\.200 s: the motion is 3\.\d{3} s longer than the audio \(at most 1 s is allowed\)/);
});
