/** Another process on the same database file (a second Stepwise, a backup, an sqlite3 shell), for lock tests. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

// Takes the write lock (BEGIN IMMEDIATE), writes one meta row (or runs SQL), says "locked", and commits when told
// (a line on stdin) or after `releaseAfterMs`; says "released" once the commit is done.
const SCRIPT = `
const Database = require(process.env.BS3);
const db = new Database(process.env.DB);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN IMMEDIATE');
db.exec(process.env.SQL || "INSERT INTO meta (key, value) VALUES ('other_process', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1");
process.stdout.write('locked\\n');
let done = false;
const release = () => {
  if (done) return;
  done = true;
  db.exec('COMMIT');
  db.close();
  process.stdout.write('released\\n');
  process.exit(0);
};
const after = Number(process.env.AFTER_MS);
if (after > 0) setTimeout(release, after);
process.stdin.on('data', release);
`;

/** A process holding the write lock of the database at `path`; resolves once the lock is held. */
export async function holdWriteLock(path: string, releaseAfterMs = 0, sql = '') {
  const child = spawn(process.execPath, ['-e', SCRIPT], {
    env: { PATH: process.env.PATH ?? '', BS3: BETTER_SQLITE3, DB: path, AFTER_MS: String(releaseAfterMs), SQL: sql },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers: (() => void)[] = [];
  child.stdout.on('data', (d) => ((out += d), watchers.forEach((w) => w())));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(word) ? resolve() : undefined);
      watchers.push(check);
      void exited.then((code) => (out.includes(word) ? resolve() : reject(new Error(`lock holder exited ${code} before "${word}": ${err}`))));
      check();
    });
  const released = seen('released');
  await seen('locked');
  return {
    /** Commits and ends the other process. */
    release: async () => {
      child.stdin.write('go\n');
      await released;
      await exited;
    },
    released,
    exited,
    output: () => out,
  };
}
