import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { TerpsiError } from '../core/errors.js';
import { frameKinds, type Frame } from '../core/frames.js';

/**
 * Recorded sessions: NDJSON, a header line then one frame per line, in the order the sources
 * emitted them. Typed arrays are stored losslessly as base64 of their little-endian bytes,
 * `{"$f32": "..."}` for Float32Array and `{"$u8": "..."}` for Uint8Array. The engine's arrival
 * stamp `rx` is not stored: it belongs to the run that recorded, not to the recording.
 */
const header = { format: 'terpsi-session', version: 1 } as const;

export interface SessionWriter {
  write(frame: Frame): void;
  /** Flushes and closes; rejects with E_FILE_UNREADABLE if any write failed. */
  close(): Promise<void>;
}

function replacer(key: string, value: unknown): unknown {
  if (key === 'rx') return undefined;
  if (value instanceof Float32Array) return { $f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Uint8Array) return { $u8: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
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

/** Opens `file` for a new recording (replacing it). */
export function sessionWriter(file: string): SessionWriter {
  const stream = createWriteStream(file);
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

/** Throws E_FILE_UNREADABLE naming the file unless it exists and is a file. */
export function assertReadable(file: string): void {
  let ok = false;
  try {
    ok = statSync(file).isFile();
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, { cause: e });
  }
  if (!ok) throw new TerpsiError('E_FILE_UNREADABLE', `${file}: not a file`);
}

/** The frames of a session, streamed; a malformed line is E_SESSION naming the file and line. */
export async function* readSession(file: string): AsyncGenerator<Frame> {
  assertReadable(file);
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
      const h = value as { format?: unknown; version?: unknown } | null;
      if (h?.format !== header.format) throw bad('not a terpsi session (the first line must be its header)');
      if (h.version !== header.version) throw bad(`session version ${String(h.version)}; this terpsi reads version ${header.version}`);
      continue;
    }
    const f = value as Partial<Frame> | null;
    if (!f || typeof f !== 'object') throw bad('expected a frame object');
    if (!frameKinds.includes(f.kind as Frame['kind'])) throw bad(`unknown frame kind ${JSON.stringify(f.kind)}`);
    if (typeof f.t !== 'number' || !Number.isFinite(f.t)) throw bad('frame time t must be a finite number');
    if (typeof f.source !== 'string') throw bad('frame source must be a string');
    yield f as Frame;
  }
  if (n === 0) throw new TerpsiError('E_SESSION', `${file}: empty file, not a terpsi session`);
}
