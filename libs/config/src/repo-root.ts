import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root, found from this file whether it runs from sources or from `dist/`. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'groundwork') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no groundwork package.json above ${from}`);
  }
}
