import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION } from '../../src/store/index.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-backup-'));
  path = join(dir, 'data', 'stepwise.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const TSX = require.resolve('tsx');
const BETTER_SQLITE3 = require.resolve('better-sqlite3');

const ANSWER = `INSERT INTO answers (drop_id, user_id, platform, workspace, pack_id, question_id, choice, correct, points, answered_at, elapsed_ms, via)
  VALUES (1, ?, 'p', 'W', 'k', 'q', 'B', 1, 1, ?, 0, 'button')`;
const TOTAL = `INSERT INTO score_totals VALUES ('p', 'W', 'all', ?, 1, 1, 1)
  ON CONFLICT DO UPDATE SET points = points + 1, correct = correct + 1, answered = answered + 1`;

// The bot's side: one answer per commit, each with its totals in the same transaction, numbered w0,
// w1, …; after each commit it prints the number committed. Stops on a line on stdin.
const WRITER = `
const Database = require(process.env.BS3);
const db = new Database(process.env.DB);
db.pragma('busy_timeout = 5000');
const answer = db.prepare(process.env.ANSWER);
const total = db.prepare(process.env.TOTAL);
const one = db.transaction((i) => { answer.run('w' + i, i); total.run('w' + (i % 50)); });
let i = 0, stop = false;
process.stdin.on('data', () => (stop = true));
(function next() {
  if (stop) { db.close(); process.stdout.write('stopped ' + i + '\\n'); process.exit(0); }
  one(i++);
  process.stdout.write(i + '\\n');
  setImmediate(next);
})();
`;

function run(cmd: string[], env: Record<string, string>) {
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout.on('data', (d) => ((stdout += d), listeners.forEach((l) => l())));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    until: (test: (out: string) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => test(stdout) && resolve();
        listeners.push(check);
        void exited.then(() => (test(stdout) ? resolve() : reject(new Error(`exited early: ${stderr}`))));
        check();
      }),
  };
}
const backupCli = (dest: string, db = path) => run([process.execPath, '--import', TSX, join(ROOT, 'src', 'cli', 'backup.ts'), dest], { STEPWISE_DB: db });
const lastCount = (out: string) => Number(out.trim().split('\n').at(-1) ?? 0);

describe('npm run backup (item 16)', () => {
  it('taken while another process writes, is a consistent Stepwise database with every answer committed before it began', async () => {
    // Enough history that the copy takes many steps, so the writer's commits land in the middle of it.
    const db = openDatabase(path);
    db.prepare(`INSERT INTO drops (platform, workspace, channel, pack_id, question_id, difficulty, state, opened_at, closes_at)
      VALUES ('p', 'W', 'C', 'k', 'q', 'easy', 'open', 1, 2)`).run();
    const answer = db.prepare(ANSWER);
    const total = db.prepare(TOTAL);
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) (answer.run(`old${i}`, i), total.run(`old${i % 50}`));
    })();
    db.close();

    const writer = run([process.execPath, '-e', WRITER], { BS3: BETTER_SQLITE3, DB: path, ANSWER, TOTAL });
    await writer.until((out) => lastCount(out) >= 20);
    const committedBefore = lastCount(writer.out());
    const dest = join(dir, 'backups', 'monday.db');
    const backup = backupCli(dest);
    expect(await backup.exited).toBe(0);
    const committedAfter = lastCount(writer.out());
    writer.child.stdin.write('stop\n');
    expect(await writer.exited).toBe(0);

    expect(backup.err()).toMatch(/Backing up .*stepwise\.db: \d+% \([\d,]+\/[\d,]+ pages\)/);
    expect(backup.out()).toMatch(new RegExp(`^Backed up .*stepwise\\.db to .*monday\\.db: schema version ${SCHEMA_VERSION}, [\\d,]+ answers, 1 drops, [\\d.]+ MiB, integrity ok, in [\\d.]+ s`));
    expect(existsSync(`${dest}.partial`)).toBe(false);
    expect(committedAfter).toBeGreaterThan(committedBefore); // the writer really wrote during the backup

    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete'); // one self-contained file
    expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(copy.prepare("SELECT COUNT(*) FROM answers WHERE user_id LIKE 'old%'").pluck().get()).toBe(30_000);
    // The writer's answers form a prefix w0…w(k-1): a snapshot, never a torn mix.
    const mine = copy.prepare("SELECT CAST(SUBSTR(user_id, 2) AS INTEGER) AS n FROM answers WHERE user_id LIKE 'w%' ORDER BY n").pluck().all() as number[];
    expect(mine.length).toBeGreaterThanOrEqual(committedBefore);
    expect(mine).toEqual(mine.map((_, i) => i));
    // Every answer and its totals came from the same commit.
    expect(copy.prepare("SELECT SUM(answered) FROM score_totals WHERE period = 'all'").pluck().get()).toBe(copy.prepare('SELECT COUNT(*) FROM answers').pluck().get());
    copy.close();
    // And Stepwise opens it as its own (which is what a restore does).
    const restored = openDatabase(dest);
    expect(restored.prepare('SELECT COUNT(*) FROM drops').pluck().get()).toBe(1);
    restored.close();
  }, 60_000);

  it('never overwrites a file, and refuses a database that is not Stepwise\'s, with one line', async () => {
    openDatabase(path).close();
    const taken = join(dir, 'taken.db');
    writeFileSync(taken, 'precious');
    const over = backupCli(taken);
    expect(await over.exited).toBe(1);
    expect(over.err()).toBe(`backup: ${taken} already exists. A backup never overwrites a file: choose a new name.\n`);

    const foreign = join(dir, 'other.db');
    new Database(foreign).exec('CREATE TABLE t (x)');
    const wrong = backupCli(join(dir, 'copy.db'), foreign);
    expect(await wrong.exited).toBe(1);
    expect(wrong.err()).toBe(`backup: ${foreign} is not a Stepwise database (it has no Stepwise schema version). Nothing was copied.\n`);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
  });
});
