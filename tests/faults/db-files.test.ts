/**
 * The operator's files, through the real entry point: a file the service user cannot write, a file
 * whose -wal was deleted after a crash, another program's database. Each is refused at start with one
 * line on stderr and exit 1, and the file is left as it was.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';
import { runScript, startBot } from '../helpers/bot.ts';
import { CONTENT } from '../helpers/world.ts';
import { holdWriteLock } from '../store/other-process.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-dbfiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dbPath = () => join(dir, 'data', 'stepwise.db');
const ROOT = join(import.meta.dirname, '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx');
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Runs the entry point as another user (root can write any file, so the test drops to `nobody`). */
function runAs(uid: number | undefined, env: Record<string, string>) {
  const node = [process.execPath, '--import', TSX, join(ROOT, 'src', 'main.ts')];
  const [cmd, ...args] = uid === undefined ? node : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...node];
  const child = spawn(cmd!, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', STEPWISE_CONTENT: CONTENT, STEPWISE_DB: dbPath(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end('/quiz answer B\n');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const files = (p: string) => ['', '-wal', '-shm'].map((s) => (existsSync(p + s) ? readFileSync(p + s).toString('base64') : null));

describe('a database file the service user cannot write (item 2)', () => {
  it('is refused at start with one line, although SQLite opens it read-only without complaint', async () => {
    // An already-migrated WAL database owned by someone else, in a folder the service user owns (so
    // SQLite can create -wal and -shm): it opens, every read works, and only a write would fail.
    const db = openDatabase(dbPath());
    db.prepare("INSERT INTO meta (key, value) VALUES ('totals_built_for', 'UTC') ON CONFLICT (key) DO UPDATE SET value = 'UTC'").run();
    db.close();
    chmodSync(dir, 0o755);
    let uid: number | undefined;
    if (asRoot) {
      chownSync(join(dir, 'data'), NOBODY, NOBODY);
      uid = NOBODY;
    }
    chmodSync(dbPath(), 0o444);
    const before = readFileSync(dbPath());
    const { code, stdout, stderr } = await runAs(uid, {});
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^stepwise: The database at ${dbPath()} cannot be written by this user \\(uid ${uid ?? process.getuid?.()}\\): attempt to write a readonly database\\. ` +
          `Give it write access to the file and its folder \\(SQLite also creates ${dbPath()}-wal and ${dbPath()}-shm there\\)\\.\\n$`,
      ),
    );
    expect(readFileSync(dbPath()).equals(before)).toBe(true);
  });
});

describe('a database whose -wal file was deleted after a crash (item 15)', () => {
  it('is refused instead of silently starting over empty; STEPWISE_ALLOW_EMPTY_DB=1 starts over', async () => {
    // A bot that never stopped cleanly: its history is in the -wal file, the main file has none yet.
    const bot = startBot(dir);
    await bot.waitFor(/📝 Question #1/);
    bot.child.stdin.write('/quiz answer B\n');
    await bot.waitFor(/✅ Correct/);
    bot.child.kill('SIGKILL');
    await bot.exited;
    expect(existsSync(`${dbPath()}-wal`)).toBe(true);
    rmSync(`${dbPath()}-wal`);
    rmSync(`${dbPath()}-shm`, { force: true });
    const before = files(dbPath());

    const refused = await runScript(dir, '/quiz answer B\n');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `stepwise: The database at ${dbPath()} is missing or holds no answers, drops or schedules, but ${dbPath()}.history.json says it had history: ` +
        'the file looks reset (a deleted -wal file, a replaced or moved file). Stop here and restore a backup (README: "Backups and the database file"), ' +
        'or set STEPWISE_ALLOW_EMPTY_DB=1 to start over with this file. Nothing was changed.\n',
    );
    expect(files(dbPath())).toEqual(before);

    const allowed = await runScript(dir, '/quiz answer B\n', { STEPWISE_ALLOW_EMPTY_DB: '1' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/✅ Correct/);
    // From now on this database is the one with history; an ordinary start works.
    expect((await runScript(dir, '')).code).toBe(0);
  });
});

describe("another program's database (item 17)", () => {
  it('is refused with one line, with no tables added and its journal mode untouched', async () => {
    mkdirSync(join(dir, 'data'));
    const other = new Database(dbPath());
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');");
    other.close();
    const before = files(dbPath());
    const { code, stderr } = await runScript(dir, '/quiz answer B\n');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^stepwise: The file at .*stepwise\.db is an SQLite database that Stepwise did not create \(.*notes\)\. .*Nothing was changed\.\n$/);
    expect(files(dbPath())).toEqual(before);
  });
});

/** Resolves once process `pid` has `file` open (Linux: /proc/<pid>/fd), polling; a wait, not a timing assertion. */
async function hasOpen(pid: number, file: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkOr(`/proc/${pid}/fd/${fd}`) === file)) return;
    } catch {
      // The process is starting or gone; the exit check below tells which.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`process ${pid} never opened ${file}`);
}
const readlinkOr = (p: string) => {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
};

describe('a second process starting while another one writes (item 12)', () => {
  it('waits for the write lock instead of dying with "database is locked"', async () => {
    const first = await runScript(dir, '/quiz answer B\n');
    expect(first.code).toBe(0);
    // Another process holds the write lock until this start has the file open and has run into the
    // lock. The start also rebuilds the totals (another zone), which used to read first and then fail
    // on its first write at once, whatever busy_timeout said.
    const other = await holdWriteLock(dbPath());
    const bot = startBot(dir, { STEPWISE_TZ: 'Europe/Berlin' });
    bot.child.stdin.end('/quiz leaderboard\n');
    await hasOpen(bot.child.pid!, dbPath());
    await new Promise((r) => setTimeout(r, 500)); // let it run into the lock, then let go
    await other.release();
    const { code } = await bot.exited;
    expect(bot.stderr()).not.toMatch(/locked/);
    expect(code).toBe(0);
    expect(bot.stdout()).toMatch(/🏆 Leaderboard/);
  });
});
