import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TerpsiError } from '../../core/errors.js';
import { danceModelConfigSchema, type DanceModelConfig } from './dance-model-config.js';
import { readModelFile, readModelJson } from '../weights-file.js';
import { danceWeightProblems, danceWeightShapes, shapeSize, type DanceWeights } from './dance-weights.js';

/** What a dance model directory holds. */
export interface DanceModelFiles {
  readonly config: DanceModelConfig;
  /**
   * How poses were scaled for training, kept as written: the motion code that made it reads it
   * (the network only makes sense with the scaling it was trained with).
   */
  readonly normalization: Readonly<Record<string, unknown>>;
  readonly weights: DanceWeights;
}

const format = 'terpsi-dance-generator';
const shardName = 'weights.bin';

const manifestSchema = z.strictObject({
  format: z.literal(format),
  version: z.literal(1),
  config: danceModelConfigSchema,
  normalization: z.record(z.string(), z.unknown()),
  weightsManifest: z
    .array(
      z.strictObject({
        paths: z.array(z.string().min(1)).min(1),
        weights: z.array(z.strictObject({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') })),
      }),
    )
    .min(1),
});

/**
 * Writes `dir/model.json` (the configuration, the normalisation and a tf.io weights manifest) and
 * `dir/weights.bin` (every weight as little-endian float32, in manifest order), creating `dir`.
 */
export function saveDanceModel(dir: string, model: DanceModelFiles): void {
  const problems = danceWeightProblems(model.config, model.weights);
  if (problems.length > 0) throw new TerpsiError('E_PARAM', `cannot save the dance model to ${dir}: ${problems.join('; ')}`);
  const shapes = danceWeightShapes(model.config);
  const data = new Float32Array(shapes.reduce((n, w) => n + shapeSize(w.shape), 0));
  let offset = 0;
  for (const { name } of shapes) {
    const w = model.weights.get(name)!;
    data.set(w, offset);
    offset += w.length;
  }
  const manifest: z.infer<typeof manifestSchema> = {
    format,
    version: 1,
    config: { ...model.config, convChannels: [...model.config.convChannels] },
    normalization: model.normalization,
    weightsManifest: [{ paths: [shardName], weights: shapes.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const })) }],
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, shardName), new Uint8Array(data.buffer));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest, null, 1) + '\n');
}

/**
 * Reads a dance model directory written by {@link saveDanceModel}. A missing file is E_FILE_UNREADABLE
 * naming it; a model.json that is not one, a shard of the wrong size, weights that do not fit the
 * configuration or are not finite are E_FILE_FORMAT naming the file.
 */
export function loadDanceModel(dir: string): DanceModelFiles {
  const file = join(dir, 'model.json');
  const json = readModelJson(file);
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new TerpsiError('E_FILE_FORMAT', `${file}: not a dance model: ${issues.join('; ')}`);
  }
  const { config, normalization, weightsManifest } = parsed.data;
  const weights = new Map<string, Float32Array>();
  const shapeProblems: string[] = [];
  const expectedShapes = new Map(danceWeightShapes(config).map((w) => [w.name, w.shape.join(', ')]));
  for (const group of weightsManifest) {
    const shards = group.paths.map((p) => ({ path: join(dir, p), bytes: readModelFile(join(dir, p)) }));
    const expected = group.weights.reduce((n, w) => n + 4 * shapeSize(w.shape), 0);
    const actual = shards.reduce((n, s) => n + s.bytes.length, 0);
    if (actual !== expected) {
      throw new TerpsiError('E_FILE_FORMAT', `${shards.map((s) => s.path).join(' + ')}: ${actual} bytes, ${file} lists ${expected} bytes of weights for ${group.paths.length > 1 ? 'them' : 'it'}`);
    }
    const data = new Float32Array(expected / 4);
    const bytes = new Uint8Array(data.buffer);
    let at = 0;
    for (const s of shards) {
      bytes.set(s.bytes, at);
      at += s.bytes.length;
    }
    let offset = 0;
    for (const w of group.weights) {
      const values = data.subarray(offset, offset + shapeSize(w.shape));
      offset += values.length;
      if (weights.has(w.name)) throw new TerpsiError('E_FILE_FORMAT', `${file}: weight ${w.name} is listed twice`);
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new TerpsiError('E_FILE_FORMAT', `${shards[0]!.path}: weight ${w.name} has ${values[bad]} at index ${bad}`);
      weights.set(w.name, values);
      const shape = expectedShapes.get(w.name);
      if (shape !== undefined && shape !== w.shape.join(', ')) shapeProblems.push(`${w.name} is [${w.shape.join(', ')}], the configuration needs [${shape}]`);
    }
  }
  const problems = [...shapeProblems, ...danceWeightProblems(config, weights)];
  if (problems.length > 0) {
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    throw new TerpsiError('E_FILE_FORMAT', `${file}: the weights do not match the config: ${problems.slice(0, 3).join('; ')}${more}`);
  }
  return { config, normalization, weights };
}
