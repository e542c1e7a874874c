import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { realClock } from '../../../src/core/clock.js';
import { createLog } from '../../../src/core/log.js';
import { ensureBackend } from '../../../src/models/backend.js';
import { openStyleModel } from '../../../src/models/style/open-style-model.js';
import { StyleClassifier } from '../../../src/models/style/style-classifier.js';
import '../../../src/patch/register-all.js';
import { ballroomStyles } from '../../../src/train/corpora/ballroom-styles.js';
import { buildStyleCorpus } from '../../../src/train/corpora/style-corpus.js';
import { scoreStyle } from '../../../src/train/score-style.js';
import { tempDir } from '../../helpers/temp-dir.js';

before(async () => {
  await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
});

test('the shipped style model names the ten ballroom classes and recognises songs on unseen tempi, chords and sound sources', async () => {
  const model = openStyleModel();
  assert.deepEqual(model.config.classes, ballroomStyles);
  assert.equal(model.config.sampleRate, 16000);
  const dir = tempDir('terpsi-shipped-style-');
  // Seed 9 of the test split: songs none of the training or test corpora of the card had.
  const clips = await buildStyleCorpus({ dir, split: 'test', perClass: 1, seconds: 12, seed: 9 });
  const classifier = new StyleClassifier(model);
  const result = await scoreStyle(classifier, { tags: ballroomStyles, clips });
  classifier.dispose();
  assert.ok(result.accuracy >= 0.7, `${result.files.filter((f) => f.truth !== f.predicted).map((f) => `${f.truth} heard as ${f.predicted}`).join(', ')}`);
});
