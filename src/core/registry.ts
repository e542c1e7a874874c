import { TerpsiError } from './errors.js';

/**
 * Name → implementation table for one extension point (sources, nodes, outputs, backends).
 * Patches refer to implementations by these names.
 */
export class Registry<T extends { readonly name: string }> {
  readonly #entries = new Map<string, T>();

  /** `what` names the kind of entry in messages, e.g. "source type". */
  constructor(readonly what: string) {}

  register(entry: T): void {
    if (this.#entries.has(entry.name)) {
      throw new TerpsiError('E_DUPLICATE_NAME', `${this.what} "${entry.name}" is registered twice`);
    }
    this.#entries.set(entry.name, entry);
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  get(name: string): T {
    const entry = this.#entries.get(name);
    if (!entry) {
      throw new TerpsiError('E_UNKNOWN_TYPE', `unknown ${this.what} "${name}"; known: ${this.names().join(', ')}`);
    }
    return entry;
  }

  names(): string[] {
    return [...this.#entries.keys()].sort();
  }

  list(): T[] {
    return [...this.#entries.values()];
  }
}
