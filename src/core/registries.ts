import type { Observable, OperatorFunction } from 'rxjs';
import type { z } from 'zod';
import type { Context } from './context.js';
import type { Frame } from './frames.js';
import type { Log } from './log.js';
import type { ParamSpec } from './params.js';
import { Registry } from './registry.js';

/** What every registered source, node and output type declares. */
interface TypeEntry<P> {
  readonly name: string;
  /** One line for `--help` and validation messages. */
  readonly description: string;
  /** Schema of the type's fields in a patch (besides `type`, and `input` for nodes and outputs). */
  readonly params: z.ZodType<P>;
  /** Live-tunable parameters; a patch may set their starting values as fields of the same name. */
  readonly tunables?: Readonly<Record<string, ParamSpec>>;
}

/** Produces frames: devices, files, sockets, recordings. */
export interface SourceType<P = unknown> extends TypeEntry<P> {
  /** True when it needs the wall clock (a microphone, a socket): such sources refuse the virtual clock. */
  readonly live: boolean;
  create(params: P, ctx: Context): Observable<Frame>;
}

/** Turns frames into frames. */
export interface NodeType<P = unknown> extends TypeEntry<P> {
  /**
   * Loads what `create` needs that takes a while to start (a compute backend, large modules),
   * awaited once per type before any node of a patch is created, so that no frame waits for it.
   */
  prepare?(log: Log): Promise<void>;
  create(params: P, ctx: Context): OperatorFunction<Frame, Frame>;
}

/** Counters every output reports for the status line and benchmarks. */
export interface PortStats {
  /** Frames handed to the port. */
  readonly frames: number;
  /** Messages that left through the transport. */
  readonly sent: number;
  /** Messages dropped because a queue was full or a peer was too slow. */
  readonly dropped: number;
  /** Sends that failed. */
  readonly errors: number;
  /** Engine latency (seconds) from input arrival to the message leaving, 50th and 99th percentile. */
  readonly latencyP50: number;
  readonly latencyP99: number;
}

/** Sends frames somewhere. `write` never blocks and never throws. */
export interface OutputPort {
  open(): Promise<void>;
  write(frame: Frame): void;
  close(): Promise<void>;
  stats(): PortStats;
}

export interface OutputType<P = unknown> extends TypeEntry<P> {
  create(params: P, ctx: Context): OutputPort;
}

export const sourceTypes = new Registry<SourceType<any>>('source type');
export const nodeTypes = new Registry<NodeType<any>>('node type');
export const outputTypes = new Registry<OutputType<any>>('output type');
