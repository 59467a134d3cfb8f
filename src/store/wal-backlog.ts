/** How far the WAL is ahead of the database file, read without touching either. */
import { openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

const header = Buffer.alloc(100);

/**
 * WAL frames not yet copied to the database file, read from the wal-index (the `-shm` file every
 * connection maps; https://www.sqlite.org/walformat.html) through `shmFd`: its header's mxFrame
 * (offset 16) less the checkpoint info's nBackfill (offset 96), in the machine's byte order.
 * Unlike `PRAGMA wal_checkpoint`, reading it copies nothing.
 *
 * The descriptor must stay open as long as the process has a connection to the database: closing any
 * descriptor of a file drops every POSIX lock the process holds on it, SQLite's included, and another
 * process may then reset the `-shm` under this one's mapping (SIGBUS). So it is opened once
 * (`openShm`) and closed only after the last connection.
 */
export function walBacklog(shmFd: number): number {
  if (readSync(shmFd, header, 0, header.length, 0) < header.length) return 0;
  const u32 = (at: number) => (endianness() === 'LE' ? header.readUInt32LE(at) : header.readUInt32BE(at));
  return u32(16) - u32(96);
}

/** A descriptor of the database's `-shm` file, for `walBacklog`; undefined when there is none. */
export function openShm(path: string): number | undefined {
  try {
    return openSync(`${path}-shm`, 'r');
  } catch {
    return undefined;
  }
}
