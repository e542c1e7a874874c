import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { TerpsiError } from '../core/errors.js';
import type { Hertz } from '../core/units.js';
import type { SampleBuffer } from './play-samples.js';
import { readWavHeader, toFloat, type WavHeader } from './wav.js';

let binary: string | undefined;

/** Absolute path of the ffmpeg binary that @ffmpeg-installer/ffmpeg ships for this platform. */
export function ffmpegPath(): string {
  if (binary === undefined) {
    try {
      binary = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    } catch (e) {
      // The installer throws plain strings when its platform package is missing.
      throw new TerpsiError('E_FFMPEG', `no ffmpeg binary: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  return binary;
}

/** The first line of `ffmpeg -version`, for `terpsi doctor`. */
export function ffmpegVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), ['-hide_banner', '-version'], (error, stdout) => {
      if (error) reject(new TerpsiError('E_FFMPEG', `${ffmpegPath()} -version failed: ${error.message}`, { cause: error }));
      else resolve(stdout.split('\n')[0] ?? '');
    });
  });
}

export interface FfmpegDecodeOptions {
  /** Resample to this rate; the file's own rate when left out. */
  readonly sampleRate?: Hertz;
  /** Up- or down-mix to this many channels (ffmpeg's standard matrices); the file's own when left out. */
  readonly channels?: number;
}

/**
 * Decodes any audio file ffmpeg reads, streaming: ffmpeg writes 32-bit float WAV to a pipe and
 * each chunk it writes is yielded as soon as it arrives, as whole sample frames. WAV rather than
 * raw f32le on the pipe because its header tells the file's sample rate when none is asked for.
 * Stopping the iteration early kills ffmpeg. Failures are E_FFMPEG naming the file, with ffmpeg's
 * last line of stderr.
 */
export async function* decodeWithFfmpeg(file: string, options: FfmpegDecodeOptions): AsyncGenerator<SampleBuffer> {
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error',
    '-i', file,
    '-map', '0:a:0', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact',
    ...(options.channels === undefined ? [] : ['-ac', String(options.channels)]),
    ...(options.sampleRate === undefined ? [] : ['-ar', String(options.sampleRate)]),
    '-c:a', 'pcm_f32le', '-f', 'wav', 'pipe:1',
  ];
  const ffmpeg = spawnFfmpeg(file, args);

  let header: WavHeader | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let left = Infinity;
  try {
    for await (const chunk of ffmpeg.stdout) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (!header) {
        header = readWavHeader(pending, file);
        if (!header) continue;
        pending = pending.subarray(header.dataOffset);
        left = header.dataSize ?? Infinity;
      }
      const { format } = header;
      const frameBytes = 4 * format.channels;
      const take = Math.min(left, pending.length - (pending.length % frameBytes));
      if (take <= 0) continue;
      const samples = toFloat(new DataView(pending.buffer, pending.byteOffset, take), format);
      pending = pending.subarray(take);
      left -= take;
      yield { samples, sampleRate: format.sampleRate, channels: format.channels };
    }
    await ffmpeg.finished();
    if (!header) throw new TerpsiError('E_FFMPEG', `${file}: ffmpeg produced no audio`);
  } finally {
    ffmpeg.kill();
  }
}

/** A running ffmpeg: its output, how it ended, and a way to stop it. */
export interface FfmpegProcess {
  readonly stdout: AsyncIterable<Buffer>;
  /** Resolves when ffmpeg exited cleanly; otherwise E_FFMPEG naming `input`, with its last line of stderr. */
  finished(): Promise<void>;
  /** Kills it if it still runs. */
  kill(): void;
}

/** Starts ffmpeg with `args` (stdout piped, the last 4 kB of stderr kept for the error); `input` names it in errors. */
export function spawnFfmpeg(input: string, args: readonly string[]): FfmpegProcess {
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-4096);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
  return {
    stdout: child.stdout as AsyncIterable<Buffer>,
    async finished() {
      const { code, error } = await exited;
      if (error) throw new TerpsiError('E_FFMPEG', `${input}: cannot run ${ffmpegPath()}: ${error.message}`, { cause: error });
      if (code !== 0) {
        const last = stderr.trim().split('\n').pop()?.trim();
        throw new TerpsiError('E_FFMPEG', `${input}: ffmpeg failed (exit code ${code}): ${last || 'no message'}`);
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
