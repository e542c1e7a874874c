import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerpsiError } from '../../core/errors.js';
import { mma, runTool } from '../run-tool.js';

/** A groove of an mma library file and the tracks it plays (upper case, as mma names them: `BASS`, `CHORD-SUS`, `DRUM-KICK`). */
export interface GrooveTracks {
  readonly groove: string;
  readonly tracks: readonly string[];
}

// mma's answer depends only on the installed library: asked once per file per process.
const known = new Map<string, readonly GrooveTracks[]>();

/**
 * The grooves of `stdlib/<file>.mma` and their tracks, as mma itself describes them (`mma -Djs`),
 * leaving out intros, endings and fills: the grooves a song can stay on. Runs mma in `work` (a
 * scratch folder). E_TOOL when mma is missing, fails, or answers something that is not its
 * groove description.
 */
export async function grooveTracks(file: string, work: string): Promise<readonly GrooveTracks[]> {
  const cached = known.get(file);
  if (cached) return cached;
  const source = join(work, 'grooves.mma');
  writeFileSync(source, `Use stdlib/${file}\n`);
  const output = await runTool(mma, ['-Djs', source]);
  const fail = (why: string) => new TerpsiError('E_TOOL', `mma -Djs on stdlib/${file}: ${why}`);
  let data: unknown;
  try {
    data = JSON.parse(output.slice(output.indexOf('[')));
  } catch (e) {
    throw fail(`not the JSON groove description (${(e as Error).message})`);
  }
  if (!Array.isArray(data)) throw fail('expected a list of grooves');
  const grooves = data.map((g: unknown, i): GrooveTracks => {
    const { groove, tracks } = (g ?? {}) as { groove?: unknown; tracks?: unknown };
    if (typeof groove !== 'string' || !Array.isArray(tracks)) throw fail(`groove ${i}: expected a name and a track list`);
    return { groove, tracks: tracks.map((t: { track?: unknown }) => String(t?.track)) };
  });
  const playable = grooves.filter((g) => !/(intro|end|fill)\d*$/i.test(g.groove) && g.tracks.length > 0);
  if (playable.length === 0) throw fail('no groove a song can stay on');
  known.set(file, playable);
  return playable;
}
