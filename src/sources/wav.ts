import { TerpsiError } from '../core/errors.js';
import { hertz, type Hertz } from '../core/units.js';
import type { SampleBuffer } from './play-samples.js';

/** How the samples of a WAV data chunk are stored. */
export interface WavFormat {
  readonly encoding: 'int' | 'float';
  /** Bits per sample as stored (the container size for WAVE_FORMAT_EXTENSIBLE). */
  readonly bits: number;
  readonly channels: number;
  readonly sampleRate: Hertz;
}

/** Where the samples start, and how many bytes the file says they take (undefined: up to the end). */
export interface WavHeader {
  readonly format: WavFormat;
  readonly dataOffset: number;
  readonly dataSize: number | undefined;
}

/** A decoded WAV file; `warning` says what was wrong but could be worked around (a truncated file). */
export interface DecodedWav extends SampleBuffer {
  readonly warning?: string;
}

const formatNames: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0055: 'MP3',
};

// The 14 bytes that follow the format code in every standard WAVE_FORMAT_EXTENSIBLE subformat GUID.
const guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/**
 * Reads the RIFF/WAVE chunks before the samples. Returns undefined when `bytes` ends before the
 * data chunk starts (more bytes are needed); throws E_FILE_FORMAT for anything that is not a WAV
 * file terpsi can decode. Unknown chunks (LIST, fact, cue, ...) are skipped, with or without the
 * pad byte odd-sized chunks should have.
 */
export function readWavHeader(bytes: Uint8Array, file: string): WavHeader | undefined {
  const fail = (why: string) => new TerpsiError('E_FILE_FORMAT', `${file}: ${why}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length >= 4 && id(0) !== 'RIFF') throw fail('not a WAV file (no RIFF header)');
  if (bytes.length >= 12 && id(8) !== 'WAVE') throw fail(`not a WAV file (RIFF type "${id(8)}", expected "WAVE")`);
  let format: WavFormat | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const chunk = id(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (chunk === 'data') {
      if (!format) throw fail('the data chunk comes before any fmt chunk');
      return { format, dataOffset: body, dataSize: size === 0xffffffff ? undefined : size };
    }
    if (chunk === 'fmt ') {
      if (body + size > bytes.length) return undefined;
      format = readFormat(view, body, size, fail);
    }
    let next = body + size + (size & 1);
    if (size & 1 && next + 8 <= bytes.length && !isChunkId(bytes, next) && isChunkId(bytes, next - 1)) next--;
    at = next;
  }
  return undefined;
}

function isChunkId(bytes: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function readFormat(view: DataView, at: number, size: number, fail: (why: string) => TerpsiError): WavFormat {
  if (size < 16) throw fail(`fmt chunk is ${size} bytes, expected at least 16`);
  let code = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  if (code === 0xfffe) {
    if (size < 40) throw fail(`WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes, expected 40`);
    code = view.getUint16(at + 24, true);
    if (guidTail.some((b, i) => view.getUint8(at + 26 + i) !== b)) throw fail('unsupported WAVE_FORMAT_EXTENSIBLE subformat');
  }
  if (channels === 0) throw fail('the fmt chunk says 0 channels');
  if (sampleRate === 0) throw fail('the fmt chunk says a sample rate of 0 Hz');
  if (code === 1 && [8, 16, 24, 32].includes(bits)) return { encoding: 'int', bits, channels, sampleRate: hertz(sampleRate) };
  if (code === 3 && (bits === 32 || bits === 64)) return { encoding: 'float', bits, channels, sampleRate: hertz(sampleRate) };
  if (code === 1 || code === 3) throw fail(`unsupported ${code === 1 ? 'PCM' : 'float'} sample size of ${bits} bits`);
  const name = formatNames[code];
  throw fail(`unsupported WAV encoding 0x${code.toString(16).padStart(4, '0')}${name ? ` (${name})` : ''}; convert it to PCM or float`);
}

/**
 * Decodes a whole WAV file (PCM 8/16/24/32-bit, float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE)
 * to interleaved floats in -1..1 (float files are passed through as they are). A data chunk cut
 * short is decoded as far as it goes, with a `warning`. `file` names the file in messages.
 */
export function decodeWav(bytes: Uint8Array, file: string): DecodedWav {
  if (bytes.length < 12) throw new TerpsiError('E_FILE_FORMAT', `${file}: not a WAV file (${bytes.length} bytes)`);
  const header = readWavHeader(bytes, file);
  if (!header) throw new TerpsiError('E_FILE_FORMAT', `${file}: no audio data (the file ends before a fmt and a data chunk)`);
  const { format, dataOffset, dataSize } = header;
  const frameBytes = (format.bits / 8) * format.channels;
  const available = bytes.length - dataOffset;
  const claimed = dataSize ?? available;
  const usable = Math.min(claimed, available);
  const frames = Math.floor(usable / frameBytes);
  let warning: string | undefined;
  if (claimed > available) {
    warning = `${file}: truncated: the data chunk says ${claimed} bytes but the file holds ${available}; using the ${frames} whole sample frames there are`;
  } else if (usable % frameBytes !== 0) {
    warning = `${file}: the data chunk ends inside a sample frame; the partial frame is dropped`;
  }
  const samples = toFloat(new DataView(bytes.buffer, bytes.byteOffset + dataOffset, frames * frameBytes), format);
  return { samples, sampleRate: format.sampleRate, channels: format.channels, ...(warning ? { warning } : {}) };
}

/** Converts little-endian samples in `view` to floats in -1..1 (float samples are copied as they are). */
export function toFloat(view: DataView, format: Pick<WavFormat, 'encoding' | 'bits'>): Float32Array {
  const step = format.bits / 8;
  const out = new Float32Array(Math.floor(view.byteLength / step));
  const read = readers[`${format.encoding}${format.bits}`];
  if (!read) throw new Error(`toFloat: no conversion for ${format.encoding} ${format.bits}-bit samples`);
  for (let i = 0, at = 0; i < out.length; i++, at += step) out[i] = read(view, at);
  return out;
}

const readers: Readonly<Record<string, (view: DataView, at: number) => number>> = {
  int8: (v, at) => (v.getUint8(at) - 128) / 128,
  int16: (v, at) => v.getInt16(at, true) / 32768,
  int24: (v, at) => ((v.getUint8(at + 2) << 24) | (v.getUint8(at + 1) << 16) | (v.getUint8(at) << 8)) / 2147483648,
  int32: (v, at) => v.getInt32(at, true) / 2147483648,
  float32: (v, at) => v.getFloat32(at, true),
  float64: (v, at) => v.getFloat64(at, true),
};

/**
 * Encodes interleaved float samples as a WAV file: 16-bit PCM (scaled by 32768 and clipped, as
 * ffmpeg does) or 32-bit IEEE float (bit-exact).
 */
export function encodeWav(samples: Float32Array, sampleRate: Hertz, channels: number, encoding: 'pcm16' | 'float32' = 'pcm16'): Uint8Array {
  const bytesPerSample = encoding === 'pcm16' ? 2 : 4;
  const dataSize = samples.length * bytesPerSample;
  const bytes = new Uint8Array(44 + dataSize);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataSize, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, encoding === 'pcm16' ? 1 : 3, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * bytesPerSample, true);
  view.setUint16(32, channels * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataSize, true);
  for (let i = 0; i < samples.length; i++) {
    if (encoding === 'pcm16') {
      view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768))), true);
    } else {
      view.setFloat32(44 + 4 * i, samples[i]!, true);
    }
  }
  return bytes;
}
