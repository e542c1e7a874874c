import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instrumentFamilyOfProgram, instrumentTags } from '../../../src/train/corpora/instrument-tags.js';
import { instrumentVoices } from '../../../src/train/corpora/instrument-voices.js';

test('the tags, in their fixed order', () => {
  assert.deepEqual(instrumentTags, ['drums', 'bass', 'piano', 'guitar', 'strings', 'brass', 'reed', 'organ']);
});

test('General MIDI programs map to their families; harp, timpani and the rest belong to none', () => {
  const expected = (p: number) =>
    p <= 7 ? 'piano'
    : p >= 16 && p <= 23 ? 'organ'
    : p >= 24 && p <= 31 ? 'guitar'
    : p >= 32 && p <= 39 ? 'bass'
    : (p >= 40 && p <= 45) || (p >= 48 && p <= 51) ? 'strings'
    : p >= 56 && p <= 63 ? 'brass'
    : p >= 64 && p <= 71 ? 'reed'
    : undefined;
  for (let p = 0; p < 128; p++) assert.equal(instrumentFamilyOfProgram(p), expected(p), `program ${p}`);
  // Named landmarks, 0-based: celesta, harp, timpani, choir aahs, flute, synth lead, drum-kit programs are not families.
  for (const p of [8, 46, 47, 52, 73, 80, 118]) assert.equal(instrumentFamilyOfProgram(p), undefined, `program ${p}`);
  assert.equal(instrumentFamilyOfProgram(40), 'strings', 'violin');
  assert.equal(instrumentFamilyOfProgram(45), 'strings', 'pizzicato');
  assert.equal(instrumentFamilyOfProgram(50), 'strings', 'synth strings 1');
  assert.equal(instrumentFamilyOfProgram(-1), undefined);
  assert.equal(instrumentFamilyOfProgram(128), undefined);
  // Drums are the percussion channel, not a program: no program maps to them.
  for (let p = 0; p < 128; p++) assert.notEqual(instrumentFamilyOfProgram(p), 'drums');
});

test('every program a family is given belongs to that family, and each family has several', () => {
  for (const [family, voices] of Object.entries(instrumentVoices)) {
    assert.ok(voices.any.length + voices.low.length >= 4, family);
    for (const p of [...voices.any, ...voices.low]) assert.equal(instrumentFamilyOfProgram(p), family, `${family}: program ${p}`);
  }
});
