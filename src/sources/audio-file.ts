import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Observable, switchMap } from 'rxjs';
import { TerpsiError } from '../core/errors.js';
import type { Frame } from '../core/frames.js';
import type { Log } from '../core/log.js';
import type { SourceType } from '../core/registries.js';
import { hertz } from '../core/units.js';
import { z } from 'zod';
import { decodeWithFfmpeg, type FfmpegDecodeOptions } from './ffmpeg.js';
import { playSamples, type SampleBuffer } from './play-samples.js';
import { decodeWav } from './wav.js';
import { mixToMono } from '../dsp/mix-to-mono.js';

const params = z.strictObject({
  /** Relative to the patch file. */
  path: z.string().min(1),
  /** Resample to this rate (through ffmpeg); the file's own rate when left out. */
  sampleRate: z.number().int().min(1000).max(384000).optional(),
  /** 1 mixes down to mono. */
  channels: z.number().int().min(1).max(32).default(1),
  /** Sample frames per AudioFrame. */
  blockSize: z.number().int().min(1).max(65536).default(512),
  loop: z.boolean().default(false),
});

export type AudioFileParams = z.infer<typeof params>;

/**
 * An audio file played as if it were a microphone, paced on the engine clock. WAV files are
 * decoded natively (at load, so a bad file stops `terpsi run` before anything starts); other
 * formats, other rates and channel layouts other than "as is" or "mixed to mono" go through ffmpeg,
 * which decodes when the source starts. NaN and infinite samples become 0 and samples beyond ±1
 * are clipped, with a warning, so that nothing downstream ever sees them.
 */
export const audioFile: SourceType<AudioFileParams> = {
  name: 'audio-file',
  description: 'plays an audio file (WAV natively; MP3, FLAC, Ogg, ... through ffmpeg) in blocks paced on the engine clock',
  params,
  live: false,
  create(p, ctx) {
    const file = ctx.resolve(p.path);
    const play = (audio: SampleBuffer) => playSamples(ctx.clock, audio, { source: ctx.id, blockSize: p.blockSize, loop: p.loop });
    if (isWav(file)) {
      const wav = decodeWav(readAll(file), file);
      if (wav.warning) ctx.log.warn(wav.warning);
      if ((p.sampleRate === undefined || p.sampleRate === wav.sampleRate) && (p.channels === wav.channels || p.channels === 1)) {
        const audio = p.channels === wav.channels ? wav : monoBuffer(wav);
        clean(audio.samples, file, ctx.log);
        return play(audio);
      }
    }
    // Mono is mixed here, not by ffmpeg, so every format is mixed the same way (a plain average;
    // ffmpeg's matrix would make a FLAC 3 dB louder than the same WAV).
    const options: FfmpegDecodeOptions = {
      ...(p.channels === 1 ? {} : { channels: p.channels }),
      ...(p.sampleRate === undefined ? {} : { sampleRate: hertz(p.sampleRate) }),
    };
    ctx.log.debug(`decoding ${file} through ffmpeg`);
    return decodeAll(file, options).pipe(
      switchMap((decoded): Observable<Frame> => {
        const audio = decoded.channels > 1 && p.channels === 1 ? monoBuffer(decoded) : decoded;
        clean(audio.samples, file, ctx.log);
        return play(audio);
      }),
    );
  },
};

/** Checks the file can be read (E_FILE_UNREADABLE naming it) and tells a WAV file by its header or extension. */
function isWav(file: string): boolean {
  const head = Buffer.alloc(12);
  try {
    if (!statSync(file).isFile()) throw new TerpsiError('E_FILE_UNREADABLE', `${file}: not a file`);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw unreadable(file, e);
  }
  const riffWave = head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE';
  return riffWave || ['.wav', '.wave'].includes(extname(file).toLowerCase());
}

function readAll(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw unreadable(file, e);
  }
}

function unreadable(file: string, e: unknown): TerpsiError {
  if (e instanceof TerpsiError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
  return new TerpsiError('E_FILE_UNREADABLE', `${file}: ${why}`, { cause: e });
}

/** Averages the channels of each sample frame. */
function monoBuffer(audio: SampleBuffer): SampleBuffer {
  return { samples: mixToMono(audio.samples, audio.channels), sampleRate: audio.sampleRate, channels: 1 };
}

/** Decodes the whole file through ffmpeg; unsubscribing stops ffmpeg. */
function decodeAll(file: string, options: FfmpegDecodeOptions): Observable<SampleBuffer> {
  return new Observable<SampleBuffer>((subscriber) => {
    let stopped = false;
    const run = async () => {
      const parts: Float32Array[] = [];
      let format: Omit<SampleBuffer, 'samples'> = { sampleRate: options.sampleRate ?? hertz(0), channels: options.channels ?? 1 };
      for await (const part of decodeWithFfmpeg(file, options)) {
        if (stopped) return;
        parts.push(part.samples);
        format = part;
      }
      const samples = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
      parts.reduce((at, part) => (samples.set(part, at), at + part.length), 0);
      subscriber.next({ samples, sampleRate: format.sampleRate, channels: format.channels });
      subscriber.complete();
    };
    run().catch((error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
    };
  });
}

/** Replaces NaN and infinities by 0 and clips to ±1, in place; says so when it had to. */
function clean(samples: Float32Array, file: string, log: Log): void {
  let nonFinite = 0;
  let clipped = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]!;
    if (!Number.isFinite(x)) {
      samples[i] = 0;
      nonFinite++;
    } else if (x > 1 || x < -1) {
      samples[i] = x > 1 ? 1 : -1;
      clipped++;
    }
  }
  if (nonFinite > 0) log.warn(`${file}: ${nonFinite} NaN or infinite samples replaced by 0`);
  if (clipped > 0) log.warn(`${file}: ${clipped} samples beyond ±1 clipped`);
}
