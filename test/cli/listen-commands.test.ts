import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hertz } from '../../src/core/units.js';
import { encodeWav } from '../../src/sources/wav.js';
import { ballroomStyles } from '../../src/train/corpora/ballroom-styles.js';
import { instrumentTags } from '../../src/train/corpora/instrument-tags.js';
import { terpsi } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = tempDir('terpsi-listen-cli-');
const silence = join(root, 'silence.wav');
writeFileSync(silence, encodeWav(new Float32Array(3 * 22050), hertz(22050), 1));

test('terpsi events --json: the tags, the hop, a frame every hop and no interval in silence', async () => {
  const r = await terpsi(['events', silence, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.tags, instrumentTags);
  assert.equal(out.hop_s, 0.032);
  assert.equal(out.frames.length, 1 + Math.floor((3 * 16000) / 512));
  assert.deepEqual(Object.keys(out.frames[1].p), instrumentTags);
  assert.equal(out.frames[1].t, 0.032);
  assert.deepEqual(out.intervals, []);
});

test('terpsi classify --json on silence: "unknown", uniform probabilities, flagged as shorter than a segment', async () => {
  const r = await terpsi(['classify', silence, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.label, 'unknown');
  assert.deepEqual(Object.keys(out.probabilities), ballroomStyles);
  assert.ok(Object.values(out.probabilities).every((p) => p === 0.1));
  assert.equal(out.padded, true);
  assert.equal(out.segments.length, 1);
});

test('an unreadable file is a coded error naming it; a missing model says how to train one', async () => {
  const broken = join(root, 'broken.wav');
  writeFileSync(broken, 'RIFF not really');
  const r = await terpsi(['classify', broken]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /E_(FILE_FORMAT|FFMPEG).*broken\.wav/);
  const m = await terpsi(['events', silence, '--model', join(root, 'nowhere')]);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /E_FILE_UNREADABLE.*nowhere\/model\.json.*terpsi train events/);
});
