import { realClock, type Clock } from '../../src/core/clock.js';
import type { Context } from '../../src/core/context.js';
import { createLog } from '../../src/core/log.js';
import { ParamTree, type ParamSpec } from '../../src/core/params.js';

/** A Context as the runtime would build it, with log lines collected in `lines`. */
export function testContext(
  id = 'test',
  options: { clock?: Clock; tunables?: Readonly<Record<string, ParamSpec>>; dir?: string } = {},
): Context & { lines: string[]; reported: unknown[] } {
  const clock = options.clock ?? realClock();
  const lines: string[] = [];
  const reported: unknown[] = [];
  const params = new ParamTree();
  for (const [name, spec] of Object.entries(options.tunables ?? {})) params.define(`${id}/${name}`, spec);
  const log = createLog({ clock, level: 'debug', write: (line) => lines.push(line) }).child(id);
  return {
    id,
    clock,
    log,
    params,
    lines,
    reported,
    tunable: (name) => params.get(`${id}/${name}`),
    report: (error) => reported.push(error),
    resolve: (path) => (options.dir ? `${options.dir}/${path}` : path),
  };
}
