/** db:copy moves a seeded history SQLite → PostgreSQL → SQLite with equal counts and equal boards. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AsyncStore } from '../../../src/store/async-port.ts';
import { openDatabase } from '../../../src/store/index.ts';
import { copyHistory } from '../../../src/store/postgres/copy.ts';
import { createPostgresStore, openPostgres } from '../../../src/store/postgres/index.ts';
import { TABLES } from '../../../src/store/postgres/tables.ts';
import { createAsyncSqliteStore } from '../../../src/store/sqlite-async.ts';
import { PG_URL } from './engines.ts';
import { answer, claimed, newDrop, openDrop, OTHER, schedule, SCOPE, seedHistory, T0 } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const schemas = ['copy_a', 'copy_b'].map((s) => `${s}_${process.pid}`);
/** The URL with a search_path, as a user would pass it for a non-default schema. */
const inSchema = (schema: string) => `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

/** Everything a person sees, read through the port: equal on both ends after a copy. */
async function snapshot(store: AsyncStore) {
  const people = ['ann', 'bo', 'Cy', 'dee'];
  return {
    top: await store.boards.top(SCOPE, 'all', 10),
    days: await store.boards.top(SCOPE, `day:${Math.floor(T0 / 86_400_000)}`, 10),
    ranks: await Promise.all(people.map((u) => store.boards.rankOf(SCOPE, 'all', u))),
    streaks: await Promise.all(people.map((u) => store.boards.streakOf(SCOPE, u))),
    cards: await Promise.all(people.map((u) => store.cards.forUser(SCOPE, u))),
    schedules: await store.schedules.all(),
    drops: await Promise.all([1, 2, 3].map((id) => store.drops.get(id))),
    answers: await store.answers.forDrop(1),
    reminders: await store.reminders.active(),
    notice: (await store.reminders.get(SCOPE, 'bo'))?.notice,
    pending: await store.reviews.pending(SCOPE, 'bo'),
    reviews: await store.reviews.count(SCOPE, 'ann', 'review'),
    // Asked with a zone no one recorded: a copied workspace answers with its own.
    zones: [await store.workspaces.zone(SCOPE, 'Pacific/Fiji'), await store.workspaces.zone(OTHER, 'Pacific/Fiji')],
    // The delivery came along: it is not new on the other end (last, since a first claim would record it).
    delivered: await store.deliveries.claim('slack', 'Ev-seed', T0 + 1, T0 - 3_600_000),
    insights: await store.insights.questions(SCOPE),
    wrong: await store.insights.wrongPicks(SCOPE),
    weeks: await store.insights.weeks(SCOPE, ['week:1']),
    players: await store.boards.playerCount(SCOPE, 'all'),
    perPack: await Promise.all(people.map((u) => store.boards.perPack(SCOPE, u))),
    usage: await Promise.all(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-failed'].map(async (c) => [...(await store.drops.usage({ ...SCOPE, channel: c }))])),
    hints: [await store.hints.counts(SCOPE), await store.hints.asked(SCOPE, 'ann', 'drop:1')],
    weekly: await store.weekly.all(),
    packs: [await store.packs.list(SCOPE), await store.packs.version(SCOPE)],
  };
}

describe.skipIf(!PG_URL)('db:copy [sqlite ⇄ postgres]', () => {
  let dir: string;
  let admin: pg.Pool;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-copy-'));
    admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s}`);
  });
  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies SQLite to an empty PostgreSQL and back: same counts per table, same boards, ids continue', async () => {
    const src = join(dir, 'src.db');
    const sqlite = createAsyncSqliteStore(openDatabase(src));
    await seedHistory(sqlite);
    const before = await snapshot(sqlite);
    await sqlite.close();

    const lines: string[] = [];
    const there = await copyHistory(src, inSchema(schemas[0]!), (l) => lines.push(l));
    expect(there.find((c) => c.table === 'answers')?.rows).toBe(7);
    expect(there.map((c) => c.table)).toEqual(TABLES.map((t) => t.name));
    // Summaries kept by triggers are rebuilt by the target's triggers, not copied (the snapshot checks them).
    const derived = new Set(TABLES.filter((t) => t.history === 'FALSE').map((t) => t.name));
    expect([...derived].sort()).toEqual(['channel_usage', 'score_points', 'week_activity']);
    expect(there.every((c) => c.table === 'meta' || (derived.has(c.table) ? c.rows === 0 : c.rows > 0))).toBe(true);
    expect(lines).toContain('answers: 7/7');

    const pgStore = createPostgresStore(await openPostgres(PG_URL!, { schema: schemas[0] }));
    expect(await snapshot(pgStore)).toEqual(before);
    // Ids continue past the copied ones: the sequences were moved.
    const next = await pgStore.schedules.add(schedule({ cron: '0 10 * * *', tz: 'UTC' }));
    expect(next.id).toBe(2);
    const d = await openDrop(pgStore, { questionId: 'q4' });
    expect(d).toBe(4);
    await pgStore.answers.insert(answer(d, 'ann'), ['all']);
    const afterPg = await snapshot(pgStore);
    await pgStore.close();

    const back = join(dir, 'back.db');
    const counts = await copyHistory(inSchema(schemas[0]!), back);
    expect(counts.find((c) => c.table === 'drops')?.rows).toBe(4);
    const again = createAsyncSqliteStore(openDatabase(back));
    expect(await snapshot(again)).toEqual(afterPg);
    expect(claimed(await again.drops.claim(newDrop({ channel: 'C-new', openedAt: 0, closesAt: 1 }))).id).toBe(5);
    await again.close();
  });

  it('refuses a target that is not empty, in either direction, and copies nothing', async () => {
    const src = join(dir, 'refuse.db');
    const s = createAsyncSqliteStore(openDatabase(src));
    await seedHistory(s);
    await s.close();
    const target = createPostgresStore(await openPostgres(PG_URL!, { schema: schemas[1] }));
    await target.members.remember(SCOPE, 'someone', 'Someone', 1);
    await expect(copyHistory(src, inSchema(schemas[1]!))).rejects.toThrow(/is not empty \(members: 1\)\. db:copy only fills an empty database; nothing was copied\./);
    expect(await target.boards.playerCount(SCOPE, 'all')).toBe(0);
    await target.close();
    await expect(copyHistory(inSchema(schemas[1]!), src)).rejects.toThrow(/refuse\.db is not empty \(members: 4, schedules: 1/);
  });

  it('as a command: counts on stdout, one clear line and exit code 1 on refusal, usage on bad arguments', () => {
    const src = join(dir, 'src.db');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/db-copy.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
    const ok = run('--from', src, '--to', join(dir, 'cli.db'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^answers\s+7$/m);
    expect(ok.stdout).toMatch(/^Copied \d+ rows in/m);
    const refused = run('--from', src, '--to', join(dir, 'cli.db'));
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/is not empty/);
    const bad = run('--from', src);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^Usage: npm run db:copy/);
    const missing = run('--from', join(dir, 'nope.db'), '--to', join(dir, 'x.db'));
    expect(missing.stderr.trim()).toBe(`There is no SQLite database at ${join(dir, 'nope.db')}.`);
  });
});
