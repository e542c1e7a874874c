import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { asTerpsiError, errorCodes, TerpsiError } from '../../src/core/errors.js';
import { packageRoot } from '../../src/core/paths.js';

test('the README documents every error code', () => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  for (const code of Object.keys(errorCodes)) assert.ok(readme.includes(`| \`${code}\` |`), `${code} is missing from the README`);
});

test('errors print as CODE: message and keep what caused them', () => {
  const cause = new Error('ENOENT');
  const e = asTerpsiError(cause, 'E_FILE_UNREADABLE', 'song.wav');
  assert.equal(e.toString(), 'E_FILE_UNREADABLE: song.wav: ENOENT');
  assert.equal(e.cause, cause);
  const coded = new TerpsiError('E_PARAM', 'x');
  assert.equal(asTerpsiError(coded, 'E_USAGE', 'ignored'), coded, 'coded errors pass through unchanged');
});
