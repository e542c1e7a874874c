import { resolve } from 'node:path';
import { virtualClock } from '../core/clock.js';
import type { BeatFrame } from '../core/frames.js';
import { createLog, type Log } from '../core/log.js';
import { nodeTypes, sourceTypes } from '../core/registries.js';
import type { Patch } from '../patch/load-patch.js';
import '../patch/register-all.js';
import { startPatch } from '../patch/runtime.js';

/**
 * Runs the live beat tracker over an audio file on the virtual clock: the same source, node and
 * runtime code as a show, with no look-ahead, faster than real time. Returns every beat frame
 * it emitted, in order.
 */
export async function trackFile(file: string, log: Log = createLog({ clock: virtualClock(), level: 'warn' })): Promise<BeatFrame[]> {
  const path = resolve(file);
  const patch: Patch = {
    file: path,
    dir: '/',
    name: 'beats',
    sources: [{ id: 'audio', type: 'audio-file', input: [], params: sourceTypes.get('audio-file').params.parse({ path }), tunables: {} }],
    nodes: [{ id: 'beats', type: 'beat-tracker', input: ['audio'], params: nodeTypes.get('beat-tracker').params.parse({}), tunables: {} }],
    outputs: [],
  };
  const beats: BeatFrame[] = [];
  const clock = virtualClock();
  const running = await startPatch(patch, { clock, log, strict: true, taps: { beats: (f) => f.kind === 'beat' && beats.push(f) } });
  await running.done;
  return beats;
}

/** Beat times in seconds from the start of the file, as the live tracker predicted them. */
export async function beatTimes(file: string): Promise<number[]> {
  return (await trackFile(file)).map((b) => b.t);
}
