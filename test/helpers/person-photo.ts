import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ffmpeg } from './ffmpeg.js';

/**
 * Writes to `file` (a .png, or a video by its extension, `seconds` long) a photograph of a woman
 * standing, facing the camera, arms a little out: the first tile of the sample sheet that
 * @vladmandic/human ships (installed with the pose models).
 */
export function personPhoto(file: string, seconds?: number): void {
  const main = createRequire(import.meta.url).resolve('@vladmandic/human');
  const sheet = join(main.slice(0, main.lastIndexOf('/dist/')), 'assets', 'samples.jpg');
  const crop = 'crop=iw/8:ih*0.135:0:0,pad=ceil(iw/2)*2:ceil(ih/2)*2';
  if (seconds === undefined) ffmpeg('-i', sheet, '-vf', crop, file);
  else ffmpeg('-loop', '1', '-i', sheet, '-t', String(seconds), '-r', '30', '-vf', crop, '-pix_fmt', 'yuv420p', file);
}
