import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { metres, seconds } from '../../../src/core/units.js';
import type { MotionPose } from '../../../src/movement/motion-vector.js';
import { danceTrack } from '../../../src/train/datasets/dance-track.js';

const pose: MotionPose = { root: [metres(0), metres(0), metres(0)], rotations: new Float32Array(68) };
const parts = (audioSeconds: number, frames: number) => ({
  name: 't',
  audio: Float32Array.from({ length: Math.round(audioSeconds * 16000) }, (_, i) => i),
  beats: [0, 0.5, 1, 1.5, 2, 2.5].map(seconds),
  motion: Array.from({ length: frames }, () => pose),
  audioFile: 'a.wav',
  motionFile: 'm.bvh',
  tolerance: seconds(0.5),
});

test('audio and motion are cut to the span they share, and the beats with them', () => {
  const longerAudio = danceTrack(parts(2.3, 60));
  assert.equal(longerAudio.motion.length, 60);
  assert.equal(longerAudio.audio.length, 32000);
  assert.deepEqual(longerAudio.beats, [0, 0.5, 1, 1.5]);
  const longerMotion = danceTrack(parts(1.7, 60));
  assert.equal(longerMotion.motion.length, 51);
  assert.equal(longerMotion.audio.length, 27200);
  assert.equal(longerMotion.audio[27199], 27199);
  // Not a whole number of frames: the audio is cut at the last frame's end.
  const odd = danceTrack(parts(1.01, 40));
  assert.equal(odd.motion.length, 30);
  assert.equal(odd.audio.length, 16000);
});

test('lengths further apart than the tolerance are E_FILE_FORMAT naming both files; no motion names the motion file', () => {
  assert.throws(() => danceTrack(parts(1, 60)), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message === 'm.bvh lasts 2.000 s but a.wav 1.000 s: the motion is 1.000 s longer than the audio (at most 0.5 s is allowed)');
  assert.throws(() => danceTrack(parts(3, 60)), (e) => isTerpsiError(e) && /the motion is 1\.000 s shorter than the audio/.test(e.message));
  assert.throws(() => danceTrack(parts(0, 0)), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message === 'm.bvh: no motion frames');
});
