import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describeError } from '../core/log.js';
import { packageRoot } from '../core/paths.js';
import { configKind, loadConfig } from '../patch/load-config.js';
import { loadPatch, patchParams } from '../patch/load-patch.js';
import { invalid, readYaml } from '../patch/yaml-file.js';
import { parse, type Command } from './command.js';

/** Validates one file; returns a one-line summary or throws the coded error. */
function validateFile(file: string): string {
  const kind = configKind(readYaml(file));
  if (kind === 'patch') {
    const p = loadPatch(file);
    return `patch "${p.name}": ${p.sources.length} sources, ${p.nodes.length} nodes, ${p.outputs.length} outputs`;
  }
  const config = loadConfig(file, kind);
  if (kind === 'preset' && 'params' in config && config.patch) checkPresetAgainstPatch(file, config.patch, config.params);
  return `${kind} "${config.name}"`;
}

/** A preset that names its patch must only set parameters that patch has, within their ranges. */
function checkPresetAgainstPatch(file: string, patchName: string, values: Readonly<Record<string, number>>): void {
  const candidates = [join(dirname(file), '..', 'patches', `${patchName}.yaml`), join(packageRoot, 'patches', `${patchName}.yaml`)];
  const patchFile = candidates.find((f) => existsSync(f));
  if (!patchFile) return;
  const specs = patchParams(loadPatch(patchFile));
  const problems = Object.entries(values).flatMap(([path, value]) => {
    const spec = specs.get(path);
    if (!spec) return [{ path: ['params', path], message: `patch "${patchName}" has no parameter ${path}; it has ${[...specs.keys()].join(', ') || 'none'}` }];
    if (value < spec.min || value > spec.max) return [{ path: ['params', path], message: `expected a number in ${spec.min}..${spec.max} (${spec.unit}), got ${value}` }];
    return [];
  });
  if (problems.length > 0) throw invalid(readYaml(file), problems);
}

/** Every YAML file terpsi ships, for `terpsi validate` with no arguments. */
function shippedFiles(): string[] {
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
          d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.yaml') ? [join(dir, d.name)] : [],
        )
      : [];
  return ['patches', 'devices', 'presets'].flatMap((d) => walk(join(packageRoot, d))).sort();
}

export const validate: Command = {
  name: 'validate',
  summary: 'check patches, device profiles and presets',
  help: `Usage: terpsi validate [file.yaml ...]

Checks each file against its schema: patches (and the fields of every source,
node and output type they use), device profiles (kind: osc-target, robot) and
presets (kind: preset; checked against their patch's parameters when they name
one). Each problem is printed as file:line:column: path: what was expected.
With no files, checks every file shipped in patches/, devices/ and presets/.
Exits 1 if any file is invalid.

Examples:
  terpsi validate patches/demo.yaml
  terpsi validate devices/robots/servo17.yaml presets/demo-calm.yaml`,
  async run(args) {
    const { positionals } = parse('validate', args, { help: { type: 'boolean', short: 'h' } });
    const files = positionals.length > 0 ? positionals : shippedFiles();
    let failed = 0;
    for (const file of files) {
      const shown = relative(process.cwd(), file) || file;
      try {
        process.stdout.write(`ok      ${shown}: ${validateFile(file)}\n`);
      } catch (e) {
        failed++;
        process.stdout.write(`invalid ${shown}\n${describeError(e).replace(/^/gm, '  ')}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
