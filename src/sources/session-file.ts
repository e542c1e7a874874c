import { closeSync, createReadStream, createWriteStream, openSync, readSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { TerpsiError } from '../core/errors.js';
import { frameKinds, type Frame } from '../core/frames.js';

/**
 * Recorded sessions: NDJSON, a header line then one frame per line, in the order the sources
 * emitted them. Typed arrays are stored losslessly as base64 of their little-endian bytes,
 * `{"$f32": "..."}` for Float32Array and `{"$u8": "..."}` for Uint8Array, and NaN and the
 * infinities, which JSON would turn into null, as `{"$num": "NaN"}`. The engine's arrival stamp
 * `rx` is not stored: it belongs to the run that recorded, not to the recording.
 */
const header = { format: 'terpsi-session', version: 1 } as const;

export interface SessionWriter {
  write(frame: Frame): void;
  /** Flushes and closes; rejects with E_FILE_UNREADABLE if any write failed. */
  close(): Promise<void>;
}

function replacer(key: string, value: unknown): unknown {
  if (key === 'rx') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  if (value instanceof Float32Array) return { $f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Uint8Array) return { $u8: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
const nonFinite = new Set(['NaN', 'Infinity', '-Infinity']);

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    for (const tag of ['$f32', '$u8'] as const) {
      if (tag in o && (typeof o[tag] !== 'string' || !base64.test(o[tag]))) throw new Error(`${tag} must hold base64 data`);
    }
    if ('$num' in o) {
      if (typeof o.$num !== 'string' || !nonFinite.has(o.$num)) throw new Error(`$num must be "NaN", "Infinity" or "-Infinity", got ${JSON.stringify(o.$num)}`);
      return Number(o.$num);
    }
    if (typeof o.$f32 === 'string') {
      const bytes = Buffer.from(o.$f32, 'base64');
      if (bytes.length % 4 !== 0) throw new Error('$f32 data is not a whole number of floats');
      // Copy into a fresh buffer: a Float32Array view needs 4-byte alignment.
      return new Float32Array(new Uint8Array(bytes).buffer);
    }
    if (typeof o.$u8 === 'string') return new Uint8Array(Buffer.from(o.$u8, 'base64'));
  }
  return value;
}

/**
 * Opens `file` for a new recording (replacing it). Opened at once, so that a path that cannot be
 * written fails (E_FILE_UNREADABLE) before the show starts, not when it ends.
 */
export function sessionWriter(file: string): SessionWriter {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: cannot write the session: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
  const stream = createWriteStream(file, { fd });
  let failure: Error | undefined;
  stream.on('error', (e) => (failure ??= e));
  stream.write(JSON.stringify(header) + '\n');
  return {
    write(frame) {
      if (!failure) stream.write(JSON.stringify(frame, replacer) + '\n');
    },
    async close() {
      if (!failure) {
        stream.end();
        await Promise.race([once(stream, 'finish'), once(stream, 'error')]).catch(() => {});
      }
      if (failure) throw new TerpsiError('E_FILE_UNREADABLE', `${file}: cannot write the session: ${failure.message}`, { cause: failure });
    },
  };
}

/**
 * Checks, before anything plays, that `file` can be read (E_FILE_UNREADABLE) and starts with a
 * session header this version reads (E_SESSION); the frames are checked as they are read.
 */
export function checkSession(file: string): void {
  let first: string;
  try {
    if (!statSync(file).isFile()) throw new TerpsiError('E_FILE_UNREADABLE', `${file}: not a file`);
    const head = Buffer.alloc(4096);
    const fd = openSync(file, 'r');
    try {
      first = head.toString('utf8', 0, readSync(fd, head, 0, head.length, 0)).split('\n')[0]!;
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (e instanceof TerpsiError) throw e;
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    value = undefined;
  }
  checkHeader(value, (why) => new TerpsiError('E_SESSION', `${file}:1: ${why}`));
}

function checkHeader(value: unknown, bad: (why: string) => TerpsiError): void {
  const h = value as { format?: unknown; version?: unknown } | null | undefined;
  if (h?.format !== header.format) throw bad('not a terpsi session (the first line must be its header)');
  if (h.version !== header.version) throw bad(`session version ${String(h.version)}; this terpsi reads version ${header.version}`);
}

/** Typed-array fields that consumers of each kind index into. */
const typedFields: Partial<Record<Frame['kind'], readonly [string, typeof Float32Array | typeof Uint8Array]>> = {
  audio: ['samples', Float32Array],
  motion: ['rotations', Float32Array],
  video: ['data', Uint8Array],
};

/** The frames of a session, streamed; a malformed line is E_SESSION naming the file and line. */
export async function* readSession(file: string): AsyncGenerator<Frame> {
  checkSession(file);
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    const bad = (why: string) => new TerpsiError('E_SESSION', `${file}:${n}: ${why}`);
    let value: unknown;
    try {
      value = JSON.parse(line, reviver);
    } catch (e) {
      throw bad((e as Error).message);
    }
    if (n === 1) {
      checkHeader(value, bad);
      continue;
    }
    const f = value as Partial<Frame> | null;
    if (!f || typeof f !== 'object') throw bad('expected a frame object');
    if (!frameKinds.includes(f.kind as Frame['kind'])) throw bad(`unknown frame kind ${JSON.stringify(f.kind)}`);
    if (typeof f.t !== 'number' || !Number.isFinite(f.t)) throw bad('frame time t must be a finite number');
    if (typeof f.source !== 'string') throw bad('frame source must be a string');
    const typed = typedFields[f.kind as Frame['kind']];
    if (typed && !((f as Record<string, unknown>)[typed[0]] instanceof typed[1])) throw bad(`a ${f.kind} frame's ${typed[0]} must be a ${typed[1].name}`);
    if (f.kind === 'audio' && !((f.sampleRate ?? 0) > 0 && Number.isInteger(f.channels) && (f.channels ?? 0) > 0 && Number.isInteger(f.index))) {
      throw bad('an audio frame needs a positive sampleRate, a whole number of channels ≥ 1 and a whole index');
    }
    yield f as Frame;
  }
}
