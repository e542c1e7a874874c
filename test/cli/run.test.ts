import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { packageRoot } from '../../src/core/paths.js';
import { terpsi } from '../helpers/cli.js';
import { freeUdpPort, oscdump, until } from '../helpers/oscdump.js';
import { tempDir } from '../helpers/temp-dir.js';

const stops: (() => void)[] = [];
after(() => stops.forEach((stop) => stop()));
const dir = tempDir('terpsi-cli-');

test('npm start: the demo sends OSC to 127.0.0.1:9000 within 2 s and serves ws://127.0.0.1:8787', async () => {
  const dump = oscdump(9000);
  stops.push(dump.stop);
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  // Its own process group, so that Ctrl-C can be sent to npm and terpsi together, as a terminal does.
  const child = spawn('npm', ['start', '--silent'], { cwd: packageRoot, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const interrupt = () => process.kill(-child.pid!, 'SIGINT');
  stops.push(() => child.exitCode === null && child.signalCode === null && interrupt());
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));

  await until('the first OSC message', () => dump.lines.length > 0, 10_000);
  const delay = dump.lines[0]!.at - started;
  assert.ok(delay < 2000, `first OSC message after ${delay.toFixed(0)} ms`);
  await until('level, onset and dancer messages', () => ['/terpsi/level', '/terpsi/onset', '/terpsi/dancer/0/head'].every((a) => dump.lines.some((l) => l.text.includes(` ${a} `))));

  const ws = new WebSocket('ws://127.0.0.1:8787');
  const frame = await new Promise<{ kind: string; t: number; source: string }>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.once('error', reject);
  });
  ws.close();
  assert.ok(['control', 'motion'].includes(frame.kind) && typeof frame.t === 'number', JSON.stringify(frame));

  interrupt();
  await new Promise((r) => child.once('close', r));
  assert.match(stderr, /done: demo .* │ dropped 0 │ errors 0 │/, 'terpsi stopped cleanly on Ctrl-C');
});

test('a flood of malformed OSC input is counted and logged at a limited rate while output keeps flowing', async () => {
  const [inPort, outPort] = [await freeUdpPort(), await freeUdpPort()];
  const patch = join(dir, 'flood.yaml');
  writeFileSync(
    patch,
    `name: flood
sources:
  song: { type: synth-song, tempo: 120 }
  control: { type: osc-in, port: ${inPort} }
nodes:
  level: { type: level, input: song }
outputs:
  - { type: osc, input: [level, control], port: ${outPort} }
`,
  );
  const dump = oscdump(outPort);
  stops.push(dump.stop);
  const run = terpsi(['run', patch, '--duration', '5', '--ws-port', '0']);
  await until('level messages', () => dump.lines.some((l) => l.text.includes('/terpsi/level')));

  const sender = createSocket('udp4');
  let seed = 9;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const garbage = [
    () => Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256))),
    () => Buffer.from('#bundle\0\0\0\0\0\0\0\0\x01\x00\x00\x10\x00/trunc'),
    () => Buffer.from('/x\0\0,q\0\0\0\0\0\x01'),
    () => Buffer.alloc(60_000, 0x2f),
  ];
  for (let i = 0; i < 3000; i++) {
    sender.send(garbage[i % garbage.length]!(), inPort, '127.0.0.1');
    // Paced, so that the kernel's receive buffer (not terpsi) does not drop most of it.
    if (i % 4 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  sender.send(Buffer.from('/after\0\0,f\0\0\x3f\x00\x00\x00'), inPort, '127.0.0.1', () => sender.close());
  const floodEnd = performance.now();

  await until('the valid message sent after the flood', () => dump.lines.some((l) => l.text.includes('/terpsi/after ff')));
  await until('level messages after the flood', () => dump.lines.some((l) => l.at > floodEnd + 500 && l.text.includes('/terpsi/level')));
  const result = await run;
  assert.equal(result.code, 0, result.stderr);
  const decodeLines = result.stderr.split('\n').filter((l) => l.includes('E_OSC_DECODE'));
  assert.ok(decodeLines.length >= 1 && decodeLines.length <= 3, `${decodeLines.length} log lines:\n${result.stderr}`);
  const errors = Number(/errors (\d+)/.exec(result.stderr.split('\n').find((l) => l.startsWith('done:'))!)![1]);
  // UDP may lose a few when the machine is busy; what arrives is counted.
  assert.ok(errors >= 2700, `${errors} errors counted for 3000 bad packets`);
});

test('a broken patch names the file, the line, the field and what was expected; exit code 1', async () => {
  const patch = join(dir, 'broken.yaml');
  writeFileSync(patch, 'name: broken\nsources:\n  song: { type: synth-song, tempo: fast }\n');
  const result = await terpsi(['run', patch]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim(), `terpsi: E_PATCH_INVALID: ${patch}:3:29: sources.song.tempo: expected number, got string "fast"`);
});

test('validate checks every shipped file and reports invalid ones; help and usage errors', async () => {
  const shipped = await terpsi(['validate']);
  assert.equal(shipped.code, 0, shipped.stdout);
  assert.match(shipped.stdout, /ok {6}patches\/demo\.yaml: patch "demo"/);
  const preset = join(dir, 'preset.yaml');
  writeFileSync(preset, 'kind: preset\nname: p\ndescription: wrong\npatch: demo\nparams:\n  dancer/amplitud: 0.2\n');
  const bad = await terpsi(['validate', preset]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /params\.dancer\/amplitud: patch "demo" has no parameter dancer\/amplitud; it has .*dancer\/amplitude/);

  const help = await terpsi(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--osc-port <port>/);
  const unknown = await terpsi(['tango']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /E_USAGE: unknown command "tango"/);
  const badOption = await terpsi(['run', 'patches/demo.yaml', '--osc-port', 'ninety']);
  assert.equal(badOption.code, 2);
  assert.match(badOption.stderr, /--osc-port expects a number in 1\.\.65535, got "ninety"/);
});
