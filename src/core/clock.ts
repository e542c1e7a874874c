import { Observable } from 'rxjs';
import { performance } from 'node:perf_hooks';
import { seconds, type Seconds } from './units.js';

/**
 * The engine's only source of time. Live shows run on the real clock; tests and offline renders
 * run on the virtual clock, which jumps straight to the next moment anyone waits for, so a whole
 * song goes through the same code path as live, faster than real time and deterministically.
 */
export interface Clock {
  /** Engine time: seconds since the clock started. */
  now(): Seconds;
  /** Unix time (seconds since 1970) of engine time `t`, for wire timestamps such as OSC timetags. */
  unixTime(t: Seconds): Seconds;
  /**
   * Resolves once engine time reaches `t` (on the next turn if it already has). An abort resolves
   * it early; callers check `signal.aborted`.
   */
  sleepUntil(t: Seconds, signal?: AbortSignal): Promise<void>;
  /** True for the virtual clock: sources that need the wall clock (microphones, sockets) refuse it. */
  readonly virtual: boolean;
}

/** Monotonic clock on `performance.now()`; engine time 0 is the moment it was made. */
export function realClock(): Clock {
  const start = performance.now();
  const now = () => seconds((performance.now() - start) / 1000);
  const unixStart = (performance.timeOrigin + start) / 1000;
  return {
    now,
    unixTime: (t) => seconds(unixStart + t),
    sleepUntil(t, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        // Node's timers count whole milliseconds and may fire up to one early: round up, never wake early.
        const timer = setTimeout(done, Math.max(0, Math.ceil((t - now()) * 1000)));
        function done() {
          signal?.removeEventListener('abort', done);
          clearTimeout(timer);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    },
    virtual: false,
  };
}

interface Waiter {
  readonly t: Seconds;
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * Discrete-event clock. Waiters wake in time order (ties in arrival order), one per turn of the
 * event loop, so each woken task runs its synchronous work and queues its next wait before time
 * moves on. `unixOrigin` is the Unix time that engine time 0 stands for on the wire.
 */
export function virtualClock(unixOrigin: Seconds = seconds(0)): Clock {
  let current = seconds(0);
  let seq = 0;
  let pending = false;
  const waiters: Waiter[] = [];

  const step = () => {
    pending = false;
    const next = waiters.shift();
    if (!next) return;
    if (next.t > current) current = next.t;
    next.wake();
    schedule();
  };
  const schedule = () => {
    if (!pending && waiters.length > 0) {
      pending = true;
      setImmediate(step);
    }
  };

  return {
    now: () => current,
    unixTime: (t) => seconds(unixOrigin + t),
    sleepUntil(t, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const waiter: Waiter = { t: t > current ? t : current, seq: seq++, wake };
        function wake() {
          signal?.removeEventListener('abort', cancel);
          resolve();
        }
        function cancel() {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          resolve();
        }
        signal?.addEventListener('abort', cancel, { once: true });
        // Few tasks wait at once (one per source or timer), so a sorted insert beats a heap here.
        let i = waiters.length;
        while (i > 0 && waiters[i - 1]!.t > waiter.t) i--;
        waiters.splice(i, 0, waiter);
        schedule();
      });
    },
    virtual: true,
  };
}

/** An Observable that emits once after `delay` of engine time; unsubscribing cancels the wait. */
export function after(clock: Clock, delay: Seconds): Observable<void> {
  return new Observable<void>((subscriber) => {
    const stop = new AbortController();
    void clock.sleepUntil(seconds(clock.now() + delay), stop.signal).then(() => {
      if (stop.signal.aborted) return;
      subscriber.next();
      subscriber.complete();
    });
    return () => stop.abort();
  });
}
