import type { Clock } from './clock.js';
import type { Log } from './log.js';
import type { Param, ParamTree } from './params.js';

/** What the engine hands every source, node and output it creates. */
export interface Context {
  /** Id of the source, node or output in the patch. */
  readonly id: string;
  readonly clock: Clock;
  /** Log scoped to this id. */
  readonly log: Log;
  /** All parameters of the running patch. */
  readonly params: ParamTree;
  /** This entry's own tunables (declared by its type), already set to the patch's values. */
  tunable(name: string): Param;
  /** Reports an error that cost one frame or one message: counted, and logged at a limited rate. */
  report(error: unknown): void;
  /** Resolves a path written in the patch against the patch file's folder. */
  resolve(path: string): string;
}
