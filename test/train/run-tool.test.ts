import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { mma, runTool, sox } from '../../src/train/run-tool.js';
import { tempDir } from '../helpers/temp-dir.js';

test('a program that is not installed is E_TOOL saying which Debian package to install', async () => {
  await assert.rejects(
    runTool({ program: 'terpsi-no-such-program', debianPackage: 'terpsi-tools' }, ['-v']),
    (e) => isTerpsiError(e) && e.code === 'E_TOOL' && e.message === 'terpsi-no-such-program is not installed (Debian/Ubuntu: apt install terpsi-tools)',
  );
});

test("a program that fails is E_TOOL with the error it printed, even one mma wraps over two lines", async () => {
  const dir = tempDir('terpsi-tool-');
  writeFileSync(join(dir, 'bad.mma'), 'Tempo 100\nGroove NoSuchGroove\nC\n');
  await assert.rejects(runTool(mma, ['bad.mma'], { cwd: dir }), (e) => isTerpsiError(e) && e.code === 'E_TOOL' && /Groove 'NOSUCHGROOVE' could not be found in memory or library files/.test(e.message));
  await assert.rejects(runTool(sox, [join(dir, 'none.wav'), join(dir, 'out.wav')]), (e) => isTerpsiError(e) && e.code === 'E_TOOL' && /none\.wav/.test(e.message));
  assert.match(await runTool(sox, ['--version']), /SoX/);
});
