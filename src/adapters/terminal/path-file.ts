/** A path typed in the terminal as the file of an attachment option (`/quiz pack add ./my-pack.md`). */
import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { IncomingFile } from '../../core/ports.ts';

const WHY: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a folder', EACCES: 'permission denied' };

/** The file at `path` (relative to the working folder), read at most `maxBytes` (+1 to tell it is bigger). */
export function pathFile(path: string): IncomingFile {
  const full = resolve(path);
  return {
    name: basename(full),
    async read(maxBytes) {
      let handle;
      try {
        handle = await open(full, 'r');
        const { size } = await handle.stat();
        if (size > maxBytes) return { tooBig: size };
        const bytes = new Uint8Array(size);
        const { bytesRead } = await handle.read(bytes, 0, size, 0);
        return { bytes: bytes.subarray(0, bytesRead) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        throw new UsageError(`Cannot read ${path.slice(0, 200)}: ${WHY[code] ?? (code || 'unknown error')}.`);
      } finally {
        await handle?.close();
      }
    },
  };
}
