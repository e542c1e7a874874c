import { TerpsiError } from '../../core/errors.js';
import { seconds, type Seconds } from '../../core/units.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import { motionFrameRate, type MotionPose } from '../../movement/motion-vector.js';

/** One piece of music with a dance to it: what the dance generator trains on. */
export interface DanceTrack {
  readonly name: string;
  /** Mono samples at 16 kHz, spanning the motion exactly: round(motion.length × 16000 / 30) of them. */
  readonly audio: Float32Array;
  /** The music's beats, seconds from the first sample, increasing, all within the track. */
  readonly beats: Seconds[];
  /** One pose per motion frame at 30 fps, frame n at n/30 s. */
  readonly motion: MotionPose[];
}

/** A track of a data set, read when asked for: a few minutes of audio and motion take tens of megabytes. */
export interface DanceTrackSource {
  readonly name: string;
  readonly split: 'train' | 'test';
  load(): Promise<DanceTrack>;
}

export interface DanceTrackParts {
  readonly name: string;
  readonly audio: Float32Array;
  readonly beats: readonly Seconds[];
  readonly motion: readonly MotionPose[];
  /** Where the audio and the motion came from, for messages. */
  readonly audioFile: string;
  readonly motionFile: string;
  /** How much longer one may be than the other: the longer one is cut to the shorter. */
  readonly tolerance: Seconds;
}

const { sampleRate } = danceAudioFraming;

/**
 * A track from audio and motion read from separate files: both are cut to the span they share
 * (whole motion frames; the audio to the sample at the last frame's end) and the beats to that
 * span. Lengths that differ by more than `tolerance` mean the files do not belong together: an
 * E_FILE_FORMAT error naming both files, which is longer and by how many seconds. No motion
 * frames is E_FILE_FORMAT naming the motion file.
 */
export function danceTrack(parts: DanceTrackParts): DanceTrack {
  const { name, audio, beats, motion, audioFile, motionFile, tolerance } = parts;
  if (motion.length === 0) throw new TerpsiError('E_FILE_FORMAT', `${motionFile}: no motion frames`);
  const audioSeconds = audio.length / sampleRate;
  const motionSeconds = motion.length / motionFrameRate;
  const difference = motionSeconds - audioSeconds;
  if (Math.abs(difference) > tolerance) {
    throw new TerpsiError(
      'E_FILE_FORMAT',
      `${motionFile} lasts ${motionSeconds.toFixed(3)} s but ${audioFile} ${audioSeconds.toFixed(3)} s: the motion is ` +
        `${Math.abs(difference).toFixed(3)} s ${difference > 0 ? 'longer' : 'shorter'} than the audio (at most ${tolerance} s is allowed)`,
    );
  }
  // The most frames whose span, rounded to samples as `audio` is cut, the audio still covers.
  const frames = Math.min(motion.length, Math.ceil(((audio.length + 0.5) * motionFrameRate) / sampleRate) - 1);
  const end = frames / motionFrameRate;
  return {
    name,
    audio: audio.slice(0, Math.round((frames * sampleRate) / motionFrameRate)),
    beats: beats.filter((t) => t < end).map(seconds),
    motion: motion.slice(0, frames),
  };
}
