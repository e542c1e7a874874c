import { TerpsiError } from './errors.js';

/** What a tunable is: its range, default and unit. */
export interface ParamSpec {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** Unit for people and UIs: 'seconds', 'radians', 'dB', 'normalized', ... */
  readonly unit: string;
  readonly description: string;
  /** True for whole-number parameters (counts, MIDI notes). */
  readonly integer?: boolean;
}

/** One live, ranged value. Reads are a field access, so operators read it on every frame. */
export class Param {
  #value: number;
  readonly #listeners = new Set<(value: number) => void>();

  constructor(
    readonly path: string,
    readonly spec: ParamSpec,
  ) {
    this.#value = spec.default;
  }

  get value(): number {
    return this.#value;
  }

  /**
   * Sets the value, clamped to the range (a fader overshooting by a hair is not an error);
   * anything that is not a finite number is refused. Returns the value applied.
   */
  set(value: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TerpsiError('E_PARAM', `${this.path}: expected a finite number, got ${String(value)}`);
    }
    const { min, max, integer } = this.spec;
    let v = Math.min(max, Math.max(min, value));
    if (integer) v = Math.round(v);
    if (v !== this.#value) {
      this.#value = v;
      for (const listener of this.#listeners) listener(v);
    }
    return v;
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  onChange(listener: (value: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** Every parameter of a running patch, addressed as `<node id>/<name>`. Presets are its snapshots. */
export class ParamTree {
  readonly #params = new Map<string, Param>();

  define(path: string, spec: ParamSpec): Param {
    if (this.#params.has(path)) throw new TerpsiError('E_PARAM', `parameter ${path} is defined twice`);
    if (!(spec.min <= spec.default && spec.default <= spec.max)) {
      throw new TerpsiError('E_PARAM', `parameter ${path}: default ${spec.default} is outside ${spec.min}..${spec.max}`);
    }
    const param = new Param(path, spec);
    this.#params.set(path, param);
    return param;
  }

  get(path: string): Param {
    const param = this.#params.get(path);
    if (!param) {
      throw new TerpsiError('E_PARAM', `no parameter ${path}; known: ${[...this.#params.keys()].join(', ') || 'none'}`);
    }
    return param;
  }

  set(path: string, value: number): number {
    return this.get(path).set(value);
  }

  list(): Param[] {
    return [...this.#params.values()];
  }

  /** Current values, for saving as a preset. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.list().map((p) => [p.path, p.value]));
  }

  /** Applies a preset; every path must exist, so a typo in a preset is caught at load. */
  apply(values: Readonly<Record<string, number>>): void {
    for (const [path, value] of Object.entries(values)) this.set(path, value);
  }
}
