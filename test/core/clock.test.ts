import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstValueFrom } from 'rxjs';
import { after, realClock, virtualClock } from '../../src/core/clock.js';
import { seconds } from '../../src/core/units.js';

test('virtual clock wakes waiters in time order and jumps straight to each time', async () => {
  const clock = virtualClock();
  const woke: [string, number][] = [];
  const task = async (name: string, times: number[]) => {
    for (const t of times) {
      await clock.sleepUntil(seconds(t));
      woke.push([name, clock.now()]);
    }
  };
  const started = performance.now();
  await Promise.all([task('a', [1, 3, 5]), task('b', [2, 3, 4]), task('c', [100])]);
  assert.deepEqual(woke, [
    ['a', 1],
    ['b', 2],
    ['a', 3],
    ['b', 3],
    ['b', 4],
    ['a', 5],
    ['c', 100],
  ]);
  assert.ok(performance.now() - started < 1000, '100 virtual seconds take far less than a real second');
});

test('virtual clock never goes backwards and an abort removes the waiter', async () => {
  const clock = virtualClock(seconds(1_700_000_000));
  await clock.sleepUntil(seconds(10));
  await clock.sleepUntil(seconds(5));
  assert.equal(clock.now(), 10);
  const stop = new AbortController();
  const cancelled = clock.sleepUntil(seconds(1000), stop.signal);
  stop.abort();
  await cancelled;
  await clock.sleepUntil(seconds(11));
  assert.equal(clock.now(), 11, 'the aborted waiter at 1000 s did not move time');
  assert.equal(clock.unixTime(seconds(2)), 1_700_000_002);
});

test('real clock is monotonic, sleeps about as asked and maps to Unix time', async () => {
  const clock = realClock();
  const a = clock.now();
  await clock.sleepUntil(seconds(a + 0.05));
  const b = clock.now();
  assert.ok(b - a >= 0.049, `slept ${b - a} s`);
  assert.ok(Math.abs(clock.unixTime(b) - Date.now() / 1000) < 0.05);
  assert.equal(clock.virtual, false);
});

test('after() emits once after the delay on the given clock', async () => {
  const clock = virtualClock();
  await firstValueFrom(after(clock, seconds(2.5)));
  assert.equal(clock.now(), 2.5);
});
