import type { Seconds } from '../../core/units.js';

/** A stretch of a clip during which a tag sounds, seconds from the clip's start. */
export interface TagInterval {
  readonly tag: string;
  readonly onset: Seconds;
  readonly offset: Seconds;
}

/**
 * One item of a tagging or classification dataset, whatever its layout on disk: an audio file,
 * the tags that sound somewhere in it (clip-level labels, what training sees) and, where the
 * dataset has them, when each sounds (frame-level truth, what evaluation scores). A
 * classification dataset (ballroom styles) gives exactly one tag per clip and no intervals.
 */
export interface LabeledClip {
  /** Path of the audio file (any format ffmpeg reads). */
  readonly audio: string;
  /** Tags present in the clip, each once, in the dataset's tag order. */
  readonly tags: readonly string[];
  /** When each tag sounds; absent where the dataset has clip-level labels only. */
  readonly intervals?: readonly TagInterval[];
}

/** A dataset read from disk: its tag vocabulary (in a fixed order) and its clips. */
export interface LabeledDataset {
  readonly tags: readonly string[];
  readonly clips: readonly LabeledClip[];
}
