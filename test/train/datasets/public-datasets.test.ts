import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readEventDataset, readStyleDataset } from '../../../src/train/datasets/read-audio-dataset.js';
import { readExtendedBallroom } from '../../../src/train/datasets/read-extended-ballroom.js';
import { readMagnaTagAtune } from '../../../src/train/datasets/read-magnatagatune.js';
import { readMedleyDb } from '../../../src/train/datasets/read-medleydb.js';
import { readUrbanSound8k } from '../../../src/train/datasets/read-urbansound8k.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The loaders only list audio paths, so the layouts below hold empty placeholder audio files.
const touch = (file: string, text = '') => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
};
const isFormat = (fragment: string) => (e: Error & { code?: string }) => e.code === 'E_FILE_FORMAT' && e.message.includes(fragment);

test('MagnaTagATune: tab-separated annotations, tags by frequency or as asked, rows without audio skipped', () => {
  const root = tempDir('terpsi-mtat-');
  touch(join(root, 'annotations_final.csv'), ['clip_id\tguitar\tdrums\tflute\tmp3_path', '2\t1\t1\t0\tf/a.mp3', '6\t0\t1\t0\tc/b.mp3', '9\t1\t0\t0\t'].join('\n'));
  touch(join(root, 'mp3', 'f', 'a.mp3'));
  const all = readMagnaTagAtune(root);
  assert.deepEqual(all.tags, ['guitar', 'drums', 'flute']);
  assert.deepEqual(all.clips, [
    { audio: join(root, 'mp3', 'f/a.mp3'), tags: ['guitar', 'drums'] },
    { audio: join(root, 'mp3', 'c/b.mp3'), tags: ['drums'] },
  ]);
  assert.deepEqual(readMagnaTagAtune(root, { tags: ['drums'] }).tags, ['drums']);
  assert.equal(readEventDataset(root, '--corpus').clips.length, 2);
  touch(join(root, 'annotations_final.csv'), 'clip_id\tguitar\tmp3_path\n2\tyes\tf/a.mp3\n');
  assert.throws(() => readMagnaTagAtune(root), isFormat('line 2: guitar: expected 0 or 1'));
});

test('UrbanSound8K: classes in classID order, folds, one interval spanning each slice', () => {
  const root = tempDir('terpsi-us8k-');
  touch(join(root, 'metadata', 'UrbanSound8K.csv'), ['slice_file_name,fsID,start,end,salience,fold,classID,class', '1-0.wav,1,0.5,4.5,1,1,3,dog_bark', '2-0.wav,2,0,2,2,2,0,air_conditioner'].join('\n'));
  const all = readUrbanSound8k(root);
  assert.deepEqual(all.tags, ['air_conditioner', 'dog_bark']);
  assert.deepEqual(all.clips[0], { audio: join(root, 'audio', 'fold1', '1-0.wav'), tags: ['dog_bark'], intervals: [{ tag: 'dog_bark', onset: 0, offset: 4 }] });
  assert.equal(readUrbanSound8k(root, { folds: [2] }).clips.length, 1);
  touch(join(root, 'metadata', 'UrbanSound8K.csv'), 'slice_file_name,fsID,start,end,salience,fold,classID,class\n1-0.wav,1,x,4,1,1,3,dog_bark\n');
  assert.throws(() => readUrbanSound8k(root), isFormat('line 2'));
});

test('MedleyDB: stems mapped to instrument families, activation confidences to intervals', () => {
  const root = tempDir('terpsi-medleydb-');
  touch(join(root, 'Audio', 'Song', 'Song_METADATA.yaml'), 'mix_filename: Song_MIX.wav\nstems:\n  S01:\n    instrument: drum set\n  S02:\n    instrument: violin\n  S03:\n    instrument: theremin\n');
  touch(join(root, 'Annotations', 'Instrument_Activations', 'ACTIVATION_CONF', 'Song_ACTIVATION_CONF.lab'), ['time,S01,S02,S03', '0.0,0.9,0.1,0.9', '0.0464,0.9,0.8,0.9', '0.0928,0.2,0.8,0.9', '0.1392,0.9,0.1,0.9'].join('\n'));
  const { tags, clips } = readMedleyDb(root);
  assert.equal(tags[0], 'drums');
  assert.equal(clips.length, 1);
  assert.equal(clips[0]!.audio, join(root, 'Audio', 'Song', 'Song_MIX.wav'));
  assert.deepEqual(clips[0]!.tags, ['drums', 'strings']);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  assert.deepEqual(
    clips[0]!.intervals!.map((i) => [i.tag, round(i.onset), round(i.offset)]),
    [
      // One quiet row (46 ms) is bridged, as the corpus bridges gaps under 0.1 s.
      ['drums', 0, 0.1856],
      ['strings', 0.0464, 0.1392],
    ],
  );
  assert.equal(readEventDataset(root, '--corpus').clips.length, 1);
  touch(join(root, 'Audio', 'Song', 'Song_METADATA.yaml'), 'stems: {}\n');
  assert.throws(() => readMedleyDb(root), isFormat('mix_filename'));
});

test('Extended Ballroom: style folders in any case to the ten classes, salsa and swing skipped and counted', () => {
  const root = tempDir('terpsi-ballroom-');
  for (const f of ['Chacha/1.mp3', 'Pasodoble/2.mp3', 'Waltz/3.mp3', 'VienneseWaltz/4.wav', 'Salsa/5.mp3', 'Wcswing/6.mp3', 'Wcswing/7.mp3']) touch(join(root, f));
  const data = readExtendedBallroom(root);
  assert.equal(data.skipped, 3);
  assert.deepEqual(
    data.clips.map((c) => c.tags[0]),
    ['cha_cha_cha', 'paso_doble', 'viennese_waltz', 'slow_waltz'],
  );
  assert.equal(readStyleDataset(root, '--corpus').clips.length, 4);
  assert.throws(() => readStyleDataset(join(root, 'Salsa'), '--corpus'), isFormat('not a dataset terpsi reads'));
  assert.throws(() => readExtendedBallroom(join(root, 'missing')), (e: Error & { code?: string }) => e.code === 'E_FILE_UNREADABLE');
});
