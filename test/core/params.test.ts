import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTerpsiError } from '../../src/core/errors.js';
import { ParamTree } from '../../src/core/params.js';

const spec = { min: 0, max: 1, default: 0.5, unit: 'normalized', description: 'test' };

test('parameters clamp to their range, refuse non-numbers and notify listeners', () => {
  const tree = new ParamTree();
  const p = tree.define('dancer/amplitude', spec);
  const seen: number[] = [];
  p.onChange((v) => seen.push(v));
  assert.equal(tree.set('dancer/amplitude', 2), 1);
  assert.equal(tree.set('dancer/amplitude', -1), 0);
  assert.throws(() => tree.set('dancer/amplitude', Number.NaN), (e) => isTerpsiError(e) && e.code === 'E_PARAM');
  assert.deepEqual(seen, [1, 0]);
  assert.deepEqual(tree.snapshot(), { 'dancer/amplitude': 0 });
});

test('integer parameters round; unknown paths and bad defaults are coded errors', () => {
  const tree = new ParamTree();
  tree.define('midi/note', { ...spec, min: 0, max: 127, default: 60, integer: true });
  assert.equal(tree.set('midi/note', 61.6), 62);
  assert.throws(() => tree.set('nope/x', 1), /E_PARAM|no parameter nope\/x/);
  assert.throws(() => tree.define('bad/default', { ...spec, default: 3 }), /outside 0..1/);
  assert.throws(() => tree.define('midi/note', spec), /defined twice/);
});

test('a preset applies every value or fails on the first unknown path', () => {
  const tree = new ParamTree();
  tree.define('a/x', spec);
  tree.apply({ 'a/x': 0.25 });
  assert.equal(tree.get('a/x').value, 0.25);
  assert.throws(() => tree.apply({ 'a/y': 0.1 }), /no parameter a\/y; known: a\/x/);
});
