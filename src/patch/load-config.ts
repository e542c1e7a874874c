import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { TerpsiError } from '../core/errors.js';
import { packageRoot } from '../core/paths.js';
import { configSchemas, type ConfigKind } from './schemas.js';
import { check, deepFreeze, invalid, readYaml, type YamlFile } from './yaml-file.js';

export type Config<K extends ConfigKind> = z.infer<(typeof configSchemas)[K]>;

/** The kind a configuration file declares; files without `kind` that have `sources` are patches. */
export function configKind(yaml: YamlFile): ConfigKind {
  const data = yaml.data as { kind?: unknown; sources?: unknown } | null;
  const kind = data?.kind ?? (data && typeof data === 'object' && 'sources' in data ? 'patch' : undefined);
  if (typeof kind === 'string' && kind in configSchemas) return kind as ConfigKind;
  throw invalid(yaml, [
    { path: ['kind'], message: `expected one of ${Object.keys(configSchemas).map((k) => `"${k}"`).join(' | ')}, got ${JSON.stringify(kind ?? null)}` },
  ]);
}

/** Reads a device profile or preset, checks it is of `kind`, validates and freezes it. */
export function loadConfig<K extends Exclude<ConfigKind, 'patch'>>(file: string, kind: K): Config<K> {
  const yaml = readYaml(file);
  const found = configKind(yaml);
  if (found !== kind) {
    throw invalid(yaml, [{ path: ['kind'], message: `expected a ${kind} file, got a ${found} file` }]);
  }
  const result = check(configSchemas[kind] as unknown as z.ZodType<Config<K>>, yaml.data);
  if (!result.ok) throw invalid(yaml, result.problems);
  return deepFreeze(result.value);
}

/** Where the files of each kind that terpsi ships live, and what people call them. */
const shipped = {
  'osc-target': { folder: 'devices/osc-targets', called: 'osc-target profile' },
  robot: { folder: 'devices/robots', called: 'robot profile' },
  lma: { folder: 'presets/lma', called: 'LMA preset' },
  sonify: { folder: 'presets/sonify', called: 'sonify preset' },
} as const;

/**
 * Finds a device profile or preset: a path (relative to `baseDir`) or the name of one that
 * terpsi ships (`touchdesigner` → devices/osc-targets/touchdesigner.yaml, `ballet` →
 * presets/lma/ballet.yaml). An unknown name is E_FILE_UNREADABLE; an invalid file E_PATCH_INVALID
 * naming the file, line and field.
 */
export function loadNamed<K extends keyof typeof shipped>(kind: K, nameOrPath: string, baseDir: string): Config<K> {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.endsWith('.yaml');
  const { folder, called } = shipped[kind];
  const file = looksLikePath ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(baseDir, nameOrPath)) : join(packageRoot, folder, `${nameOrPath}.yaml`);
  if (!looksLikePath && !existsSync(file)) {
    throw new TerpsiError('E_FILE_UNREADABLE', `no ${called} named "${nameOrPath}" (looked for ${file})`);
  }
  return loadConfig(file, kind);
}
