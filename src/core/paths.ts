import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding terpsi's package.json: where patches/, devices/ and presets/ ship. */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'terpsi') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('terpsi package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();
