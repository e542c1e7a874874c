import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { realClock } from '../../../src/core/clock.js';
import { createLog } from '../../../src/core/log.js';
import { ensureBackend } from '../../../src/models/backend.js';
import '../../../src/patch/register-all.js';
import { detectEvents } from '../../../src/models/events/detect-events.js';
import { EventDetector } from '../../../src/models/events/event-detector.js';
import { loadEventModel } from '../../../src/models/events/event-model-files.js';
import { openEventModel, shippedEventModel } from '../../../src/models/events/open-event-model.js';
import { buildInstrumentCorpus } from '../../../src/train/corpora/instrument-corpus.js';
import { instrumentTags } from '../../../src/train/corpora/instrument-tags.js';
import { scoreEvents } from '../../../src/train/score-events.js';
import { tempDir } from '../../helpers/temp-dir.js';

before(async () => {
  await ensureBackend(createLog({ clock: realClock(), level: 'warn' }));
});

test('the shipped event model names the instrument families, and says nothing of silence', () => {
  const model = openEventModel();
  assert.deepEqual(model.config.tags, instrumentTags);
  const detector = new EventDetector(model);
  const found = detectEvents(detector, new Float32Array(5 * 16000));
  detector.dispose();
  assert.deepEqual(found.intervals, []);
  assert.equal(found.probabilities.length, (1 + Math.floor((5 * 16000) / 512)) * instrumentTags.length);
});

test('on clips rendered from grooves it never heard, the shipped model ranks the families present above those absent', async () => {
  const dir = tempDir('terpsi-shipped-events-');
  const clips = await buildInstrumentCorpus({ dir, split: 'test', clips: 6, seconds: 6, seed: 9 });
  const detector = new EventDetector(openEventModel());
  const result = await scoreEvents(detector, { tags: instrumentTags, clips });
  detector.dispose();
  assert.ok(result.clip.perClipAuc >= 0.7, `per-clip AUC ${result.clip.perClipAuc.toFixed(3)} (its card reports 0.8 and more on 100 test clips)`);
  assert.ok(result.frame.micro.f1 >= 0.3, `frame-level micro F1 ${result.frame.micro.f1.toFixed(3)}`);
});

test('an event model whose tag list does not match its weights is refused at load, naming the file', () => {
  const dir = tempDir('terpsi-events-tags-');
  cpSync(shippedEventModel, dir, { recursive: true });
  const file = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.config.tags = json.config.tags.slice(1);
  delete json.thresholds.drums;
  writeFileSync(file, JSON.stringify(json));
  const width = json.config.lateChannels.at(-1);
  assert.throws(() => loadEventModel(dir), (e: Error & { code?: string }) => e.code === 'E_FILE_FORMAT' && e.message.includes(file) && e.message.includes(`output/kernel is [1, ${width}, 8], the configuration needs [1, ${width}, 7]`));
});
