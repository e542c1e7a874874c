import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { realClock, virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import { derive, type ControlFrame, type Frame } from '../../src/core/frames.js';
import { createLog } from '../../src/core/log.js';
import { frameOperator } from '../../src/core/operator.js';
import { nodeTypes, outputTypes, sourceTypes, type PortStats } from '../../src/core/registries.js';
import { seconds } from '../../src/core/units.js';
import { loadPatch } from '../../src/patch/load-patch.js';
import { startPatch } from '../../src/patch/runtime.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Emits `count` control frames every `period` seconds on the context clock, then completes or fails. */
const ticker = (live: boolean, name: string) => ({
  name,
  description: 'test ticker',
  live,
  params: z.strictObject({ count: z.number().int(), period: z.number(), fail: z.boolean().default(false) }),
  create: (p: { count: number; period: number; fail: boolean }, ctx: import('../../src/core/context.js').Context) =>
    new Observable<Frame>((sub) => {
      const stop = new AbortController();
      void (async () => {
        const t0 = ctx.clock.now();
        for (let i = 0; i < p.count && !stop.signal.aborted; i++) {
          await ctx.clock.sleepUntil(seconds(t0 + i * p.period), stop.signal);
          if (!stop.signal.aborted) sub.next({ kind: 'control', t: ctx.clock.now(), source: ctx.id, name: 'tick', values: [i] });
        }
        if (p.fail) sub.error(new Error('device unplugged'));
        else sub.complete();
      })();
      return () => stop.abort();
    }),
});
sourceTypes.register(ticker(false, 'ticker'));
sourceTypes.register(ticker(true, 'live-ticker'));

nodeTypes.register({
  name: 'picky',
  description: 'throws on odd values',
  params: z.strictObject({}),
  tunables: { scale: { min: 0, max: 10, default: 1, unit: 'factor', description: 'multiplies values' } },
  create: (_p, ctx) => {
    const scale = ctx.tunable('scale');
    return frameOperator<Frame, ControlFrame>(
      (emit) => (f) => {
        if (f.kind !== 'control') return;
        if (f.values[0]! % 2 === 1) throw new Error(`odd ${f.values[0]}`);
        emit({ ...derive(f, ctx.id), kind: 'control', name: 'even', values: [f.values[0]! * scale.value] });
      },
      ctx.report,
    );
  },
});

/** Output that keeps what it is sent, so the test can see it. */
const received: Record<string, Frame[]> = {};
let closed = 0;
outputTypes.register({
  name: 'collect',
  description: 'keeps frames',
  params: z.strictObject({}),
  create: (_p, ctx) => {
    const frames: Frame[] = (received[ctx.id] = []);
    const stats: PortStats = { frames: 0, sent: 0, dropped: 0, errors: 0, latencyP50: NaN, latencyP99: NaN };
    return { open: async () => {}, write: (f) => void frames.push(f), close: async () => void closed++, stats: () => stats };
  },
});

const dir = tempDir('terpsi-runtime-');
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const quiet = (clock: import('../../src/core/clock.js').Clock, lines: string[] = []) => createLog({ clock, write: (l) => lines.push(l) });

test('frames flow from sources through nodes to outputs; a throwing node loses only its bad frames', async () => {
  const file = write(
    'flow.yaml',
    `name: flow
sources:
  a: { type: ticker, count: 10, period: 0.5 }
nodes:
  even: { type: picky, input: a, scale: 3 }
outputs:
  - { type: collect, id: raw, input: a }
  - { type: collect, id: cooked, input: [even] }
`,
  );
  const clock = virtualClock();
  const lines: string[] = [];
  const running = await startPatch(loadPatch(file), { clock, log: quiet(clock, lines) });
  await running.done;
  assert.deepEqual(received.raw!.map((f) => (f as ControlFrame).values[0]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(received.cooked!.map((f) => (f as ControlFrame).values[0]), [0, 6, 12, 18, 24]);
  assert.ok(received.raw!.every((f) => f.rx !== undefined && f.rx === f.t), 'sources are stamped with their arrival');
  assert.equal(running.stats().errors, 5);
  assert.equal(clock.now(), 4.5);
  assert.equal(closed, 2, 'outputs are closed once the sources end');
  assert.ok(lines.some((l) => l.includes('even: odd 1')), lines.join('\n'));
});

test('a failing file source is logged and ends alone; the duration stops the rest', async () => {
  const file = write(
    'fail.yaml',
    `name: fail
sources:
  broken: { type: ticker, count: 2, period: 1, fail: true }
  steady: { type: ticker, count: 1000, period: 1 }
outputs:
  - { type: collect, id: both, input: [broken, steady] }
`,
  );
  const clock = virtualClock();
  const lines: string[] = [];
  const running = await startPatch(loadPatch(file), { clock, log: quiet(clock, lines), duration: seconds(20) });
  await running.done;
  assert.ok(lines.some((l) => l.startsWith('[error] broken: stopped: device unplugged')), lines.join('\n'));
  assert.equal(received.both!.filter((f) => f.source === 'steady').length, 20, 'frames at 0..19 s; the stop at 20 s comes first');
});

test('a live source that fails is reopened', async () => {
  const file = write(
    'live.yaml',
    `name: live
sources:
  mic: { type: live-ticker, count: 2, period: 0.01, fail: true }
outputs:
  - { type: collect, id: live, input: mic }
`,
  );
  const clock = realClock();
  const lines: string[] = [];
  const running = await startPatch(loadPatch(file), { clock, log: quiet(clock, lines), duration: seconds(1.5) });
  await running.done;
  assert.ok(lines.some((l) => l.includes('mic: stopped; reopening in 1 s: device unplugged')), lines.join('\n'));
  assert.equal(received.live!.length, 4, 'two runs of two frames');
});

test('live sources refuse the virtual clock; presets apply and bad ones name their file', async () => {
  const live = loadPatch(write('l.yaml', 'name: l\nsources:\n  mic: { type: live-ticker, count: 1, period: 1 }\n'));
  await assert.rejects(startPatch(live, { clock: virtualClock(), log: quiet(realClock()) }), (e) => isTerpsiError(e) && e.code === 'E_CLOCK');

  write('p.yaml', 'kind: preset\nname: p\ndescription: test\nparams:\n  even/scale: 7\n');
  const patch = loadPatch(write('pp.yaml', `name: pp\npreset: p.yaml\nsources:\n  a: { type: ticker, count: 1, period: 1 }\nnodes:\n  even: { type: picky, input: a }\n`));
  const clock = virtualClock();
  const running = await startPatch(patch, { clock, log: quiet(clock) });
  assert.equal(running.params.get('even/scale').value, 7);
  await running.stop();

  const wrong = write('w.yaml', 'kind: preset\nname: w\ndescription: test\nparams:\n  even/scael: 7\n');
  await assert.rejects(
    startPatch(patch, { clock: virtualClock(), log: quiet(clock), preset: wrong }),
    (e) => isTerpsiError(e) && e.code === 'E_PARAM' && e.message.startsWith(wrong) && e.message.includes('even/scael'),
  );
});
