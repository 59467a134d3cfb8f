/** Files in the terminal: written into a folder, so the person can open them; the chat prints each path. */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ReplyFile } from '../../core/views.ts';

/** Where one file went, or why it could not be written. */
export type Written = { name: string; description: string; path: string } | { name: string; description: string; error: string };

/** A file name safe in any folder: no directories, no characters shells and file systems trip over. */
function safeName(name: string): string {
  const base = basename(name).replace(/[^\w.-]+/g, '_').replace(/^\.+/, '');
  return base || 'file';
}

/** Writes each file into `dir` (made if missing) without overwriting an earlier one: `name-2.csv` and so on. */
export async function writeFiles(dir: string, files: readonly ReplyFile[]): Promise<Written[]> {
  const out: Written[] = [];
  for (const f of files) {
    try {
      await mkdir(dir, { recursive: true });
      const name = safeName(f.name);
      const ext = extname(name);
      const stem = name.slice(0, name.length - ext.length);
      for (let n = 1; ; n++) {
        const path = resolve(join(dir, n === 1 ? name : `${stem}-${n}${ext}`));
        try {
          await writeFile(path, f.bytes, { flag: 'wx' });
          out.push({ name: f.name, description: f.description, path });
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw err;
        }
      }
    } catch (err) {
      out.push({ name: f.name, description: f.description, error: (err as Error).message.split('\n')[0]! });
    }
  }
  return out;
}
