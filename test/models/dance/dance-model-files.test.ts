import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isTerpsiError } from '../../../src/core/errors.js';
import { loadDanceModel, saveDanceModel } from '../../../src/models/dance/dance-model-files.js';
import { DanceStream } from '../../../src/models/dance/dance-stream.js';
import { randomSpectra, smallDanceConfig as config, trainedLikeWeights } from './dance-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'terpsi-dance-'));
after(() => rmSync(root, { recursive: true, force: true }));

const normalization = { components: ['root.x', 'root.y'], maxima: [1.5, 0.25] };
let count = 0;
/** A freshly saved model directory. */
function saved(): string {
  const dir = join(root, `model-${count++}`);
  saveDanceModel(dir, { config, normalization, weights: trainedLikeWeights(config, 31) });
  return dir;
}

/** Asserts `load` fails with `code`, naming `file`, and matching `detail`. */
function fails(dir: string, code: string, file: string, detail: RegExp): void {
  assert.throws(
    () => loadDanceModel(dir),
    (e: unknown) => isTerpsiError(e) && e.code === code && e.message.includes(join(dir, file)) && detail.test(e.message),
  );
}

test('save then load gives the same configuration, normalisation, weights and poses', () => {
  const weights = trainedLikeWeights(config, 31);
  const dir = saved();
  const loaded = loadDanceModel(dir);
  assert.deepEqual(loaded.config, config);
  assert.deepEqual(loaded.normalization, normalization);
  assert.deepEqual([...loaded.weights.keys()], [...weights.keys()]);
  for (const [name, w] of weights) assert.deepEqual(loaded.weights.get(name), w, name);
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(manifest.weightsManifest[0].paths, ['weights.bin'], 'tf.io weights manifest');
  const input = randomSpectra(config, 2, 1, 32);
  const a = new DanceStream(config, weights, 2);
  const b = new DanceStream(loaded.config, loaded.weights, 2);
  for (let i = 0; i < 5; i++) assert.deepEqual(b.step(input), a.step(input));
});

test('a missing or corrupt model.json is a coded error naming it', () => {
  const missing = saved();
  unlinkSync(join(missing, 'model.json'));
  fails(missing, 'E_FILE_UNREADABLE', 'model.json', /ENOENT/);
  const garbled = saved();
  writeFileSync(join(garbled, 'model.json'), '{"format": "terpsi-dance-generator", ');
  fails(garbled, 'E_FILE_FORMAT', 'model.json', /not JSON/);
  const other = saved();
  writeFileSync(join(other, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {} }));
  fails(other, 'E_FILE_FORMAT', 'model.json', /not a dance model: format/);
});

test('a missing, short or long shard is a coded error naming it', () => {
  const missing = saved();
  unlinkSync(join(missing, 'weights.bin'));
  fails(missing, 'E_FILE_UNREADABLE', 'weights.bin', /ENOENT/);
  const short = saved();
  const bytes = readFileSync(join(short, 'weights.bin')).length;
  truncateSync(join(short, 'weights.bin'), bytes - 8);
  fails(short, 'E_FILE_FORMAT', 'weights.bin', new RegExp(`${bytes - 8} bytes, .*lists ${bytes} bytes`));
  const long = saved();
  writeFileSync(join(long, 'weights.bin'), Buffer.concat([readFileSync(join(long, 'weights.bin')), Buffer.alloc(4)]));
  fails(long, 'E_FILE_FORMAT', 'weights.bin', /bytes/);
});

test('weights that do not fit the configuration, or are not finite, are refused naming the file', () => {
  const edit = (dir: string, change: (m: { config: Record<string, unknown>; weightsManifest: { weights: { name: string; shape: number[] }[] }[] }) => void) => {
    const file = join(dir, 'model.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    change(manifest);
    writeFileSync(file, JSON.stringify(manifest));
  };
  const units = saved();
  edit(units, (m) => {
    m.config.lstmUnits = 10;
  });
  fails(units, 'E_FILE_FORMAT', 'model.json', /do not match the config: .*encoder\/lstm1\/kernel is \[\d+, 36\], the configuration needs \[\d+, 40\]/);
  const renamed = saved();
  edit(renamed, (m) => {
    m.weightsManifest[0]!.weights[0]!.name = 'encoder/conv9/kernel';
  });
  fails(renamed, 'E_FILE_FORMAT', 'model.json', /encoder\/conv1\/kernel is missing; encoder\/conv9\/kernel is not a weight/);
  const badConfig = saved();
  edit(badConfig, (m) => {
    m.config.spectrumBins = 40;
  });
  fails(badConfig, 'E_FILE_FORMAT', 'model.json', /need more spectrum frames or bins/);
  const nan = saved();
  const shard = readFileSync(join(nan, 'weights.bin'));
  shard.writeFloatLE(NaN, 8);
  writeFileSync(join(nan, 'weights.bin'), shard);
  fails(nan, 'E_FILE_FORMAT', 'weights.bin', /encoder\/conv1\/kernel has NaN at index 2/);
});
