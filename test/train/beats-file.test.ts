import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { seconds } from '../../src/core/units.js';
import { formatBeats, readBeatsFile } from '../../src/train/beats-file.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('terpsi-beats-');
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

test('beat files round-trip to the microsecond; extra columns (time beat-number) and blank lines are ignored', () => {
  const beats = [0, 0.352941, 0.705882, 1.058824].map(seconds);
  assert.deepEqual(readBeatsFile(write('a.beats', formatBeats(beats))), beats);
  assert.equal(formatBeats([seconds(1 / 3)]), '0.333333\n');
  assert.deepEqual(readBeatsFile(write('b.beats', '0.5 1\n\n1.0\t2\n  1.5 3  \n')), [0.5, 1, 1.5]);
});

test('a missing file, a bad number or a beat going back is a coded error naming the file and line', () => {
  assert.throws(() => readBeatsFile(join(dir, 'none.beats')), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('none.beats'));
  const bad = write('bad.beats', '0.5\n1.0\nabc\n');
  assert.throws(() => readBeatsFile(bad), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${bad}:3: `) && /"abc"/.test(e.message));
  const back = write('back.beats', '0.5\n1.0\n0.9\n');
  assert.throws(() => readBeatsFile(back), (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${back}:3: `));
});
