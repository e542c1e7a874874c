import { readFileSync } from 'node:fs';
import { asTerpsiError } from '../../core/errors.js';
import type { Hertz } from '../../core/units.js';
import { decodeWithFfmpeg } from '../../sources/ffmpeg.js';
import { decodeWav } from '../../sources/wav.js';

/**
 * The whole audio of `file` as mono samples at `sampleRate`. A mono WAV file already at that
 * rate is decoded here; anything else (other rates, stereo, MP3, FLAC, ...) is decoded and
 * resampled by ffmpeg, channels mixed down. A file that cannot be read is E_FILE_UNREADABLE and
 * a broken WAV file E_FILE_FORMAT, both naming it; ffmpeg failures are E_FFMPEG.
 */
export async function readAudio(file: string, sampleRate: Hertz): Promise<Float32Array> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw asTerpsiError(e, 'E_FILE_UNREADABLE', `${file}: cannot read the audio`);
  }
  if (/\.wav$/i.test(file)) {
    const wav = decodeWav(bytes, file);
    if (wav.sampleRate === sampleRate && wav.channels === 1) return wav.samples;
  }
  const chunks: Float32Array[] = [];
  for await (const chunk of decodeWithFfmpeg(file, { sampleRate, channels: 1 })) chunks.push(chunk.samples);
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
