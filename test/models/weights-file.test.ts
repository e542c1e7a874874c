import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { loadWeightsFile, saveWeightsFile } from '../../src/models/weights-file.js';
import { tempDir } from '../helpers/temp-dir.js';

const schema = z.strictObject({ config: z.strictObject({ tags: z.array(z.string()) }) });
const shapesOf = (h: z.infer<typeof schema>) => [
  { name: 'a', shape: [2, 3] },
  { name: 'out', shape: [3, h.config.tags.length] },
];

function saved(tags: string[]) {
  const dir = tempDir('terpsi-weights-');
  const header = { config: { tags } };
  const weights = new Map(shapesOf(header).map((s) => [s.name, Float32Array.from({ length: s.shape[0]! * s.shape[1]! }, (_, i) => i / 10)]));
  saveWeightsFile(dir, 'terpsi-test', header, shapesOf(header), weights);
  return { dir, weights };
}

test('a saved model folder reads back with the same header and weights', () => {
  const { dir, weights } = saved(['x', 'y']);
  const loaded = loadWeightsFile(dir, 'terpsi-test', schema, shapesOf);
  assert.deepEqual(loaded.header, { config: { tags: ['x', 'y'] } });
  assert.deepEqual([...loaded.weights.keys()], ['a', 'out']);
  assert.deepEqual(Array.from(loaded.weights.get('out')!), Array.from(weights.get('out')!));
});

test('a model whose tag list does not match its weights is refused, naming the file and the weight', () => {
  const { dir } = saved(['x', 'y']);
  const file = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.config.tags.push('z');
  writeFileSync(file, JSON.stringify(json));
  assert.throws(() => loadWeightsFile(dir, 'terpsi-test', schema, shapesOf), (e: Error & { code?: string }) => e.code === 'E_FILE_FORMAT' && e.message.includes(file) && /out is \[3, 2\], the configuration needs \[3, 3\]/.test(e.message));
});

test('a truncated shard, a foreign format, a NaN weight and a missing folder are coded errors naming the file', () => {
  const { dir } = saved(['x']);
  const shard = join(dir, 'weights.bin');
  const bytes = readFileSync(shard);
  writeFileSync(shard, bytes.subarray(0, bytes.length - 4));
  assert.throws(() => loadWeightsFile(dir, 'terpsi-test', schema, shapesOf), (e: Error & { code?: string }) => e.code === 'E_FILE_FORMAT' && e.message.includes(shard));
  const nan = Buffer.from(bytes);
  nan.writeFloatLE(Number.NaN, 4);
  writeFileSync(shard, nan);
  assert.throws(() => loadWeightsFile(dir, 'terpsi-test', schema, shapesOf), /weight a has NaN at index 1/);
  assert.throws(() => loadWeightsFile(dir, 'terpsi-other', schema, shapesOf), /a terpsi-test model, expected terpsi-other/);
  assert.throws(() => loadWeightsFile(join(dir, 'nope'), 'terpsi-test', schema, shapesOf), (e: Error & { code?: string }) => e.code === 'E_FILE_UNREADABLE' && e.message.includes('nope'));
});
