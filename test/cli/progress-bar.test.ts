import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, progressBar } from '../../src/cli/progress-bar.js';
import { Terminal } from '../../src/cli/terminal.js';
import type { Clock } from '../../src/core/clock.js';
import { seconds } from '../../src/core/units.js';

/** A stream that records what is written, a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY, columns: 200, write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

/** A clock that reads whatever `time.t` is set to. */
function steppedClock(time: { t: number }): Clock {
  return { now: () => seconds(time.t), unixTime: (t) => t, sleepUntil: async () => {}, virtual: true };
}

test('durations print as m:ss or h:mm:ss', () => {
  assert.deepEqual([0, 9.6, 61, 3599, 3661].map(formatDuration), ['0:00', '0:10', '1:01', '59:59', '1:01:01']);
});

test('on a terminal the bar is redrawn in place with the time left from the mean time per item', () => {
  const out = stream(true);
  const time = { t: 0 };
  const bar = progressBar(new Terminal(out), 'build', 4, steppedClock(time));
  time.t = 10;
  bar.update(1, 'first');
  assert.equal(out.text, '\r\x1b[Kbuild [######··················] 1/4  25 % ETA 0:30 first');
  time.t = 20;
  bar.update(2, 'second');
  assert.ok(out.text.endsWith('\r\x1b[Kbuild [############············] 2/4  50 % ETA 0:20 second'));
  bar.clear();
  assert.ok(out.text.endsWith('\r\x1b[K'));
});

test('off a terminal it prints a line at each tenth of the way', () => {
  const out = stream(false);
  const time = { t: 0 };
  const bar = progressBar(new Terminal(out), 'eval', 20, steppedClock(time));
  for (let done = 1; done <= 20; done++) {
    time.t = done;
    bar.update(done, `file${done}`);
  }
  const lines = out.text.trim().split('\n');
  assert.equal(lines.length, 10);
  assert.equal(lines[0], 'eval: 2/20  10 %, 0:02 elapsed, ETA 0:18 (file2)');
  assert.equal(lines[9], 'eval: 20/20 100 %, 0:20 elapsed, ETA 0:00 (file20)');
});
