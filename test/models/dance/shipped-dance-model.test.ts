import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreDanceFiles } from '../../../src/models/dance/score-dance-files.js';
import { buildDanceCorpus } from '../../../src/train/corpora/dance-corpus.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('the shipped dance model dances on the beat of a song it never saw, and keeps moving', async () => {
  const dir = tempDir('terpsi-shipped-dance-');
  // Seed 7 of the test split: a song, a dancer and a tempo the training corpus (seed 1) never had.
  await buildDanceCorpus({ dir, split: 'test', tracks: 2, seconds: 15, seed: 7 });
  const { tracks, mean } = await scoreDanceFiles(dir);
  assert.equal(tracks.length, 2);
  assert.equal(mean.model.frozen, 0);
  assert.ok(mean.model.f >= 0.4, `motion-beat F ${mean.model.f.toFixed(3)} (the card reports 0.689 on 12 test tracks)`);
});
