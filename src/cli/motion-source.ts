import { closeSync, openSync, readSync } from 'node:fs';
import { TerpsiError } from '../core/errors.js';
import type { PatchEntry } from '../patch/load-patch.js';
import { bvh } from '../sources/bvh.js';
import { replay } from '../sources/replay.js';

/**
 * Whether `file` is a BVH file or a recorded session, judged by its first bytes. A file that
 * cannot be read is E_FILE_UNREADABLE, one that is neither E_FILE_FORMAT, both naming it.
 */
function motionFileKind(file: string): 'bvh' | 'session' {
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const bytes = Buffer.alloc(4096);
      head = bytes.toString('utf8', 0, readSync(fd, bytes, 0, bytes.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, { cause: e });
  }
  if (/^\s*HIERARCHY\b/.test(head)) return 'bvh';
  if (/^\s*\{[^\n]*"format"\s*:\s*"terpsi-session"/.test(head)) return 'session';
  throw new TerpsiError('E_FILE_FORMAT', `${file}: neither a BVH file (which begins with HIERARCHY) nor a session of terpsi record or terpsi pose`);
}

/** The patch source `motion` that plays a BVH file or replays a session, whichever `file` is. */
export function motionSource(file: string): PatchEntry {
  return motionFileKind(file) === 'bvh'
    ? { id: 'motion', type: bvh.name, input: [], params: bvh.params.parse({ file }), tunables: {} }
    : { id: 'motion', type: replay.name, input: [], params: replay.params.parse({ file }), tunables: {} };
}
