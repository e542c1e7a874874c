import { resolve } from 'node:path';
import { virtualClock } from '../../core/clock.js';
import type { MotionFrame } from '../../core/frames.js';
import { TerpsiError } from '../../core/errors.js';
import { createLog, type Log } from '../../core/log.js';
import { nodeTypes, sourceTypes } from '../../core/registries.js';
import { danceAudioFraming } from '../../dsp/dance-audio-features.js';
import type { Patch } from '../../patch/load-patch.js';
import '../../patch/register-all.js';
import { startPatch } from '../../patch/runtime.js';

export interface RenderDanceOptions {
  /** Model folder; the shipped model when left out. */
  readonly model?: string;
  /** Dancers generated together, 1..16; default 1. */
  readonly dancers?: number;
  /** Where the node's reports and warnings go; warnings to stderr by default. */
  readonly log?: Log;
}

/**
 * Runs the live dance generator over an audio file on the virtual clock: the same source, node
 * and runtime code as a show (the file resampled to 16 kHz mono by the audio-file source, one
 * 534-sample block per motion frame), faster than real time. Resolves to every motion frame it
 * emitted, in order: per slice of 1/30 s, one frame per dancer, `t` = slice / 30 s. A file
 * shorter than one slice (534 samples) gives none. A missing or corrupt model folder or audio
 * file rejects with a coded error naming the file.
 */
export async function renderDance(file: string, options: RenderDanceOptions = {}): Promise<MotionFrame[]> {
  const path = resolve(file);
  const clock = virtualClock();
  const log = options.log ?? createLog({ clock, level: 'warn' });
  const node = {
    ...(options.model === undefined ? {} : { model: resolve(options.model) }),
    ...(options.dancers === undefined ? {} : { dancers: options.dancers }),
  };
  const patch: Patch = {
    file: path,
    dir: '/',
    name: 'dance',
    sources: [
      {
        id: 'audio',
        type: 'audio-file',
        input: [],
        params: sourceTypes.get('audio-file').params.parse({ path, sampleRate: danceAudioFraming.sampleRate, blockSize: danceAudioFraming.sliceLength }),
        tunables: {},
      },
    ],
    nodes: [{ id: 'dancer', type: 'dance-generator', input: ['audio'], params: nodeParams(node), tunables: {} }],
    outputs: [],
  };
  const frames: MotionFrame[] = [];
  const running = await startPatch(patch, { clock, log, strict: true, taps: { dancer: (f) => f.kind === 'motion' && frames.push(f) } });
  await running.done;
  return frames;
}

function nodeParams(fields: Record<string, unknown>): unknown {
  const parsed = nodeTypes.get('dance-generator').params.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TerpsiError('E_PARAM', `dance render: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
