import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lastValueFrom, take, toArray } from 'rxjs';
import { virtualClock } from '../../src/core/clock.js';
import { isTerpsiError } from '../../src/core/errors.js';
import type { Frame } from '../../src/core/frames.js';
import { hertz, metres, seconds } from '../../src/core/units.js';
import { replay, type ReplayParams } from '../../src/sources/replay.js';
import { readSession, sessionWriter } from '../../src/sources/session-file.js';
import { testContext } from '../helpers/context.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terpsi-session-');
const odd = new Float32Array([0.5, -0.25, Number.NaN, 1e-30, -0, 3.4e38]);
const frames: Frame[] = [
  { kind: 'audio', t: seconds(10), source: 'mic', rx: seconds(10.03), sampleRate: hertz(16000), channels: 1, samples: odd, index: 0 },
  { kind: 'control', t: seconds(10.25), source: 'ctl', name: 'fader/1', values: [0.5, Number.NaN, Infinity, -Infinity] },
  { kind: 'motion', t: seconds(10.5), source: 'dancer', dancer: 0, root: [metres(0), metres(1), metres(0)], rotations: new Float32Array([1, 0, 0, 0]) },
  { kind: 'video', t: seconds(11), source: 'cam', width: 2, height: 1, format: 'gray8', data: new Uint8Array([0, 255]) },
];

async function record(name: string, list: readonly Frame[]): Promise<string> {
  const file = join(dir, name);
  const writer = sessionWriter(file);
  for (const f of list) writer.write(f);
  await writer.close();
  return file;
}

test('frames round-trip with typed arrays bit for bit and non-finite numbers kept; the arrival stamp is not stored', async () => {
  const file = await record('round.jsonl', frames);
  const back: Frame[] = [];
  for await (const f of readSession(file)) back.push(f);
  assert.equal(back.length, frames.length);
  const audio = back[0] as Extract<Frame, { kind: 'audio' }>;
  assert.ok(audio.samples instanceof Float32Array);
  assert.deepEqual(new Uint8Array(audio.samples.buffer), new Uint8Array(odd.buffer), 'bit for bit, NaN and -0 included');
  assert.equal(audio.rx, undefined);
  assert.deepEqual(back.slice(1), frames.slice(1));
});

const play = (params: Partial<ReplayParams> & { file: string }, clock = virtualClock()) =>
  lastValueFrom(replay.create({ loop: false, ...params }, testContext('replay', { clock })).pipe(toArray()));

test('replay keeps the recorded timing relative to its start, filters sources and loops', async () => {
  const file = await record('timing.jsonl', frames);
  const clock = virtualClock();
  await clock.sleepUntil(seconds(100));
  const played = await play({ file }, clock);
  assert.deepEqual(played.map((f) => f.t), [100, 100.25, 100.5, 101]);
  assert.deepEqual(played.map((f) => f.source), ['mic', 'ctl', 'dancer', 'cam']);

  const only = await play({ file, sources: ['ctl', 'cam'] });
  assert.deepEqual(only.map((f) => [f.source, f.t]), [['ctl', 0], ['cam', 0.75]]);

  // A loop starts one recorded interval (0.75 s) after the last frame.
  const looped = await lastValueFrom(
    replay.create({ file, sources: ['ctl', 'cam'], loop: true }, testContext('replay', { clock: virtualClock() })).pipe(take(6), toArray()),
  );
  assert.deepEqual(looped.map((f) => f.t), [0, 0.75, 1.5, 2.25, 3, 3.75]);
});

test('a malformed line is E_SESSION naming the file and line; a missing file is E_FILE_UNREADABLE', async () => {
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, '{"format":"terpsi-session","version":1}\n{"kind":"control","t":1,"source":"a","name":"x","values":[]}\n{"kind":"control","t":\n');
  await assert.rejects(play({ file }), (e) => isTerpsiError(e) && e.code === 'E_SESSION' && e.message.startsWith(`${file}:3: `));
  const create = (name: string) => () => replay.create({ file: join(dir, name), loop: false }, testContext());
  // Header problems and missing files fail at create, before anything runs.
  writeFileSync(join(dir, 'alien.jsonl'), '{"hello":"world"}\n');
  assert.throws(create('alien.jsonl'), (e) => isTerpsiError(e) && e.code === 'E_SESSION' && e.message === `${join(dir, 'alien.jsonl')}:1: not a terpsi session (the first line must be its header)`);
  writeFileSync(join(dir, 'empty.jsonl'), '');
  assert.throws(create('empty.jsonl'), (e) => isTerpsiError(e) && e.code === 'E_SESSION');
  writeFileSync(join(dir, 'future.jsonl'), '{"format":"terpsi-session","version":2}\n');
  assert.throws(create('future.jsonl'), (e) => isTerpsiError(e) && /:1: session version 2; this terpsi reads version 1$/.test(e.message));
  assert.throws(create('none.jsonl'), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('none.jsonl'));

  // Lines that parse but would break consumers.
  const head = '{"format":"terpsi-session","version":1}\n';
  const cases: [string, RegExp][] = [
    ['{"kind":"audio","t":0,"source":"m","sampleRate":16000,"channels":1,"index":0,"samples":[0.5]}', /audio frame's samples must be a Float32Array/],
    ['{"kind":"audio","t":0,"source":"m","sampleRate":16000,"channels":1,"index":0,"samples":{"$f32":"not base64!"}}', /\$f32 must hold base64 data/],
    ['{"kind":"audio","t":0,"source":"m","sampleRate":0,"channels":1,"index":0,"samples":{"$f32":"AAAAAA=="}}', /positive sampleRate/],
    ['{"kind":"control","t":0,"source":"c","name":"x","values":[{"$num":"12"}]}', /\$num must be/],
    ['{"kind":"dance","t":0,"source":"c"}', /unknown frame kind "dance"/],
  ];
  for (const [i, [line, why]] of cases.entries()) {
    const bad = join(dir, `bad-${i}.jsonl`);
    writeFileSync(bad, head + line + '\n');
    await assert.rejects(play({ file: bad }), (e) => isTerpsiError(e) && e.code === 'E_SESSION' && e.message.startsWith(`${bad}:2: `) && why.test(e.message));
  }
});

test('a session that cannot be written fails when it is opened', () => {
  assert.throws(() => sessionWriter(join(dir, 'no-such-folder', 'x.jsonl')), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('no-such-folder'));
});

test('looped audio keeps counting samples; a session spanning no time plays once', async () => {
  const block = (k: number): Frame => ({ kind: 'audio', t: seconds(5 + k * 0.025), source: 'mic', sampleRate: hertz(16000), channels: 2, samples: new Float32Array(800), index: 1600 + k * 400 });
  const file = await record('audio-loop.jsonl', [block(0), block(1), block(2)]);
  const looped = await lastValueFrom(replay.create({ file, loop: true }, testContext('replay', { clock: virtualClock() })).pipe(take(7), toArray()));
  assert.deepEqual(looped.map((f) => f.kind === 'audio' && f.index), [1600, 2000, 2400, 2800, 3200, 3600, 4000]);
  looped.forEach((f) => assert.ok(f.kind === 'audio' && Math.abs(f.t - (f.index - 1600) / 16000) < 1e-12, 'time follows the sample counter'));

  const single = await record('single.jsonl', [frames[1]!]);
  const ctx = testContext('replay', { clock: virtualClock() });
  const once = await lastValueFrom(replay.create({ file: single, loop: true }, ctx).pipe(toArray()));
  assert.equal(once.length, 1);
  assert.ok(ctx.lines.some((l) => l.includes('cannot loop')));
});
