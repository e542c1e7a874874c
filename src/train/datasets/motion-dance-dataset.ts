import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asTerpsiError, TerpsiError } from '../../core/errors.js';
import { metres, seconds, type Seconds } from '../../core/units.js';
import { forwardKinematics } from '../../movement/forward-kinematics.js';
import { motionBeats } from '../../movement/motion-beats.js';
import { motionFrameRate, type MotionPose } from '../../movement/motion-vector.js';
import { readBeatsFile } from '../beats-file.js';
import { motionBeatFMeasure } from '../metrics/motion-beat-f-measure.js';
import { danceTrack, type DanceTrackSource } from './dance-track.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import { readAudio } from './read-audio.js';
import { readHtr } from './read-htr.js';
import { readText } from './read-text.js';
import { resampleMotion } from './resample-motion.js';

/** Folders of the data set's archive, from its root. */
export const motionDanceLayout = {
  motion: join('MOCAP', 'HTR'),
  wave: join('AUDIO', 'WAVE'),
  mp3: join('AUDIO', 'MP3'),
  beats: join('Annotations', 'corrected'),
} as const;

/** The capture may start up to this many frames (at 30 fps) before the music: the public code's search range. */
export const alignmentFrames = 35;
/** The root is centred on where it stands over the first second, as the public code does. */
const centringFrames = 31;
/** Audio and motion of a take may differ in length by this much before they are taken for different takes. */
const tolerance = seconds(1);

/**
 * The tracks of the public data set of Yalta et al., "Weakly-supervised deep recurrent neural
 * networks for basic dance step generation" (IJCNN 2019), in the layout its archive unpacks to
 * and its code (github.com/audiofhrozen/motion_dance) reads, with `root` the folder holding:
 * - `MOCAP/HTR/<exp>_<song>.htr`, and `test_<exp>_<song>.htr` for held-out takes: the motion
 *   capture, one Motion Analysis HTR file per take on the 17 segments of the Unreal Engine
 *   mannequin, read by readHtr; `<exp>` names an experiment's takes (`sequence`, `bpm`,
 *   `genre_salsa`, ...).
 * - `AUDIO/WAVE/<song>.wav` or, failing that, `AUDIO/MP3/<song>.mp3`: the music (resampled to
 *   16 kHz mono, as the public code converts it).
 * - `Annotations/corrected/<song>.txt`: the music's beats, one time in seconds per line.
 * Tracks are listed in name order, named `<song>`, split `test` for `test_` files. Loading a
 * track reads all three and, since the capture started before the music, aligns them as the
 * public code did: the motion's first 0–34 frames are dropped, as many as put its motion beats
 * (movement/motion-beats.ts) best on the music's beats (highest motion-beat F-measure; of shifts
 * a whole beat apart that fit equally, the smallest; then the nearest beats). The root is then centred
 * horizontally on where it stood over the first second (its height stays: from standing, by
 * readHtr). Audio and motion are cut to their common span; lengths more than 1 s apart are an
 * E_FILE_FORMAT error naming both files. A missing `MOCAP/HTR` folder, missing audio (neither
 * file) or beats, or an unreadable file is E_FILE_UNREADABLE naming it; no take for `exp` is
 * E_USAGE listing the files that are there.
 */
export function motionDanceDataset(root: string, exp: string): DanceTrackSource[] {
  const folder = join(root, motionDanceLayout.motion);
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${folder}: cannot list the motion capture folder (is ${root} the data set's root?)`);
  }
  const pattern = new RegExp(`^(test_)?${exp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_(.+)\\.htr$`);
  const takes = entries.sort().flatMap((f) => {
    const m = pattern.exec(f);
    return m ? [{ file: join(folder, f), song: m[2]!, split: m[1] ? ('test' as const) : ('train' as const) }] : [];
  });
  if (takes.length === 0) {
    const htr = entries.filter((f) => f.endsWith('.htr'));
    throw new TerpsiError('E_USAGE', `${folder}: no ${exp}_<song>.htr or test_${exp}_<song>.htr; the folder holds ${htr.length === 0 ? 'no .htr file' : htr.slice(0, 5).join(', ') + (htr.length > 5 ? ', ...' : '')}`);
  }
  return takes.map(({ file, song, split }) => ({
    name: song,
    split,
    async load() {
      const capture = readHtr(readText(file, 'motion capture'), file);
      const motion = resampleMotion(capture.frames, capture.frameTime);
      const audioFile = audioOf(root, song);
      const audio = await readAudio(audioFile, danceAudioFraming.sampleRate);
      const beats = readBeatsFile(join(root, motionDanceLayout.beats, `${song}.txt`));
      const aligned = centred(motion.slice(alignment(motion, beats)));
      return danceTrack({ name: song, audio, beats, motion: aligned, audioFile, motionFile: file, tolerance });
    },
  }));
}

/** The take's audio file: the WAV the public code converts to, else the MP3 it converts from. */
function audioOf(root: string, song: string): string {
  const wave = join(root, motionDanceLayout.wave, `${song}.wav`);
  const mp3 = join(root, motionDanceLayout.mp3, `${song}.mp3`);
  if (existsSync(wave)) return wave;
  if (existsSync(mp3)) return mp3;
  throw new TerpsiError('E_FILE_UNREADABLE', `no audio for ${song}: neither ${wave} nor ${mp3} exists`);
}

/**
 * Frames to drop from the start of `motion` so that its motion beats fall best on `beats`
 * (seconds). A dance that repeats on every beat fits as well one beat later: of the runs of
 * consecutive shifts that reach the best F-measure the first is taken, as the public code takes
 * the first best shift, and within it the shift whose motion beats lie nearest the music's.
 */
function alignment(motion: readonly MotionPose[], beats: readonly Seconds[]): number {
  const moves = motionBeats(motion.map((pose) => forwardKinematics(pose)));
  let best = { frames: 0, f: -1, error: Infinity, runEnd: -1 };
  for (let frames = 0; frames < alignmentFrames; frames++) {
    const shifted = moves.map((t) => t - frames / motionFrameRate).filter((t) => t >= 0);
    const { f } = motionBeatFMeasure(beats, shifted);
    const error = meanDistance(shifted, beats);
    if (f > best.f + 1e-9) best = { frames, f, error, runEnd: frames };
    else if (Math.abs(f - best.f) <= 1e-9 && best.runEnd === frames - 1) {
      best = error < best.error - 1e-9 ? { frames, f, error, runEnd: frames } : { ...best, runEnd: frames };
    }
  }
  return best.frames;
}

/** Mean distance, seconds, from each of `times` to the nearest of `beats` within the F-measure's 70 ms; Infinity when none is. */
function meanDistance(times: readonly number[], beats: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const t of times) {
    let nearest = Infinity;
    for (const b of beats) nearest = Math.min(nearest, Math.abs(t - b));
    if (nearest <= 0.07) {
      sum += nearest;
      n++;
    }
  }
  return n > 0 ? sum / n : Infinity;
}

/** `motion` with its root moved horizontally so that it averages x = z = 0 over the first second. */
function centred(motion: readonly MotionPose[]): MotionPose[] {
  const start = motion.slice(0, centringFrames);
  const mean = (k: 0 | 2) => start.reduce((sum, pose) => sum + pose.root[k], 0) / Math.max(1, start.length);
  const [x, z] = [mean(0), mean(2)];
  return motion.map((pose) => ({ root: [metres(pose.root[0] - x), pose.root[1], metres(pose.root[2] - z)], rotations: pose.rotations }));
}
