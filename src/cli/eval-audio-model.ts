import { writeFileSync } from 'node:fs';
import { realClock } from '../core/clock.js';
import { createLog } from '../core/log.js';
import { ensureBackend } from '../models/backend.js';
import { EventDetector } from '../models/events/event-detector.js';
import { openEventModel, shippedEventModel } from '../models/events/open-event-model.js';
import { openStyleModel, shippedStyleModel } from '../models/style/open-style-model.js';
import { StyleClassifier } from '../models/style/style-classifier.js';
import { readEventDataset, readStyleDataset } from '../train/datasets/read-audio-dataset.js';
import { encodePng } from '../train/encode-png.js';
import { plotConfusion } from '../train/plot-confusion.js';
import { scoreEvents } from '../train/score-events.js';
import { scoreStyle } from '../train/score-style.js';
import { progressBar, type ProgressBar } from './progress-bar.js';
import { Terminal } from './terminal.js';

/** JSON with non-finite numbers (a score that could not be computed) as null. */
const toJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  –  ');

function progress(terminal: Terminal, label: string): { bar: () => ProgressBar | undefined; update: (done: number, total: number, audio: string) => void } {
  let bar: ProgressBar | undefined;
  return {
    bar: () => bar,
    update: (done, total, audio) => {
      bar ??= progressBar(terminal, label, total, realClock());
      bar.update(done, audio);
    },
  };
}

/** `terpsi eval events <dir>` */
export async function evalEvents(dir: string, options: { model?: string; json?: boolean }): Promise<number> {
  const model = openEventModel(options.model);
  const dataset = readEventDataset(dir, 'the folder to score');
  await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
  const detector = new EventDetector(model);
  const terminal = new Terminal();
  const p = progress(terminal, 'eval events');
  const result = await scoreEvents(detector, dataset, p.update);
  p.bar()?.clear();
  detector.dispose();
  if (options.json) {
    process.stdout.write(toJson({ model: options.model ?? shippedEventModel, dir, ...result }));
    return 0;
  }
  const { frame, clip } = result;
  process.stdout.write(
    [
      `${result.clips} clips (${result.timed} with frame-level truth), ${result.frames} frames`,
      `tag       clip AUC  clip AP   frame P  frame R  frame F1`,
      ...model.config.tags.map((t, c) => `${t.padEnd(9)} ${fixed(clip.perTag[c]!.auc)}     ${fixed(clip.perTag[c]!.ap)}     ${fixed(frame.perTag[c]!.precision)}    ${fixed(frame.perTag[c]!.recall)}    ${fixed(frame.perTag[c]!.f1)}`),
      `clip level: macro AUC ${fixed(clip.macroAuc)}, MAP ${fixed(clip.map)}; per clip: AUC ${fixed(clip.perClipAuc)}, MAP ${fixed(clip.perClipMap)}`,
      `frame level: micro P ${fixed(frame.micro.precision)} R ${fixed(frame.micro.recall)} F1 ${fixed(frame.micro.f1)}; macro P ${fixed(frame.macro.precision)} R ${fixed(frame.macro.recall)} F1 ${fixed(frame.macro.f1)}`,
    ].join('\n') + '\n',
  );
  return 0;
}

/** `terpsi eval style <dir>` */
export async function evalStyle(dir: string, options: { model?: string; json?: boolean; confusion?: string }): Promise<number> {
  const model = openStyleModel(options.model);
  const dataset = readStyleDataset(dir, 'the folder to score');
  await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
  const classifier = new StyleClassifier(model);
  const terminal = new Terminal();
  const p = progress(terminal, 'eval style');
  const result = await scoreStyle(classifier, dataset, p.update);
  p.bar()?.clear();
  classifier.dispose();
  const image = options.confusion ?? 'style-confusion.png';
  writeFileSync(image, encodePng(plotConfusion(`${result.clips} clips  top-1 ${(100 * result.accuracy).toFixed(1)} %`, model.config.classes, result.confusion)));
  if (options.json) {
    process.stdout.write(toJson({ model: options.model ?? shippedStyleModel, dir, confusionImage: image, ...result }));
    return 0;
  }
  const { classes } = model.config;
  const width = Math.max(...classes.map((c) => c.length));
  process.stdout.write(
    [
      `true \\ predicted${' '.repeat(Math.max(0, width - 16))} ${classes.map((_, j) => String(j).padStart(3)).join('')}`,
      ...classes.map((c, i) => `${`${i} ${c}`.padEnd(width + 2)} ${result.confusion[i]!.map((n) => String(n).padStart(3)).join('')}`),
      `top-1 accuracy ${(100 * result.accuracy).toFixed(1)} % over ${result.clips} clips (segments alone: ${(100 * result.segmentAccuracy).toFixed(1)} %); confusion matrix image: ${image}`,
    ].join('\n') + '\n',
  );
  return 0;
}
