/** How far the WAL is ahead of the database file, read without touching either. */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

const header = Buffer.alloc(100);

/**
 * WAL frames not yet copied to the database file at `path`, read from the wal-index (the `-shm` file
 * every connection maps; https://www.sqlite.org/walformat.html): its header's mxFrame (offset 16) less
 * the checkpoint info's nBackfill (offset 96), in the machine's byte order. 0 when there is no index.
 * Unlike `PRAGMA wal_checkpoint`, reading it copies nothing.
 */
export function walBacklog(path: string): number {
  let fd: number | undefined;
  try {
    fd = openSync(`${path}-shm`, 'r');
    if (readSync(fd, header, 0, header.length, 0) < header.length) return 0;
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const u32 = (at: number) => (endianness() === 'LE' ? header.readUInt32LE(at) : header.readUInt32BE(at));
  return u32(16) - u32(96);
}
