import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../../src/sources/ffmpeg.js';

/** Runs the ffmpeg binary terpsi ships with, quietly; throws if it fails. */
export function ffmpeg(...args: string[]): void {
  execFileSync(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);
}
