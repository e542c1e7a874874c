/**
 * The last `capacity` values of a measurement (latencies, durations) with quantiles on demand.
 * Adding is O(1) and allocation-free, so it can sit on the per-frame path.
 */
export class RecentSamples {
  readonly #values: Float64Array;
  #next = 0;
  #size = 0;
  #total = 0;

  constructor(capacity = 4096) {
    this.#values = new Float64Array(capacity);
  }

  add(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#size < this.#values.length) this.#size++;
    this.#total++;
  }

  /** Values added since creation, including those that have rolled out of the window. */
  get total(): number {
    return this.#total;
  }

  /** The q-quantile (0..1) of the values in the window, nearest rank; NaN when empty. */
  quantile(q: number): number {
    if (this.#size === 0) return NaN;
    const sorted = this.#values.slice(0, this.#size).sort();
    const rank = Math.min(this.#size - 1, Math.max(0, Math.ceil(q * this.#size) - 1));
    return sorted[rank]!;
  }
}
