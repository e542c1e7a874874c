import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { trainDanceCommand } from '../../src/cli/train-dance.js';
import { isTerpsiError } from '../../src/core/errors.js';
import { terpsi } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'terpsi-train-dance-'));
after(() => rmSync(root, { recursive: true, force: true }));
const empty = join(root, 'no-tracks');
mkdirSync(empty);
writeFileSync(join(empty, 'notes.txt'), 'not a track');

/** Asserts that the command refuses `args` with a TerpsiError of `code` whose message matches `message`. */
const refuses = (args: string[], code: string, message: RegExp) =>
  assert.rejects(trainDanceCommand(args), (e) => isTerpsiError(e) && e.code === code && message.test(e.message), `${args.join(' ')} → ${code} ${message}`);

test('bad options are usage errors that point at the help', async () => {
  const cases: [string[], RegExp][] = [
    [[], /--corpus <dir> is required/],
    [['--corpus', empty, '--steps', '0'], /--steps expects a number in 1\.\.10000000, got "0"/],
    [['--corpus', empty, '--steps', '2.5'], /--steps expects a whole number, got "2\.5"/],
    [['--corpus', empty, '--batch', 'eight'], /--batch expects a number in 1\.\.256, got "eight"/],
    [['--corpus', empty, '--lr', '0'], /--lr expects a number in 1e-7\.\.1, got "0"/],
    [['--corpus', empty, '--margin=-2'], /--margin expects a number in 0\.001\.\.100, got "-2"/],
    [['--corpus', empty, '--contrastive', 'much'], /--contrastive expects a number/],
    [['--corpus', empty, '--curriculum=-1'], /--curriculum expects a number in 0\.\.10000000, got "-1"/],
    [['--corpus', empty, '--seed', '1e9'], /--seed expects a number in 0\.\.1000000/],
    [['--corpus', empty, '--size', 'huge'], /--size expects default or paper, got "huge"/],
    [['--corpus', empty, '--curriculm', '10'], /Unknown option '--curriculm'/],
    [['--corpus', empty, 'extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of cases) await refuses(args, 'E_USAGE', new RegExp(`${message.source}.*see terpsi train --help`));
  // On the command line: exit code 2 and the coded error on stderr.
  const r = await terpsi(['train', 'dance', '--corpus', empty, '--steps', 'many']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^terpsi: E_USAGE: --steps expects a number in 1\.\.10000000, got "many"; see terpsi train --help\n$/);
});

test('a corpus folder without tracks, a missing one, or nothing to resume are coded errors naming the file or folder', async () => {
  const out = join(root, 'out');
  await refuses(['--corpus', empty, '--out', out], 'E_USAGE', new RegExp(`^${empty} \\(--corpus\\): no dance tracks there .*terpsi corpus dance ${empty}$`));
  await refuses(['--corpus', join(root, 'nowhere'), '--out', out], 'E_FILE_UNREADABLE', /nowhere: no such folder \(--corpus\); build a corpus there with: terpsi corpus dance/);
  await refuses(['--corpus', empty, '--out', out, '--resume'], 'E_FILE_UNREADABLE', new RegExp(`^${join(out, 'training-state.json')}: no such file: nothing to resume`));
  mkdirSync(out);
  writeFileSync(join(out, 'training-state.json'), '{}');
  await refuses(['--corpus', empty, '--out', out], 'E_USAGE', /holds a training run .*add --resume to continue it, or give another --out/);
});

test('the help teaches the dance options', async () => {
  const r = await terpsi(['train', '--help']);
  assert.equal(r.code, 0);
  for (const option of ['--curriculum N', '--contrastive λ', '--margin X', '--resume', '--size default|paper', 'terpsi train dance --corpus']) assert.ok(r.stdout.includes(option), option);
  assert.match(r.stdout, /auto-conditioning/);
});
