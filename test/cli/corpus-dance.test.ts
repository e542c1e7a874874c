import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { danceCorpusDataset } from '../../src/train/datasets/dance-corpus-dataset.js';
import { terpsi } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

test('terpsi corpus dance writes music, beats and motion that the corpus loader reads back', async () => {
  const dir = join(tempDir('terpsi-dance-cli-'), 'train');
  const r = await terpsi(['corpus', 'dance', dir, '--tracks', '2', '--seconds', '6']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^dance train: 2 tracks \(2 built, 0 already there\)/);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.bvh')).length, 2);
  const tracks = danceCorpusDataset(dir);
  assert.equal(tracks.length, 2);
  const track = await tracks[0]!.load();
  // Songs end on a whole bar, so a track is at least as long as asked.
  assert.ok(track.motion.length / 30 >= 6 && track.motion.length / 30 < 8, `${track.motion.length} frames`);
  assert.equal(track.audio.length, Math.round((track.motion.length * 16000) / 30));
  const again = await terpsi(['corpus', 'dance', dir, '--tracks', '2', '--seconds', '6']);
  assert.match(again.stdout, /\(0 built, 2 already there\)/);
  const bad = await terpsi(['corpus', 'dance', dir, '--split', 'dev']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /E_USAGE: --split expects train or test/);
});
