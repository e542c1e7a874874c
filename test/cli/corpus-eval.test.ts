import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpus } from '../../src/cli/corpus.js';
import { evalCommand } from '../../src/cli/eval.js';
import { isTerpsiError } from '../../src/core/errors.js';
import { runCommand } from '../helpers/run-command.js';
import { tempDir } from '../helpers/temp-dir.js';

const corpusCli = (args: string[]) => runCommand('src/cli/corpus.js', 'corpus', args);
const evalCli = (args: string[]) => runCommand('src/cli/eval.js', 'evalCommand', args);

const usage = (pattern: RegExp) => (e: unknown) => isTerpsiError(e) && e.code === 'E_USAGE' && pattern.test(e.message);

test('terpsi corpus ballroom builds, with progress on stderr and a summary on stdout; eval scores it, skips a file without beats and stops at a broken one', async () => {
  const dir = tempDir('terpsi-corpus-cli-');
  const built = await corpusCli(['ballroom', dir, '--split', 'test', '--per-dance', '1', '--seconds', '7']);
  assert.equal(built.code, 0);
  assert.match(built.stdout, new RegExp(`^ballroom test: 9 songs \\(9 built, 0 already there\\), 36 WAV files with beats, \\d+ MiB in ${dir}, 0:\\d\\d\\n$`));
  assert.match(built.stderr, /ballroom test: 9\/9 100 %, 0:\d\d elapsed, ETA 0:00 \(waltz-\d+-s1500\)\n$/);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.wav')).length, 36);

  // Scoring runs aubio once a file: keep the clean versions and one phone version without its beats.
  const unannotated = readdirSync(dir).find((f) => f.endsWith('-phone.wav'))!;
  for (const f of readdirSync(dir)) if (/-(noise10|reverb|phone)\.(wav|beats)$/.test(f) && f !== unannotated) rmSync(join(dir, f));
  const text = await evalCli(['beats', dir, '--tracker', 'aubio']);
  assert.equal(text.code, 0);
  const lines = text.stdout.trim().split('\n');
  assert.equal(lines[0], 'F      P      R      matched/ref  est  tempo  file');
  assert.equal(lines.length, 1 + 9 + 1);
  assert.match(lines[1]!, /^\d\.\d{3}  \d\.\d{3}  \d\.\d{3} +\d+\/\d+ +\d+  (\d\.\d\d| +– ) {2}chacha-\d+-s1500-clean$/);
  assert.match(lines[10]!, /^\d\.\d{3}  \d\.\d{3}  \d\.\d{3}  mean of 9 files \(aubio\)$/);
  assert.ok(text.stderr.includes(`skipped ${unannotated}: no ${unannotated.replace(/wav$/, 'beats')} beside it`), text.stderr);
  assert.match(text.stderr, /eval aubio: 9\/9 100 %/);

  const json = JSON.parse((await evalCli(['beats', dir, '--tracker', 'aubio', '--json'])).stdout) as {
    tracker: string;
    scores: { name: string; f: number; reference: number }[];
    unannotated: string[];
    mean: { f: number };
  };
  assert.equal(json.tracker, 'aubio');
  assert.deepEqual(json.unannotated, [unannotated.replace(/\.wav$/, '')]);
  // 7 s songs: the beats from 5 s on are scored.
  assert.ok(json.scores.length === 9 && json.scores.every((s) => s.reference > 0 && s.f >= 0 && s.f <= 1));
  assert.ok(Math.abs(json.mean.f - json.scores.reduce((sum, s) => sum + s.f, 0) / 9) < 1e-12);

  const broken = join(dir, json.scores[0]!.name + '.wav');
  writeFileSync(broken, 'not audio');
  const failed = await evalCli(['beats', dir, '--tracker', 'aubio']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, new RegExp(`terpsi: E_FILE_FORMAT: ${broken}: not a WAV file`));
});

test('usage errors of terpsi corpus and terpsi eval name what is wrong', async () => {
  await assert.rejects(corpus.run(['jazz', '/tmp/x']), usage(/unknown corpus "jazz"/));
  await assert.rejects(corpus.run(['ballroom']), usage(/folder to write to is missing/));
  await assert.rejects(corpus.run(['ballroom', '/tmp/x', '--split', 'train']), usage(/--split expects dev or test, got "train"/));
  await assert.rejects(corpus.run(['ballroom', '/tmp/x', '--per-dance', '0']), usage(/--per-dance expects a number in 1\.\.500/));
  await assert.rejects(corpus.run(['ballroom', '/tmp/x', '--per-dance', '1.5']), usage(/--per-dance expects a whole number/));
  await assert.rejects(corpus.run(['ballroom', '/tmp/x', '--seconds', '1000']), usage(/--seconds expects a number in 1\.\.300/));
  await assert.rejects(evalCommand.run(['tempo', '/tmp/x']), usage(/unknown evaluation "tempo"/));
  await assert.rejects(evalCommand.run(['beats']), usage(/folder to score is missing/));
  await assert.rejects(evalCommand.run(['beats', '/tmp/x', '--tracker', 'madmom']), usage(/--tracker expects terpsi or aubio, got "madmom"/));
  await assert.rejects(evalCommand.run(['beats', '/tmp/x', '--frobnicate']), usage(/see terpsi eval --help/));
});
