import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hertz, seconds } from '../../src/core/units.js';
import { OneEuroFilter } from '../../src/movement/one-euro-filter.js';
import { seededRandom } from '../helpers/seeded-random.js';

const near = (actual: number, expected: number, what: string, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

test('each step follows the paper: α = 1 / (1 + τ/Te), τ = 1 / (2π fc), fc = minCutoff + β |filtered speed|', () => {
  const filter = new OneEuroFilter(hertz(1), 0.5, hertz(1));
  assert.equal(filter.filter(0, seconds(0)), 0, 'the first sample passes through');
  // Te = 0.1 s. Speed (1 − 0) / 0.1 = 10; its filter: α_d = 1 / (1 + 0.159155 / 0.1) = 0.385870,
  // speed estimate 0.385870 × 10 = 3.858695 (from 0); fc = 1 + 0.5 × 3.858695 = 2.929348 Hz;
  // α = 1 / (1 + 0.054331 / 0.1) = 0.647957; x̂ = 0.647957 × 1 + 0.352043 × 0.
  near(filter.filter(1, seconds(0.1)), 0.6479571695923358, 'second sample');
  // Te = 0.2 s (an irregular rate). Speed (1 − 0.647957) / 0.2 = 1.760214; α_d = 0.556863,
  // estimate 0.556863 × 1.760214 + 0.443137 × 3.858695 = 2.690129; fc = 2.345065 Hz; α = 0.746636.
  near(filter.filter(1, seconds(0.3)), 0.9108051242252495, 'third sample');
  // Te = 0.05 s. Speed (0.5 − 0.910805) / 0.05 = −8.216102; α_d = 0.239057,
  // estimate 0.082916; fc = 1.041458 Hz; α = 0.246525.
  near(filter.filter(0.5, seconds(0.35)), 0.8095314797069741, 'fourth sample');
});

test('a constant signal passes unchanged at any rate', () => {
  const filter = new OneEuroFilter(hertz(1), 5, hertz(1));
  let t = 0;
  const random = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    t += 0.001 + random() * 0.1;
    assert.equal(filter.filter(0.731, seconds(t)), 0.731);
  }
});

test('a repeated or earlier time and a non-finite value are ignored: the last output again, state untouched', () => {
  const filter = new OneEuroFilter(hertz(1), 0.5, hertz(1));
  const fresh = new OneEuroFilter(hertz(1), 0.5, hertz(1));
  assert.ok(Number.isNaN(filter.filter(Number.NaN, seconds(0))), 'NaN before any sample');
  filter.filter(0, seconds(0));
  fresh.filter(0, seconds(0));
  const second = filter.filter(1, seconds(0.1));
  fresh.filter(1, seconds(0.1));
  assert.equal(filter.filter(5, seconds(0.1)), second, 'same time');
  assert.equal(filter.filter(5, seconds(0.05)), second, 'earlier time');
  assert.equal(filter.filter(Number.POSITIVE_INFINITY, seconds(0.2)), second, 'infinite value');
  assert.equal(filter.filter(5, seconds(Number.NaN)), second, 'NaN time');
  assert.equal(filter.filter(1, seconds(0.3)), fresh.filter(1, seconds(0.3)), 'as if those never came');
});

test('with the skeleton defaults at 30 fps jitter drops to under 40 % while a 2 m/s move trails by under 4 cm', () => {
  const filter = new OneEuroFilter(hertz(1), 5, hertz(1));
  const random = seededRandom(11);
  // 1 cm of uniform jitter around a still joint for 3 s.
  let rawSquares = 0;
  let outSquares = 0;
  const n = 90;
  for (let i = 0; i < n; i++) {
    const noise = (random() - 0.5) * 0.02;
    const out = filter.filter(1 + noise, seconds(i / 30));
    if (i >= 30) {
      rawSquares += noise ** 2;
      outSquares += (out - 1) ** 2;
    }
  }
  const ratio = Math.sqrt(outSquares / rawSquares);
  assert.ok(ratio < 0.4, `jitter kept ${ratio}`);
  // Then a move at 2 m/s for 0.5 s: a plain 1 Hz low-pass would trail by 2 / 2π = 32 cm.
  let out = 0;
  let target = 1;
  for (let i = 1; i <= 15; i++) {
    target = 1 + 2 * (i / 30);
    out = filter.filter(target, seconds((n - 1 + i) / 30));
  }
  assert.ok(target - out < 0.04 && target - out > 0, `lag ${target - out} m`);
});
