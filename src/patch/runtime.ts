import { resolve } from 'node:path';
import {
  catchError,
  connectable,
  EMPTY,
  map,
  merge,
  Observable,
  retry,
  share,
  Subject,
  tap,
  type Connectable,
  type Subscription,
} from 'rxjs';
import { after, type Clock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import { isTerpsiError, TerpsiError } from '../core/errors.js';
import type { Frame } from '../core/frames.js';
import { describeError, type Log } from '../core/log.js';
import { ParamTree, type ParamSpec } from '../core/params.js';
import { nodeTypes, outputTypes, sourceTypes, type OutputPort, type PortStats } from '../core/registries.js';
import { seconds, type Seconds } from '../core/units.js';
import { loadConfig } from './load-config.js';
import type { Patch, PatchEntry } from './load-patch.js';

export interface RunOptions {
  readonly clock: Clock;
  readonly log: Log;
  /** Stop this much engine time after the start (the clock may have run before). */
  readonly duration?: Seconds;
  /** Preset file applied after the patch's own preset. */
  readonly preset?: string;
  /**
   * Callbacks that see every frame of the named sources or nodes, in order (recording, offline
   * renders). A source's tap sees its frames before anything else does.
   */
  readonly taps?: Readonly<Record<string, (frame: Frame) => void>>;
  /**
   * A source that fails ends the run and `done` rejects with its error, instead of the show
   * going on without it: for offline renders, where a partial result would pass for a whole one.
   */
  readonly strict?: boolean;
}

export interface OutputStats extends PortStats {
  readonly id: string;
  readonly type: string;
}

export interface RuntimeStats {
  /** Engine time. */
  readonly t: Seconds;
  /** Frames emitted by all sources so far. */
  readonly framesIn: number;
  /** Frames lost to errors inside nodes and sources. */
  readonly errors: number;
  readonly outputs: readonly OutputStats[];
}

export interface Running {
  readonly params: ParamTree;
  stats(): RuntimeStats;
  /** Stops the sources, sends what is queued, closes the outputs. */
  stop(): Promise<void>;
  /** Settles once every source has ended, or the duration passed, or `stop` was called; rejects if a source failed in a strict run. */
  readonly done: Promise<void>;
}

/** Longest pause between attempts to reopen a live source that failed (a microphone unplugged). */
const maxRetryDelay = 5;

/**
 * Wires a loaded patch into an RxJS graph and starts it. Construction errors (a missing file,
 * a device that does not exist) reject; once running, a source that fails is logged and, if it
 * is live, reopened with backoff, while everything else keeps going.
 */
export async function startPatch(patch: Patch, options: RunOptions): Promise<Running> {
  const { clock, log } = options;
  const params = new ParamTree();
  let framesIn = 0;
  let errors = 0;
  let failure: { error: unknown } | undefined;
  let finish!: () => void;
  const ended = new Promise<void>((r) => (finish = r));

  const contextFor = (entry: PatchEntry, tunables: Readonly<Record<string, ParamSpec>> = {}): Context => {
    const scoped = log.child(entry.id);
    for (const [name, spec] of Object.entries(tunables)) {
      params.define(`${entry.id}/${name}`, { ...spec, default: entry.tunables[name] ?? spec.default });
    }
    return {
      id: entry.id,
      clock,
      log: scoped,
      params,
      tunable: (name) => params.get(`${entry.id}/${name}`),
      report(error) {
        errors++;
        scoped.limited('report', 'warn', describeError(error));
      },
      resolve: (path) => resolve(patch.dir, path),
    };
  };

  // Sources are connectable so that nothing flows until every subscriber is in place.
  const streams = new Map<string, Observable<Frame>>();
  const connectables: Connectable<Frame>[] = [];
  for (const entry of patch.sources) {
    const type = sourceTypes.get(entry.type);
    if (clock.virtual && type.live) {
      throw new TerpsiError('E_CLOCK', `source "${entry.id}" (${entry.type}) needs the real clock; run without --fast`);
    }
    const ctx = contextFor(entry, type.tunables);
    const raw = type.create(entry.params, ctx);
    const resilient = type.live
      ? raw.pipe(
          retry({
            resetOnSuccess: true,
            delay: (error, attempt) => {
              const wait = seconds(Math.min(maxRetryDelay, attempt));
              ctx.log.error(`stopped; reopening in ${wait} s`, error);
              return after(clock, wait);
            },
          }),
        )
      : raw.pipe(
          catchError((error: unknown) => {
            if (options.strict) {
              failure ??= { error };
              finish();
            } else {
              ctx.log.error('stopped', error);
            }
            return EMPTY;
          }),
        );
    const stamped = resilient.pipe(
      map((frame): Frame => ({ ...frame, rx: clock.now() })),
      tap(() => framesIn++),
    );
    const shared = connectable(stamped, { connector: () => new Subject<Frame>(), resetOnDisconnect: false });
    connectables.push(shared);
    streams.set(entry.id, shared);
  }

  const inputOf = (entry: PatchEntry) => merge(...entry.input.map((id) => streams.get(id)!));
  for (const type of new Set(patch.nodes.map((entry) => nodeTypes.get(entry.type)))) await type.prepare?.(log);
  for (const entry of patch.nodes) {
    const type = nodeTypes.get(entry.type);
    streams.set(entry.id, inputOf(entry).pipe(type.create(entry.params, contextFor(entry, type.tunables)), share()));
  }

  const ports: { entry: PatchEntry; port: OutputPort }[] = patch.outputs.map((entry) => {
    const type = outputTypes.get(entry.type);
    return { entry, port: type.create(entry.params, contextFor(entry, type.tunables)) };
  });

  for (const file of [patch.preset, options.preset]) {
    if (!file) continue;
    try {
      params.apply(loadConfig(file, 'preset').params);
    } catch (e) {
      throw isTerpsiError(e) && e.code === 'E_PARAM' ? new TerpsiError('E_PARAM', `${file}: ${e.message}`) : e;
    }
  }

  await Promise.all(ports.map(({ port }) => port.open()));

  const subscriptions: Subscription[] = [];
  for (const [id, see] of Object.entries(options.taps ?? {})) {
    const stream = streams.get(id);
    if (!stream) throw new TerpsiError('E_USAGE', `no source or node "${id}" to watch in ${patch.file}`);
    subscriptions.push(stream.subscribe(see));
  }
  for (const { entry, port } of ports) {
    subscriptions.push(inputOf(entry).subscribe((frame) => port.write(frame)));
  }

  let remaining = connectables.length;
  for (const c of connectables) {
    subscriptions.push(c.subscribe({ complete: () => --remaining === 0 && finish() }));
  }
  for (const c of connectables) subscriptions.push(c.connect());
  if (connectables.length === 0) finish();

  const stopTimer = new AbortController();
  if (options.duration !== undefined) {
    void clock.sleepUntil(seconds(clock.now() + options.duration), stopTimer.signal).then(() => finish());
  }

  let closing: Promise<void> | undefined;
  const stop = () =>
    (closing ??= (async () => {
      finish();
      stopTimer.abort();
      for (const s of subscriptions) s.unsubscribe();
      await Promise.all(ports.map(({ port }) => port.close()));
    })());
  const done = ended.then(stop).then(() => {
    if (failure) throw failure.error;
  });

  return {
    params,
    stop,
    done,
    stats: () => ({
      t: clock.now(),
      framesIn,
      errors,
      outputs: ports.map(({ entry, port }) => ({ id: entry.id, type: entry.type, ...port.stats() })),
    }),
  };
}
