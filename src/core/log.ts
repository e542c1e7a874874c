import type { Clock } from './clock.js';
import { isTerpsiError } from './errors.js';
import type { Seconds } from './units.js';

export const logLevels = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];
const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Log {
  error(message: string, cause?: unknown): void;
  warn(message: string, cause?: unknown): void;
  info(message: string): void;
  debug(message: string): void;
  /**
   * Logs under `key` at most once per `interval`; the next line says how many were held back.
   * For anything a peer can trigger at will (bad packets, garbage messages).
   */
  limited(key: string, level: LogLevel, message: string, interval?: Seconds): void;
  /** A log whose lines are prefixed with `scope`. */
  child(scope: string): Log;
}

export interface LogOptions {
  readonly clock: Clock;
  readonly level?: LogLevel;
  /** Where finished lines go; stderr by default. */
  readonly write?: (line: string) => void;
}

/** Describes an error for a log line: coded errors by their code, others by their message. */
export function describeError(e: unknown): string {
  if (isTerpsiError(e)) return e.toString();
  if (e instanceof Error) return e.message;
  return String(e);
}

export function createLog(options: LogOptions): Log {
  const threshold = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const windows = new Map<string, { until: number; held: number }>();

  const make = (scope: string): Log => {
    const emit = (level: LogLevel, message: string, cause?: unknown) => {
      if (rank[level] > threshold) return;
      const tail = cause === undefined ? '' : `: ${describeError(cause)}`;
      write(`[${level}] ${scope ? scope + ': ' : ''}${message}${tail}`);
    };
    return {
      error: (m, c) => emit('error', m, c),
      warn: (m, c) => emit('warn', m, c),
      info: (m) => emit('info', m),
      debug: (m) => emit('debug', m),
      limited(key, level, message, interval = 5 as Seconds) {
        const now = options.clock.now();
        const id = `${scope}\u0000${key}`;
        const w = windows.get(id);
        if (w && now < w.until) {
          w.held++;
          return;
        }
        const held = w?.held ?? 0;
        windows.set(id, { until: now + interval, held: 0 });
        emit(level, held > 0 ? `${message} (${held} similar held back)` : message);
      },
      child: (name) => make(scope ? `${scope}/${name}` : name),
    };
  };
  return make('');
}
