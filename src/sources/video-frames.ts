import { execFile } from 'node:child_process';
import { TerpsiError } from '../core/errors.js';
import { ffmpegPath, spawnFfmpeg } from './ffmpeg.js';

/** One decoded image: rows of RGB bytes, top row first. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface VideoReadOptions {
  /** The longest side of the images, pixels; the aspect ratio is kept. */
  readonly size: number;
  /** Frames per second to deliver: ffmpeg drops or repeats frames to hit it, so frame k is at k / fps s. */
  readonly fps: number;
}

/** True for inputs that are cameras or streams rather than files: they run live, at their own pace. */
export function isLiveVideo(input: string): boolean {
  return input.startsWith('/dev/video') || /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
}

/**
 * Decodes a video file, a V4L2 camera (/dev/videoN) or a stream URL with ffmpeg, streaming, into
 * RGB images no larger than `size` at a steady `fps`. ffmpeg writes PPM images to a pipe (each
 * carries its size, so no probing is needed). Stopping the iteration early kills ffmpeg.
 * Failures are E_FFMPEG naming the input, with ffmpeg's last line of stderr.
 */
export async function* readVideoFrames(input: string, options: VideoReadOptions): AsyncGenerator<RgbImage> {
  const { size, fps } = options;
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    ...(input.startsWith('/dev/video') ? ['-f', 'v4l2'] : []),
    '-i', input,
    '-map', '0:v:0',
    '-vf', `fps=${fps},scale=${size}:${size}:force_original_aspect_ratio=decrease`,
    '-c:v', 'ppm', '-f', 'image2pipe', 'pipe:1',
  ];
  const ffmpeg = spawnFfmpeg(input, args);
  let pending: Buffer = Buffer.alloc(0);
  let frames = 0;
  try {
    for await (const chunk of ffmpeg.stdout) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const header = ppmHeader(pending, input);
        if (!header || pending.length < header.length + header.width * header.height * 3) break;
        const end = header.length + header.width * header.height * 3;
        yield { width: header.width, height: header.height, data: new Uint8Array(pending.subarray(header.length, end)) };
        frames++;
        pending = pending.subarray(end);
      }
    }
    await ffmpeg.finished();
    if (frames === 0) throw new TerpsiError('E_FFMPEG', `${input}: ffmpeg produced no video`);
  } finally {
    ffmpeg.kill();
  }
}

/** The header of the binary PPM at the start of `bytes` ("P6 <width> <height> 255" and one whitespace byte); undefined while incomplete. */
function ppmHeader(bytes: Buffer, input: string): { width: number; height: number; length: number } | undefined {
  const text = bytes.subarray(0, Math.min(bytes.length, 64)).toString('latin1');
  const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!m) {
    if (bytes.length >= 64 || (bytes.length >= 2 && !text.startsWith('P6'))) throw new TerpsiError('E_FFMPEG', `${input}: ffmpeg wrote something that is not a PPM image`);
    return undefined;
  }
  if (m[3] !== '255') throw new TerpsiError('E_FFMPEG', `${input}: ffmpeg wrote a PPM image with ${m[3]} levels`);
  return { width: Number(m[1]), height: Number(m[2]), length: m[0].length };
}

/** The duration of a video file in seconds as ffmpeg reads it from the container; undefined when it does not say. */
export function videoDuration(input: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    // Without an output ffmpeg prints the input's description and exits with an error, which is expected here.
    execFile(ffmpegPath(), ['-nostdin', '-hide_banner', '-i', input], (_error, _stdout, stderr) => {
      const m = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
      resolve(m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined);
    });
  });
}
