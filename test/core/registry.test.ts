import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TerpsiError } from '../../src/core/errors.js';
import { Registry } from '../../src/core/registry.js';

test('registering a name twice is a coded error naming it', () => {
  const r = new Registry<{ name: string }>('source type');
  r.register({ name: 'mic' });
  assert.throws(
    () => r.register({ name: 'mic' }),
    (e) => e instanceof TerpsiError && e.code === 'E_DUPLICATE_NAME' && /source type "mic"/.test(e.message),
  );
});

test('an unknown name lists the known ones', () => {
  const r = new Registry<{ name: string }>('output type');
  r.register({ name: 'osc' });
  r.register({ name: 'midi' });
  assert.throws(() => r.get('dmx'), /E_UNKNOWN_TYPE|unknown output type "dmx"; known: midi, osc/);
  assert.deepEqual(r.names(), ['midi', 'osc']);
});
