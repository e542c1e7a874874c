import { TerpsiError } from '../core/errors.js';

export interface PowerToDbOptions {
  /** Power that maps to 0 dB; default 1. */
  readonly ref?: number;
  /** Powers below this count as this, so silence gives a finite floor; default 1e-10. */
  readonly amin?: number;
  /** Values more than this many dB below the loudest value are raised to it; null for no floor. Default 80. */
  readonly topDb?: number | null;
}

/**
 * librosa.power_to_db on one array: out[i] = 10·log10(max(amin, power[i])) − 10·log10(max(amin,
 * |ref|)), then floored at max(out) − topDb. `out` may be `power` itself. Units: power in, dB out.
 */
export function powerToDb(power: ArrayLike<number>, out: Float32Array | Float64Array, options: PowerToDbOptions = {}): void {
  const { ref = 1, amin = 1e-10, topDb = 80 } = options;
  if (!(amin > 0)) throw new TerpsiError('E_PARAM', `power to dB: amin must be > 0, got ${amin}`);
  if (topDb !== null && !(topDb >= 0)) throw new TerpsiError('E_PARAM', `power to dB: topDb must be ≥ 0 dB, got ${topDb}`);
  const offset = 10 * Math.log10(Math.max(amin, Math.abs(ref)));
  // The maximum is read back from `out`, so a Float32 `out` is floored exactly as it is stored.
  let max = -Infinity;
  for (let i = 0; i < power.length; i++) {
    const p = power[i]!;
    out[i] = 10 * Math.log10(p > amin ? p : amin) - offset;
    if (out[i]! > max) max = out[i]!;
  }
  if (topDb === null) return;
  const floor = max - topDb;
  for (let i = 0; i < power.length; i++) if (out[i]! < floor) out[i] = floor;
}
