import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ballroomDances } from '../../../src/train/corpora/ballroom-dances.js';

/** Where Debian's mma package keeps its standard groove library. */
const stdlib = '/usr/share/mma/lib/stdlib';

test("every groove a dance names is defined in mma's standard library (names are case-insensitive there)", () => {
  const defined = new Set(
    readdirSync(stdlib)
      .filter((f) => f.endsWith('.mma'))
      .flatMap((f) => [...readFileSync(join(stdlib, f), 'latin1').matchAll(/^\s*defgroove\s+(\S+)/gim)].map((m) => m[1]!.toLowerCase())),
  );
  for (const dance of ballroomDances) {
    for (const groove of [...dance.grooves, ...dance.intros]) assert.ok(defined.has(groove.toLowerCase()), `${dance.id}: ${groove}`);
  }
});

test('tempo ranges are whole beats per minute with room for both splits; meters are what the dances are', () => {
  for (const dance of ballroomDances) {
    const [low, high] = dance.tempo;
    assert.ok(Number.isInteger(low) && Number.isInteger(high) && high - low >= 1, dance.id);
  }
  const meter = Object.fromEntries(ballroomDances.map((d) => [d.id, d.timeSignature.join('/')]));
  assert.deepEqual(meter, { chacha: '4/4', jive: '4/4', quickstep: '4/4', rumba: '4/4', samba: '2/2', foxtrot: '4/4', tango: '4/4', viennesewaltz: '3/4', waltz: '3/4' });
});
