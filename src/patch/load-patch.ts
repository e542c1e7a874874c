import { dirname, resolve } from 'node:path';
import type { ZodType } from 'zod';
import type { ParamSpec } from '../core/params.js';
import { nodeTypes, outputTypes, sourceTypes } from '../core/registries.js';
import type { Registry } from '../core/registry.js';
import { inputsSchema, patchSchema } from './schemas.js';
import { check, deepFreeze, readYaml, invalid, type Path, type Problem } from './yaml-file.js';

/** One source, node or output of a loaded patch, validated against its type. */
export interface PatchEntry {
  readonly id: string;
  readonly type: string;
  /** Ids this entry reads from (empty for sources). */
  readonly input: readonly string[];
  /** The type's own fields, parsed by its schema. */
  readonly params: unknown;
  /** Starting values for the type's tunables that the patch sets. */
  readonly tunables: Readonly<Record<string, number>>;
}

export interface Patch {
  readonly file: string;
  /** Folder relative paths in the patch are resolved against. */
  readonly dir: string;
  readonly name: string;
  readonly description?: string;
  /** Absolute path of the preset to apply at start. */
  readonly preset?: string;
  readonly sources: readonly PatchEntry[];
  /** In an order where every node comes after the nodes it reads. */
  readonly nodes: readonly PatchEntry[];
  readonly outputs: readonly PatchEntry[];
}

/** Fields forced onto every output of a type, e.g. `{ osc: { port: 9001 } }` from the command line. */
export type OutputOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

type AnyRegistry = Registry<{ name: string; params: ZodType; tunables?: Readonly<Record<string, ParamSpec>> }>;

/**
 * Reads, validates and freezes a patch. Every problem in the file is reported at once, each with
 * its line, column, path and what was expected, in one E_PATCH_INVALID error.
 */
export function loadPatch(file: string, overrides: OutputOverrides = {}): Patch {
  const yaml = readYaml(file);
  const top = check(patchSchema, yaml.data);
  if (!top.ok) throw invalid(yaml, top.problems);
  const raw = top.value;
  const problems: Problem[] = [];

  const entry = (registry: AnyRegistry, path: Path, id: string, fields: Record<string, unknown>, reads: boolean): PatchEntry | undefined => {
    const { type, input, id: _id, ...rest } = fields as { type: string; input?: unknown; id?: string };
    let inputs: string[] = [];
    if (reads) {
      const parsed = check(inputsSchema, input, [...path, 'input']);
      if (parsed.ok) inputs = [parsed.value].flat();
      else problems.push(...parsed.problems);
    } else if (input !== undefined) {
      problems.push({ path: [...path, 'input'], message: 'sources take no input' });
    }
    if (!registry.has(type)) {
      problems.push({ path: [...path, 'type'], message: `unknown ${registry.what} "${type}"; known: ${registry.names().join(', ')}` });
      return undefined;
    }
    const def = registry.get(type);
    const tunables: Record<string, number> = {};
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest)) {
      const spec = def.tunables?.[key];
      if (!spec) {
        own[key] = value;
      } else if (typeof value !== 'number' || !(spec.min <= value && value <= spec.max)) {
        problems.push({ path: [...path, key], message: `expected a number in ${spec.min}..${spec.max} (${spec.unit}), got ${JSON.stringify(value)}` });
      } else {
        tunables[key] = value;
      }
    }
    const parsed = check(def.params, own, path);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      return undefined;
    }
    return { id, type, input: inputs, params: parsed.value, tunables };
  };

  const sources = Object.entries(raw.sources).flatMap(([id, f]) => entry(sourceTypes, ['sources', id], id, f, false) ?? []);
  const nodes = Object.entries(raw.nodes ?? {}).flatMap(([id, f]) => entry(nodeTypes, ['nodes', id], id, f, true) ?? []);
  const outputs = (raw.outputs ?? []).flatMap((f, i) => {
    const merged = { ...f, ...overrides[f.type] };
    return entry(outputTypes, ['outputs', i], f.id ?? `${f.type}-${i}`, merged, true) ?? [];
  });

  for (const id of Object.keys(raw.nodes ?? {})) {
    if (id in raw.sources) problems.push({ path: ['nodes', id], message: `id "${id}" is already a source` });
  }
  const known = new Set([...Object.keys(raw.sources), ...Object.keys(raw.nodes ?? {})]);
  const checkInputs = (e: PatchEntry, path: Path) =>
    e.input.forEach((name, i) => {
      if (!known.has(name)) {
        const at = e.input.length === 1 ? [...path, 'input'] : [...path, 'input', i];
        problems.push({ path: at, message: `expected the id of a source or node (${[...known].join(', ')}), got "${name}"` });
      }
    });
  nodes.forEach((n) => checkInputs(n, ['nodes', n.id]));
  outputs.forEach((o, i) => checkInputs(o, ['outputs', i]));

  const ordered = topologicalOrder(nodes, problems);
  if (problems.length > 0) throw invalid(yaml, problems);

  const dir = dirname(resolve(file));
  return deepFreeze({
    file,
    dir,
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.preset === undefined ? {} : { preset: resolve(dir, raw.preset) }),
    sources,
    nodes: ordered,
    outputs,
  });
}

/** Orders nodes so each follows its inputs; a cycle is reported on the first node found in it. */
function topologicalOrder(nodes: readonly PatchEntry[], problems: Problem[]): PatchEntry[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: PatchEntry[] = [];
  const visit = (node: PatchEntry, trail: string[]): void => {
    const s = state.get(node.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(node.id)), node.id];
      problems.push({ path: ['nodes', node.id, 'input'], message: `nodes form a cycle: ${cycle.join(' → ')}` });
      return;
    }
    state.set(node.id, 'visiting');
    for (const input of node.input) {
      const upstream = byId.get(input);
      if (upstream) visit(upstream, [...trail, node.id]);
    }
    state.set(node.id, 'done');
    order.push(node);
  };
  for (const node of nodes) visit(node, []);
  return order;
}

/** Every live parameter a patch will have, `<id>/<name>` → spec, known without starting it. */
export function patchParams(patch: Patch): Map<string, ParamSpec> {
  const params = new Map<string, ParamSpec>();
  const add = (entries: readonly PatchEntry[], registry: AnyRegistry) => {
    for (const entry of entries) {
      for (const [name, spec] of Object.entries(registry.get(entry.type).tunables ?? {})) params.set(`${entry.id}/${name}`, spec);
    }
  };
  add(patch.sources, sourceTypes);
  add(patch.nodes, nodeTypes);
  add(patch.outputs, outputTypes);
  return params;
}
