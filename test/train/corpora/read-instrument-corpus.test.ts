import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { instrumentTags } from '../../../src/train/corpora/instrument-tags.js';
import { readInstrumentCorpus } from '../../../src/train/corpora/read-instrument-corpus.js';
import { tempDir } from '../../helpers/temp-dir.js';

const clip = (dir: string, name: string, labels: unknown) => {
  writeFileSync(join(dir, `${name}.wav`), '');
  writeFileSync(join(dir, `${name}.labels.json`), typeof labels === 'string' ? labels : JSON.stringify(labels));
};

test('reads the clips of a folder in name order, tags in tag order; other files are ignored', () => {
  const dir = tempDir('terpsi-read-instruments-');
  clip(dir, 'b', { tags: ['organ', 'drums'], intervals: [{ tag: 'drums', onset: 0, offset: 0.2 }, { tag: 'organ', onset: 1, offset: 3.5 }] });
  clip(dir, 'a', { tags: ['bass'], intervals: [{ tag: 'bass', onset: 0.5, offset: 1 }] });
  writeFileSync(join(dir, 'c.wav'), ''); // audio whose labels were never written: an interrupted build
  writeFileSync(join(dir, 'a.mma'), '');
  assert.deepEqual(readInstrumentCorpus(dir), {
    tags: instrumentTags,
    clips: [
      { audio: join(dir, 'a.wav'), tags: ['bass'], intervals: [{ tag: 'bass', onset: 0.5, offset: 1 }] },
      { audio: join(dir, 'b.wav'), tags: ['drums', 'organ'], intervals: [{ tag: 'drums', onset: 0, offset: 0.2 }, { tag: 'organ', onset: 1, offset: 3.5 }] },
    ],
  });
});

test('a bad label file is E_FILE_FORMAT naming the file and the field', () => {
  const cases: [unknown, RegExp][] = [
    ['{"tags": [', /not JSON/],
    [[], /tags: expected a list/],
    [{ tags: ['drums'] }, /intervals: expected a list/],
    [{ tags: ['drums', 'kazoo'], intervals: [] }, /tags\[1\]: expected one of drums, bass, piano, guitar, strings, brass, reed, organ, got "kazoo"/],
    [{ tags: ['drums', 'drums'], intervals: [] }, /tags\[1\]: "drums" is listed twice/],
    [{ tags: ['drums'], intervals: [{ tag: 'piano', onset: 0, offset: 1 }] }, /intervals\[0\]\.tag: expected one of the clip's tags/],
    [{ tags: ['drums'], intervals: [{ tag: 'drums', onset: -1, offset: 1 }] }, /intervals\[0\]\.onset/],
    [{ tags: ['drums'], intervals: [{ tag: 'drums', onset: 0, offset: 0.2 }, { tag: 'drums', onset: 2, offset: 2 }] }, /intervals\[1\]\.offset: expected seconds after the onset/],
    [{ tags: ['drums', 'bass'], intervals: [{ tag: 'drums', onset: 0, offset: 1 }] }, /tags: "bass" has no interval/],
  ];
  for (const [labels, pattern] of cases) {
    const dir = tempDir('terpsi-read-instruments-');
    clip(dir, 'x', labels);
    const file = join(dir, 'x.labels.json');
    assert.throws(
      () => readInstrumentCorpus(dir),
      (e) => isTerpsiError(e) && e.code === 'E_FILE_FORMAT' && e.message.startsWith(`${file}: `) && pattern.test(e.message),
      `${JSON.stringify(labels)} should fail with ${pattern}`,
    );
  }
});

test('a missing folder or audio file is E_FILE_UNREADABLE naming it', () => {
  const dir = tempDir('terpsi-read-instruments-');
  assert.throws(() => readInstrumentCorpus(join(dir, 'nowhere')), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes(join(dir, 'nowhere')));
  writeFileSync(join(dir, 'y.labels.json'), JSON.stringify({ tags: [], intervals: [] }));
  assert.throws(() => readInstrumentCorpus(dir), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes(join(dir, 'y.wav')));
});
