import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentSamples } from '../../src/core/recent-samples.js';

test('quantiles are nearest-rank over the window, which rolls', () => {
  const r = new RecentSamples(100);
  assert.ok(Number.isNaN(r.quantile(0.5)));
  for (let i = 1; i <= 100; i++) r.add(i);
  assert.equal(r.quantile(0.5), 50);
  assert.equal(r.quantile(0.99), 99);
  assert.equal(r.quantile(1), 100);
  for (let i = 0; i < 100; i++) r.add(1000);
  assert.equal(r.quantile(0.01), 1000, 'old values rolled out');
  assert.equal(r.total, 200);
});
