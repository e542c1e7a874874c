import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMPTY } from 'rxjs';
import { z } from 'zod';
import { isTerpsiError, type ErrorCode } from '../../src/core/errors.js';
import { sourceTypes } from '../../src/core/registries.js';
import { loadPatch, patchParams } from '../../src/patch/load-patch.js';
import '../../src/patch/register-all.js';
import { tempDir } from '../helpers/temp-dir.js';

sourceTypes.register({
  name: 'test-tone',
  description: 'test source',
  live: false,
  params: z.strictObject({ frequency: z.number().positive().default(440) }),
  create: () => EMPTY,
});

const dir = tempDir('terpsi-patch-');
let n = 0;
function patchFile(text: string): string {
  const file = join(dir, `p${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** `file:line:col` of the first occurrence of `needle` in `text` (1-based, like editors). */
function at(file: string, text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
}

/** Loads and returns the coded error's message, failing if it loads. */
function problems(text: string, code: ErrorCode = 'E_PATCH_INVALID'): { file: string; message: string; text: string } {
  const file = patchFile(text);
  try {
    loadPatch(file);
  } catch (e) {
    assert.ok(isTerpsiError(e), `expected a TerpsiError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return { file, message: e.message, text };
  }
  assert.fail('the patch loaded');
}

const good = `name: ok
sources:
  tone: { type: test-tone, frequency: 220 }
nodes:
  onset: { type: onset, input: tone, sensitivity: 3 }
  level: { type: level, input: tone }
  dancer: { type: procedural-dancer, input: [onset, level] }
`;

test('a good patch loads frozen, nodes in dependency order, with its parameters', () => {
  const text = good.replace(/nodes:\n([\s\S]*)/, (_, body: string) => `nodes:\n${body.split('\n').reverse().join('\n')}`);
  const patch = loadPatch(patchFile(text));
  const order = patch.nodes.map((n) => n.id);
  assert.equal(order.length, 3);
  for (const node of patch.nodes) {
    for (const input of node.input) if (input !== 'tone') assert.ok(order.indexOf(input) < order.indexOf(node.id), order.join());
  }
  assert.deepEqual(patch.sources[0]!.params, { frequency: 220 });
  assert.deepEqual(patch.nodes.find((n) => n.id === 'onset')!.tunables, { sensitivity: 3 });
  assert.ok(Object.isFrozen(patch) && Object.isFrozen(patch.nodes[0]));
  assert.deepEqual([...patchParams(patch).keys()].sort(), ['dancer/amplitude', 'dancer/sway', 'onset/decay', 'onset/sensitivity']);
});

test('a wrongly typed field names the file, line, path and what was expected', () => {
  const { file, message, text } = problems(good.replace('frequency: 220', 'frequency: loud'));
  assert.equal(message, `${at(file, text, 'frequency')}: sources.tone.frequency: expected number, got string "loud"`);
});

test('a tunable out of range says its range and unit', () => {
  const { file, message, text } = problems(good.replace('sensitivity: 3', 'sensitivity: 60'));
  assert.equal(message, `${at(file, text, 'sensitivity')}: nodes.onset.sensitivity: expected a number in 0.5..6 (standard deviations), got 60`);
});

test('a misspelt field, an unknown type and a dangling input are all reported at once', () => {
  const text = good.replace('input: tone, sens', 'inptu: tone, sens').replace('type: level', 'type: levels').replace('[onset, level]', '[onset, lvl]');
  const { file, message } = problems(text);
  const lines = message.split('\n');
  assert.ok(lines.includes(`${at(file, text, 'inptu')}: nodes.onset.inptu: unknown field "inptu"`), message);
  assert.ok(lines.includes(`${at(file, text, 'onset: {')}: nodes.onset.input: required field is missing (expected string or array)`), message);
  assert.ok(lines.some((l) => l.startsWith(`${at(file, text, 'type: levels')}: nodes.level.type: unknown node type "levels"; known: `) && l.includes('procedural-dancer')), message);
  assert.ok(lines.includes(`${at(file, text, 'lvl')}: nodes.dancer.input[1]: expected the id of a source or node (tone, onset, level, dancer), got "lvl"`), message);
  assert.equal(lines.length, 4, message);
});

test('an unknown field is named', () => {
  const { file, message, text } = problems(good.replace('frequency: 220', 'frequency: 220, gain: 2'));
  assert.equal(message, `${at(file, text, 'gain')}: sources.tone.gain: unknown field "gain"`);
});

test('a cycle between nodes is reported with its path', () => {
  const { message } = problems(`name: loop
sources:
  tone: { type: test-tone }
nodes:
  a: { type: level, input: b }
  b: { type: level, input: a }
`);
  assert.match(message, /nodes form a cycle: a → b → a|nodes form a cycle: b → a → b/);
});

test('missing sections and bad YAML are coded errors that name the file', () => {
  const missing = problems('name: empty\n');
  assert.equal(missing.message, `${missing.file}:1:1: sources: required field is missing (expected record)`);
  const bad = problems('name: [unclosed\nsources: {}\n', 'E_PATCH_PARSE');
  assert.ok(bad.message.startsWith(bad.file + ':'), bad.message);
  assert.throws(() => loadPatch(join(dir, 'nope.yaml')), (e) => isTerpsiError(e) && e.code === 'E_FILE_UNREADABLE' && e.message.includes('nope.yaml'));
});
