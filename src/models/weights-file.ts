import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TerpsiError } from '../core/errors.js';

/** A named weight and its shape. */
export interface WeightShape {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Weights by name, each a row-major float32 array. */
export type NamedWeights = ReadonlyMap<string, Float32Array>;

const shardName = 'weights.bin';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

const manifestSchema = z.object({
  format: z.string(),
  version: z.literal(1),
  weightsManifest: z
    .array(
      z.strictObject({
        paths: z.tuple([z.literal(shardName)]),
        weights: z.array(z.strictObject({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') })),
      }),
    )
    .length(1),
});

/**
 * Writes a model folder: `dir/model.json` holds `format`, `header` (the model's configuration and
 * whatever else describes it) and a tf.io weights manifest; `dir/weights.bin` every weight of
 * `shapes`, in that order, as little-endian float32.
 */
export function saveWeightsFile(dir: string, format: string, header: object, shapes: readonly WeightShape[], weights: NamedWeights): void {
  const data = new Float32Array(shapes.reduce((n, w) => n + size(w.shape), 0));
  let offset = 0;
  for (const { name, shape } of shapes) {
    const w = weights.get(name);
    if (!w || w.length !== size(shape)) throw new TerpsiError('E_PARAM', `cannot save ${dir}: weight ${name} needs [${shape.join(', ')}], has ${w ? w.length : 'no'} values`);
    data.set(w, offset);
    offset += w.length;
  }
  const manifest = {
    format,
    version: 1,
    ...header,
    weightsManifest: [{ paths: [shardName], weights: shapes.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })) }],
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, shardName), new Uint8Array(data.buffer));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest, null, 1) + '\n');
}

/** The bytes of a model file; a missing or unreadable one is E_FILE_UNREADABLE naming it. */
export function readModelFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new TerpsiError('E_FILE_UNREADABLE', `${file}: ${why}`, { cause: e });
  }
}

/** A model's JSON file, parsed; unreadable is E_FILE_UNREADABLE, not JSON E_FILE_FORMAT, both naming it. */
export function readModelJson(file: string): unknown {
  const text = readModelFile(file).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TerpsiError('E_FILE_FORMAT', `${file}: not JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads a model folder written by {@link saveWeightsFile}. The header is checked against
 * `headerSchema`, and the stored weights must be exactly those `shapesOf(header)` names, with
 * those shapes, all finite: a model whose tags or sizes do not match its weights is refused.
 * A missing file is E_FILE_UNREADABLE naming it; anything else wrong is E_FILE_FORMAT naming it.
 */
export function loadWeightsFile<H>(dir: string, format: string, headerSchema: z.ZodType<H>, shapesOf: (header: H) => readonly WeightShape[]): { header: H; weights: Map<string, Float32Array> } {
  const file = join(dir, 'model.json');
  const json = readModelJson(file);
  const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
  const manifest = manifestSchema.safeParse(json);
  if (!manifest.success) throw new TerpsiError('E_FILE_FORMAT', `${file}: not a model file: ${issues(manifest.error)}`);
  if (manifest.data.format !== format) throw new TerpsiError('E_FILE_FORMAT', `${file}: a ${manifest.data.format} model, expected ${format}`);
  const { format: _format, version: _version, weightsManifest: _weights, ...rest } = json as Record<string, unknown>;
  const header = headerSchema.safeParse(rest);
  if (!header.success) throw new TerpsiError('E_FILE_FORMAT', `${file}: ${issues(header.error)}`);

  const expected = shapesOf(header.data);
  const stored = manifest.data.weightsManifest[0]!.weights;
  const describe = (list: readonly WeightShape[]) => list.map((w) => `${w.name} [${w.shape.join(', ')}]`).join(', ');
  if (describe(stored) !== describe(expected)) {
    const wrong = expected.find((w, i) => describe([w]) !== (stored[i] ? describe([stored[i]!]) : ''));
    const found = wrong && stored.find((s) => s.name === wrong.name);
    const why = !wrong ? `${stored.length - expected.length} weights too many` : found ? `${wrong.name} is [${found.shape.join(', ')}], the configuration needs [${wrong.shape.join(', ')}]` : `${wrong.name} is missing`;
    throw new TerpsiError('E_FILE_FORMAT', `${file}: the weights do not match the configuration: ${why}`);
  }
  const shard = join(dir, shardName);
  const bytes = readModelFile(shard);
  const floats = expected.reduce((n, w) => n + size(w.shape), 0);
  if (bytes.length !== 4 * floats) throw new TerpsiError('E_FILE_FORMAT', `${shard}: ${bytes.length} bytes, ${file} lists ${4 * floats}`);
  const data = new Float32Array(floats);
  new Uint8Array(data.buffer).set(bytes);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const { name, shape } of expected) {
    const values = data.subarray(offset, (offset += size(shape)));
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new TerpsiError('E_FILE_FORMAT', `${shard}: weight ${name} has ${values[bad]} at index ${bad}`);
    weights.set(name, values);
  }
  return { header: header.data, weights };
}
