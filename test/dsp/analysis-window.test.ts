import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisWindow } from '../../src/dsp/analysis-window.js';

const close = (a: number, b: number, tol = 1e-15) => Math.abs(a - b) <= tol;

test('periodic Hann and Hamming match scipy.signal.get_window(..., fftbins=True)', () => {
  // scipy: get_window('hann', 4) = [0, 0.5, 1, 0.5]; get_window('hamming', 4) = [0.08, 0.54, 1, 0.54].
  assert.deepEqual([...analysisWindow('hann', 4)].map((v) => Math.round(v * 1e12) / 1e12), [0, 0.5, 1, 0.5]);
  assert.deepEqual([...analysisWindow('hamming', 4)].map((v) => Math.round(v * 1e12) / 1e12), [0.08, 0.54, 1, 0.54]);
  for (const n of [7, 400, 2048]) {
    const hann = analysisWindow('hann', n);
    const hamming = analysisWindow('hamming', n);
    for (let i = 0; i < n; i++) {
      assert.ok(close(hann[i]!, 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)));
      assert.ok(close(hamming[i]!, 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / n)));
      // DFT-even: symmetric about n/2, not about (n − 1)/2.
      if (i > 0) assert.ok(close(hann[i]!, hann[n - i]!, 1e-14));
    }
  }
  assert.deepEqual([...analysisWindow('hann', 1)], [1]);
});
