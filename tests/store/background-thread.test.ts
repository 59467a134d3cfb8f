/**
 * The SQLite store's background thread (real worker thread, real files): the time-zone recount's slices
 * run there on their own connection, with the same totals as on the main thread; a slice waiting for
 * another process's lock leaves the event loop free; the WAL is checkpointed there, not in main-thread
 * commits; a thread that cannot start is reported and the work done on the main thread instead.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFolderSource } from '../../src/content/folder.ts';
import { periodsOf } from '../../src/core/boards.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { createTutor } from '../../src/core/tutor.ts';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { startBackground } from '../../src/store/background.ts';
import { openDatabase } from '../../src/store/index.ts';
import { openShm, walBacklog } from '../../src/store/wal-backlog.ts';
import { createAsyncSqliteStore, type AsyncSqliteOptions } from '../../src/store/sqlite-async.ts';
import type { AsyncStore } from '../../src/store/async-port.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Sunday evening in UTC: Monday already in Kiritimati (UTC+14), so the weeks differ between the zones.
const T0 = Date.UTC(2026, 10, 22, 20);
const scope = { platform: 'test', workspace: 'W1' };
const channel = { ...scope, channel: 'C1' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-background-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tutorOn(store: AsyncStore) {
  const tutor = createTutor({
    store,
    packs: new PackRegistry(createFolderSource(join(import.meta.dirname, '..', '..', 'content'))),
    calendar: nodeCronCalendar,
    log: quiet,
    settings: { tz: 'UTC', windowMs: 2 * HOUR, catchupMs: HOUR, easyMs: 15_000 },
    chat: () => ({ platform: 'test', postDrop: async () => 'm1', postReveal: async () => {} }),
    defer: setImmediate,
  });
  tutor.reload();
  return tutor;
}

function open(path: string, options: AsyncSqliteOptions = {}, busyTimeoutMs = 100) {
  const db = openDatabase(path, { busyTimeoutMs });
  const store = createAsyncSqliteStore(db, options);
  cleanups.push(() => store.close());
  return { db, store, tutor: tutorOn(store) };
}

/** `drops` drops a day apart, each answered by `people` people. */
async function answer(tutor: ReturnType<typeof tutorOn>, drops: number, people: number, from = T0, prefix = 'p') {
  for (let d = 0; d < drops; d++) {
    const at = from + d * DAY;
    const drop = (await tutor.postDrop({ channel }, at))!;
    for (let i = 0; i < people; i++) {
      const choice = i % 3 === 0 ? 'A' : drop.question!.answer;
      await tutor.answerInChannel(channel, { id: `${prefix}${i}`, name: `P${i}`, isAdmin: false }, choice, 'button', at + 1000 + i);
    }
  }
}

const totals = (db: Database.Database) =>
  db.prepare("SELECT period, user_id, points, correct, answered FROM score_totals WHERE workspace = 'W1' ORDER BY period, user_id").all();
const changes = (db: Database.Database) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const background = (onProblem = vi.fn()): AsyncSqliteOptions => ({ background: { onProblem } });

