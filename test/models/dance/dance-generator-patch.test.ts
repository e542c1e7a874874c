import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { virtualClock } from '../../../src/core/clock.js';
import type { ControlFrame, MotionFrame } from '../../../src/core/frames.js';
import { createLog } from '../../../src/core/log.js';
import { hertz } from '../../../src/core/units.js';
import { loadNamed } from '../../../src/patch/load-config.js';
import { loadPatch } from '../../../src/patch/load-patch.js';
import '../../../src/patch/register-all.js';
import { startPatch } from '../../../src/patch/runtime.js';
import { encodeWav } from '../../../src/sources/wav.js';
import { freeUdpPort, oscdump, until } from '../../helpers/oscdump.js';
import { saveRandomDanceModel, testSong } from './random-dance-model.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('in a patch, the learned dancers go out over OSC as /terpsi/dancer/<id>/<joint> and through a robot profile as clamped joint angles', async () => {
  const dir = tempDir('terpsi-dance-patch-');
  saveRandomDanceModel(join(dir, 'model'), 5, { gain: 3 });
  writeFileSync(join(dir, 'song.wav'), encodeWav(testSong(1), hertz(16000), 1));
  const port = await freeUdpPort();
  const file = join(dir, 'learned.yaml');
  writeFileSync(
    file,
    `name: learned
sources:
  song: { type: audio-file, path: song.wav, blockSize: 534 }
nodes:
  dancer: { type: dance-generator, input: song, model: model, dancers: 2 }
  robot: { type: retarget, input: dancer, device: servo17, dancer: 1 }
outputs:
  - { type: osc, input: dancer, port: ${port} }
`,
  );
  const dump = oscdump(port);
  // The render takes moments: it must not start before oscdump listens.
  const probe = createSocket('udp4');
  await until('oscdump to listen', () => {
    probe.send(Buffer.from('/ready\0\0,\0\0\0'), port, '127.0.0.1');
    return dump.lines.some((l) => l.text.includes('/ready'));
  });
  probe.close();
  const clock = virtualClock();
  const dancers: MotionFrame[] = [];
  const robot: ControlFrame[] = [];
  try {
    const running = await startPatch(loadPatch(file), {
      clock,
      log: createLog({ clock, level: 'warn' }),
      strict: true,
      taps: { dancer: (f) => f.kind === 'motion' && dancers.push(f), robot: (f) => f.kind === 'control' && robot.push(f) },
    });
    await running.done;
    assert.equal(running.stats().errors, 0);
    assert.equal(dancers.length, 2 * 30);
    assert.deepEqual([...new Set(dancers.map((f) => f.dancer))], [0, 1]);

    const servos = loadNamed('robot', 'servo17', dir).joints;
    assert.equal(robot.length, 30 * servos.length);
    robot.forEach((f, i) => {
      const servo = servos[i % servos.length]!;
      assert.equal(f.name, `robot/servo/${servo.name}`);
      const degrees = f.values[0]!;
      assert.ok(Number.isFinite(degrees) && degrees >= servo.minDeg && degrees <= servo.maxDeg, `${f.name} ${degrees}°`);
    });

    await until('the last frame of dancer 1 on OSC', () => dump.lines.filter((l) => l.text.includes('/terpsi/dancer/1/right_foot ')).length >= 30);
    const head = dump.lines.find((l) => l.text.includes('/terpsi/dancer/1/head '))!.text;
    // t, then the unit quaternion, then the joint's position in metres.
    assert.match(head, /\/terpsi\/dancer\/1\/head ffffffff( -?\d+\.\d+){8}$/);
    const [, , w, x, y, z, , height] = head.split(' ').slice(-9).map(Number);
    assert.ok(Math.abs(Math.hypot(w!, x!, y!, z!) - 1) < 1e-4);
    assert.ok(height! > 0 && height! < 3, `head ${height} m up`);
  } finally {
    dump.stop();
  }
});