describe('the SQLite store background thread', () => {
  it('runs the recount on its own connection, with the same totals as a recount on the main thread', async () => {
    const dir = tempDir();
    const seed = open(join(dir, 'seed.db'));
    await answer(seed.tutor, 3, 70);
    // Closed before its file is copied: closing the copy's descriptor would drop this process's locks on it.
    await seed.store.close();
    copyFileSync(join(dir, 'seed.db'), join(dir, 'main.db'));
    copyFileSync(join(dir, 'seed.db'), join(dir, 'thread.db'));

    const here = open(join(dir, 'main.db'));
    const onProblem = vi.fn();
    const there = open(join(dir, 'thread.db'), background(onProblem));
    const [hereBefore, thereBefore] = [changes(here.db), changes(there.db)];
    for (const side of [here, there]) {
      expect(await side.tutor.setZone(scope, 'Pacific/Kiritimati')).toMatch(/background/);
    }
    await Promise.all([here.tutor.recounted(scope), there.tutor.recounted(scope)]);

    expect(totals(there.db)).toEqual(totals(here.db));
    expect(totals(there.db).some((r) => (r as { period: string }).period.startsWith('week:'))).toBe(true);
    // On the thread's side the main connection wrote the zone change only (one row), on the other the recount's rows too.
    expect(changes(there.db) - thereBefore).toBe(1);
    expect(changes(here.db) - hereBefore).toBeGreaterThan(200);
    expect(await there.store.workspaces.totalsZone(scope, 'UTC')).toEqual(await here.store.workspaces.totalsZone(scope, 'UTC'));
    expect(onProblem).not.toHaveBeenCalled();
  });

  it("runs a drop's close, its streak ends and its tally on the thread", async () => {
    const dir = tempDir();
    const here = open(join(dir, 'main.db'));
    const there = open(join(dir, 'thread.db'), background());
    const live = (db: Database.Database) => (db.prepare('SELECT COUNT(*) AS n FROM streaks WHERE current > 0').get() as { n: number }).n;
    const written: number[] = [];
    let ended = 0;
    for (const side of [here, there]) {
      await answer(side.tutor, 1, 50);
      // The second drop is answered by ten people only: the others' streaks end when it closes.
      await answer(side.tutor, 1, 10, T0 + DAY);
      const [before, streaks] = [changes(side.db), live(side.db)];
      await side.tutor.postDrop({ channel }, T0 + 2 * DAY);
      written.push(changes(side.db) - before);
      ended = streaks - live(side.db);
      expect((side.db.prepare('SELECT state FROM drops ORDER BY id').all() as { state: string }[]).map((d) => d.state)).toEqual(['closed', 'closed', 'open']);
    }
    expect(ended).toBeGreaterThan(20);
    // The close, the ended streaks and the new drop's row were written by the thread's connection.
    expect(written[0]! - written[1]!).toBe(1 + ended + 1);
  });

  it('counts answers that arrive between its slices exactly once', async () => {
    const dir = tempDir();
    const { db, tutor } = open(join(dir, 'x.db'), background());
    await answer(tutor, 2, 120);
    await tutor.setZone(scope, 'Pacific/Kiritimati');
    // Answers from other people keep coming while the slices run.
    await answer(tutor, 2, 40, T0 + 5 * DAY, 'late');
    await tutor.recounted(scope);
    const answers = (db.prepare("SELECT COUNT(*) AS n FROM answers WHERE workspace = 'W1'").get() as { n: number }).n;
    const { tz, gen } = await tutorStore(db).workspaces.totalsZone(scope, 'UTC');
    expect(tz).toBe('Pacific/Kiritimati');
    const weeks = db.prepare("SELECT SUM(answered) AS n FROM score_totals WHERE workspace = 'W1' AND period LIKE 'week:%'").get() as { n: number };
    expect(weeks.n).toBe(answers);
    // All four days fall in one Kiritimati week (Monday to Friday there): everyone has a total for it.
    const week = periodsOf(T0 + 1000, 'Pacific/Kiritimati', gen).find((k) => k.startsWith('week:'))!;
    expect(db.prepare("SELECT COUNT(*) AS n, SUM(answered) AS answered FROM score_totals WHERE workspace = 'W1' AND period = ?").get(week)).toEqual({ n: 160, answered: answers });
  });

  it("leaves the event loop free while a slice waits for another process's lock", async () => {
    const dir = tempDir();
    const path = join(dir, 'x.db');
    // The thread waits for the lock as long as the main connection would: long enough for this test's turns.
    const { store, tutor } = open(path, background(), 30_000);
    await answer(tutor, 1, 10);
    expect(await store.workspaces.changeZone(scope, 'Pacific/Kiritimati')).toBe('started');

    const other = new Database(path);
    cleanups.push(() => void other.close());
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const step = store.workspaces.rebuildStep(scope, periodsOf, 200).finally(() => (settled = true));
    // On the main thread the slice would have waited synchronously (busy_timeout) and failed by now.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    expect(await step).toBe('more');
  });

  it('checkpoints the WAL on the thread once its backlog is large enough: main-thread commits no longer do', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.db');
    const { db, tutor } = open(path, { background: { onProblem: vi.fn(), checkpointMs: 1, checkpointFrames: 200 } });
    // The test's own descriptor of the -shm, closed after the store (cleanups run last first).
    const shm = openShm(path)!;
    cleanups.unshift(() => closeSync(shm));
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    await answer(tutor, 1, 3);
    // Below the backlog, nothing is copied: what a few commits wrote stays in the WAL, as with SQLite's own checkpoint.
    expect(walBacklog(shm)).toBeGreaterThan(0);
    expect(walBacklog(shm)).toBeLessThan(200);
    expect(statSync(path).size).toBe(before);
    await answer(tutor, 2, 150);
    // Pages reach the database file only through a checkpoint, and only the thread runs them.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before), { timeout: 10_000, interval: 5 });
    await vi.waitFor(() => expect(walBacklog(shm)).toBeLessThan(200), { timeout: 10_000, interval: 5 });

    const plain = open(join(dir, 'plain.db'));
    expect(plain.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it("fsyncs the main connection's commits on the thread: a write resolves only once they are on disk", async () => {
    const dir = tempDir();
    const path = join(dir, 'x.db');
    // The real thread, with its fsync replies held back until the test lets them through.
    const held: (() => void)[] = [];
    let syncs = 0;
    const start: typeof startBackground = (file, options) => {
      const real = startBackground(file, options);
      return Object.assign(Object.create(real) as typeof real, {
        sync: () => real.sync().then(() => new Promise<void>((resolve) => held.push(() => (syncs++, resolve())))),
      });
    };
    const { db, store, tutor } = open(path, { background: { onProblem: vi.fn(), start } });
    // FULL was asked for: the main connection commits without its own fsync, the thread makes them durable.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);

    // A read needs no fsync.
    expect(await store.drops.openIn(channel)).toBeUndefined();
    expect(held).toHaveLength(0);

    let done = false;
    const write = store.workspaces.zone(scope, 'Europe/Paris').then(() => (done = true));
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 10_000, interval: 1 });
    // Committed (another connection sees it), not yet reported.
    const other = new Database(path, { readonly: true });
    cleanups.push(() => void other.close());
    expect(other.prepare("SELECT tz FROM workspaces WHERE workspace = 'W1'").pluck().get()).toBe('Europe/Paris');
    expect(done).toBe(false);
    held.shift()!();
    await write;
    expect(syncs).toBe(1);

    // The answer path's group commit (a transaction) too.
    const drop = tutor.postDrop({ channel }, T0);
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(0), { timeout: 10_000, interval: 1 });
    const release = setInterval(() => held.splice(0).forEach((r) => r()), 1);
    cleanups.push(() => clearInterval(release));
    const posted = (await drop)!;
    const answered = await tutor.answerInChannel(channel, { id: 'p1', name: 'P1', isAdmin: false }, posted.question!.answer, 'button', T0 + 1000);
    expect(answered.view).toMatchObject({ kind: 'feedback', correct: true });
    expect(syncs).toBeGreaterThanOrEqual(3);
  });

  it('reports a thread that cannot start, and the recount runs on the main thread instead', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.db');
    const seed = open(path);
    await answer(seed.tutor, 2, 30);
    await seed.store.close();

    const onProblem = vi.fn();
    const { db, tutor } = open(path, background(onProblem));
    // The file is away while the thread starts (the main connection keeps its open file), then back.
    renameSync(path, `${path}.away`);
    await vi.waitFor(() => expect(onProblem).toHaveBeenCalledWith('store.background_stopped', expect.stringMatching(/Cannot open the database/)), { timeout: 10_000, interval: 5 });
    renameSync(`${path}.away`, path);
    // Commits checkpoint and fsync again, as without the thread.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const before = changes(db);
    await tutor.setZone(scope, 'Pacific/Kiritimati');
    await tutor.recounted(scope);
    expect(changes(db) - before).toBeGreaterThan(60);
    const weeks = db.prepare("SELECT SUM(answered) AS n FROM score_totals WHERE workspace = 'W1' AND period LIKE 'week:%'").get() as { n: number };
    expect(weeks.n).toBe(60);
  });

  it('does not keep a finished process alive', () => {
    const dir = tempDir();
    const script = join(dir, 'open.mts');
    const src = (file: string) => JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'store', file));
    writeFileSync(
      script,
      `import { openDatabase } from ${src('index.ts')};
import { createAsyncSqliteStore } from ${src('sqlite-async.ts')};
const store = createAsyncSqliteStore(openDatabase(${JSON.stringify(join(dir, 'x.db'))}), { background: { onProblem: console.error } });
await store.workspaces.zone({ platform: 'test', workspace: 'W1' }, 'UTC');
console.log('written');
if (process.argv[2] === 'close') { await store.close(); console.log('closed'); }
`,
    );
    // The script ends without closing the store: the process must exit by itself (a timeout kills it otherwise).
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('written');
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    // Nor end it in the middle of closing the store (an unsettled await exits with 13).
    const closing = spawnSync(process.execPath, ['--import', 'tsx', script, 'close'], { encoding: 'utf8', timeout: 20_000 });
    expect([closing.stdout.trim(), closing.status]).toEqual(['written\nclosed', 0]);
  });

  it('starts under node flags that a worker does not take (a heap limit, a stack trace limit)', () => {
    const dir = tempDir();
    const src = (file: string) => JSON.stringify(join(import.meta.dirname, '..', '..', 'src', 'store', file));
    // A thread that cannot start would be reported on stderr (onProblem) or throw; a running one recounts.
    const code = `import { openDatabase } from ${src('index.ts')};
import { createAsyncSqliteStore } from ${src('sqlite-async.ts')};
const store = createAsyncSqliteStore(openDatabase(process.env.DB), { background: { onProblem: console.error } });
const scope = { platform: 'test', workspace: 'W1' };
await store.workspaces.zone(scope, 'UTC');
await store.workspaces.changeZone(scope, 'Pacific/Kiritimati');
while ((await store.workspaces.rebuildStep(scope, null, 10)) === 'more');
await store.close();
console.log('recounted');
`;
    const script = join(dir, 'flags.mts');
    writeFileSync(script, code);
    const flags = ['--max-old-space-size=512', '--stack-trace-limit=30'];
    const runs = {
      file: spawnSync(process.execPath, [...flags, '--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, DB: join(dir, 'a.db') } }),
      // A script given with -e, whose --input-type a worker started from a file refuses.
      eval: spawnSync(process.execPath, ['--input-type=module', ...flags, '--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, DB: join(dir, 'b.db') } }),
    };
    for (const run of Object.values(runs)) expect([run.stderr, run.stdout.trim(), run.status]).toEqual(['', 'recounted', 0]);
  });

  it('says why the thread stopped', async () => {
    const problems: string[] = [];
    const missing = startBackground(join(tempDir(), 'missing.db'), { onProblem: (event, reason) => problems.push(`${event}: ${reason}`) });
    await expect(missing.call('workspaces', 'rebuildStep', [scope, null, 10])).rejects.toThrow(/background thread stopped/);
    expect(missing.alive).toBe(false);
    expect(problems).toEqual([expect.stringMatching(/^store\.background_stopped: Cannot open the database at .*missing\.db/)]);
    await missing.close();
  });
});

/** The store of a database file, for reading its zone state. */
function tutorStore(db: Database.Database) {
  return createAsyncSqliteStore(db);
}
