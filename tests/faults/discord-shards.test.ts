/**
 * Two real Stepwise processes (the entry point, src/main.ts), each holding one of two Discord shards
 * (DISCORD_SHARDS=0 / 1, DISCORD_SHARD_COUNT=2), against ONE fake Discord with a guild on each shard and
 * one shared database: a SQLite file, and PostgreSQL when STEPWISE_TEST_PG is set. Each identifies with its
 * own shard and gets only that shard's guild; interactions reach only the process holding the guild;
 * scheduled slots are posted exactly once by whichever process claims them, including by a process
 * that does not have the guild in its cache.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type RecordedCall } from '../fakes/discord/index.ts';
import { startBot, type Bot } from '../helpers/bot.ts';

const PG_URL = process.env.STEPWISE_TEST_PG;
const MINUTE = 60_000;
const NUMERIC = new Set(['id', 'schedule_id', 'slot', 'drop_id', 'created_at']);

/** The shared database as the test sees it: where the processes find it, and SQL for setting it up and checking it. */
interface SharedDb {
  /** STEPWISE_DB for both processes. */
  location: string;
  /** Runs SQL with `?` placeholders; numbers come back as numbers on both engines. */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

async function sqliteDb(dir: string): Promise<SharedDb> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const path = join(dir, 'data', 'stepwise.db');
  return {
    location: path,
    async sql(text, params = []) {
      // A handle per call, closed at once: the processes share the file and its write lock.
      const db = new Database(path, { timeout: 5_000 });
      try {
        const stmt = db.prepare(text);
        return stmt.reader ? (stmt.all(...params) as Record<string, unknown>[]) : (stmt.run(...params), []);
      } finally {
        db.close();
      }
    },
    cleanup: async () => {},
  };
}

async function postgresDb(url: string): Promise<SharedDb> {
  // A fresh schema, named for this run, that both processes reach through the URL's search_path.
  const schema = `shards_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const location = `${url}${url.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    location,
    async sql(text, params = []) {
      let n = 0;
      const { rows } = await admin.query(text.replace(/\?/g, () => `$${++n}`), params);
      // BIGINT columns arrive as strings from pg; ids and slots are compared as numbers.
      return rows.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, NUMERIC.has(k) && v !== null ? Number(v) : v])));
    },
    async cleanup() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const ENGINES = [
  { name: 'sqlite', skip: false, open: (dir: string) => sqliteDb(dir) },
  { name: 'postgres', skip: !PG_URL, open: () => postgresDb(PG_URL!) },
] as const;

/** One JSON log line. */
interface Event {
  event: string;
  level: string;
  [field: string]: unknown;
}
const events = (bot: Bot): Event[] =>
  bot
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Event);

/** Resolves once the process has logged an event matching `match` (checked as output arrives; no sleeps). */
function logged(bot: Bot, match: (e: Event) => boolean, what: string, timeoutMs = 30_000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const hit = events(bot).find(match);
      if (!hit) return;
      done();
      resolve(hit);
    };
    const timer = setTimeout(() => (done(), reject(new Error(`timed out waiting for ${what}; stderr:\n${bot.stderr().slice(-3000)}`))), timeoutMs);
    const done = () => (clearTimeout(timer), bot.child.stderr.off('data', check));
    bot.child.stderr.on('data', check); // after the helper's own listener, so stderr() already holds the chunk
    void bot.exited.then(({ code }) => (done(), reject(new Error(`exited with ${code} before ${what}; stderr:\n${bot.stderr().slice(-3000)}`))));
    check();
  });
}

/** A cron matching only the UTC minute of `slot` (daily): its latest slot is in the past until tomorrow. */
function dailyAt(slot: number): string {
  const d = new Date(slot);
  return `${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
}

let fake: FakeDiscord | undefined;
let dir: string | undefined;
let db: SharedDb | undefined;
const running: Bot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
  }
  await fake?.close();
  await db?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  fake = dir = db = undefined;
});

describe.each(ENGINES)('two processes, one shard each, on one $name database', (engine) => {
  it.skipIf(engine.skip)(
    'each identifies with its own shard; interactions reach the holder; every scheduled slot is posted once, also by a process without the guild',
    { timeout: 120_000 },
    async () => {
      // Discord requires 2 shards here: a process identifying as the only shard would be closed with 4011.
      fake = await startFakeDiscord({ requiredShards: 2 });
      const f = fake;
      const g1 = f.state.guild;
      const g2 = f.addGuild({ name: 'Second server', shard: [1, 2] });
      dir = mkdtempSync(join(tmpdir(), 'stepwise-shards-'));
      db = await engine.open(dir);
      const shared = db;
      const env = (shard: number) => ({
        DISCORD_TOKEN: f.token,
        DISCORD_API_URL: f.apiUrl,
        DISCORD_SHARDS: String(shard),
        DISCORD_SHARD_COUNT: '2',
        STEPWISE_DB: shared.location,
        LOG_LEVEL: 'info',
      });
      const start = (shard: number): Bot => {
        const bot = startBot(dir!, env(shard));
        running.push(bot);
        return bot;
      };
      const ready = (bot: Bot) => logged(bot, (e) => e.event === 'stepwise.ready', 'stepwise.ready');
      const stop = async (...bots: Bot[]) => {
        for (const bot of bots) bot.child.kill('SIGTERM');
        for (const bot of bots) expect((await bot.exited).code, bot.stderr().slice(-2000)).toBe(0);
      };
      const isDropPost = (c: RecordedCall) => /^sw-drop-\d+$/.test(String((c.body as { nonce?: unknown } | null)?.nonce ?? ''));
      const dropPosts = () => f.callsTo('POST', /^\/channels\/\d+\/messages$/).filter(isDropPost);
      const scheduledDrops = async () =>
        (await shared.sql('SELECT id, schedule_id, slot, state, workspace, message_ref FROM drops WHERE schedule_id IS NOT NULL ORDER BY id')) as {
          id: number;
          schedule_id: number;
          slot: number;
          state: string;
          workspace: string;
          message_ref: string | null;
        }[];

      /** `/quiz schedule add` by the admin in `guild`; `holder` must be the one to handle it. Returns the schedule id. */
      const addSchedule = async (guild: FakeGuild, cron: string, holder: Bot, other: Bot): Promise<number> => {
        const payload = f.payloads.chatInputInteraction({ userId: f.state.users.admin.id, channelId: guild.channel.id, group: 'schedule', subcommand: 'add', options: { cron } });
        // Routed by the fake as Discord does: to the one session holding the guild's shard.
        expect(f.dispatch('INTERACTION_CREATE', payload)).toBe(1);
        const added = await logged(holder, (e) => e.event === 'schedule.added' && e.workspace === guild.id && e.cron === cron, `schedule.added in ${guild.name}`);
        expect(events(other).some((e) => e.event === 'schedule.added' && e.workspace === guild.id)).toBe(false);
        return Number(added.schedule);
      };

      // --- Start: A holds shard 0 (the seeded guild), B shard 1 (the second guild). A migrates first.
      let a = start(0);
      await ready(a);
      let b = start(1);
      await ready(b);
      const shards = f.gatewayEvents.filter((e) => e.kind === 'identify').map((e) => (e.detail as { shard: number[] }).shard);
      expect(shards.sort()).toEqual([[0, 2], [1, 2]]);
      expect(events(a).find((e) => e.event === 'discord.ready')).toMatchObject({ shards: [0], shardCount: 2, guilds: 1 });
      expect(events(b).find((e) => e.event === 'discord.ready')).toMatchObject({ shards: [1], shardCount: 2, guilds: 1 });

      // A schedule in each guild, daily at a minute just past: nothing fires it while running.
      const past = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
      const s1 = await addSchedule(g1, dailyAt(past), a, b);
      const s2 = await addSchedule(g2, dailyAt(past), b, a);
      await stop(a, b);
      // As if they had been added an hour ago: the slot a minute or two back is now missed, to be caught up at start.
      await shared.sql('UPDATE schedules SET created_at = created_at - ?', [3_600_000]);

      // --- Only A runs: it catches up both slots, the second guild's over REST (it never had that guild).
      a = start(0);
      await ready(a);
      const caught = events(a).filter((e) => e.event === 'schedule.caught_up');
      expect(caught.map((e) => e.schedule).sort()).toEqual([s1, s2].sort());
      let drops = await scheduledDrops();
      expect(drops.map((d) => [d.schedule_id, d.state])).toEqual([
        [s1, 'open'],
        [s2, 'open'],
      ]);
      const d2 = drops.find((d) => d.schedule_id === s2)!;
      expect(d2.workspace).toBe(g2.id);
      const posted2 = dropPosts().filter((c) => c.path === `/channels/${g2.channel.id}/messages`);
      expect(posted2.map((c) => [c.status, (c.body as { nonce: string }).nonce])).toEqual([[200, `sw-drop-${d2.id}`]]);
      await f.waitForCall('PUT', new RegExp(`^/channels/${g2.channel.id}/messages/${d2.message_ref}/reactions/.+/@me$`), { nth: 4, where: (c) => c.status === 204, timeoutMs: 15_000 });
      expect(events(a).find((e) => e.event === 'discord.ready')).toMatchObject({ guilds: 1 });

      // B starts: both slots are taken, nothing is posted again.
      b = start(1);
      await ready(b);
      expect(events(b).filter((e) => e.event === 'schedule.caught_up')).toEqual([]);
      expect(dropPosts()).toHaveLength(2);

      // A button answer in each guild reaches only the process holding it (B answers on a drop A posted) and is stored once.
      for (const [guild, holder, other] of [
        [g1, a, b],
        [g2, b, a],
      ] as const) {
        const drop = drops.find((d) => d.workspace === guild.id)!;
        const press = f.payloads.buttonInteraction({ userId: f.state.users.learner.id, message: drop.message_ref!, customId: `stepwise:answer:${drop.id}:A` });
        expect(f.dispatch('INTERACTION_CREATE', press)).toBe(1);
        const callback = await f.waitForCall('POST', `/interactions/${press.id}/${press.token}/callback`, { timeoutMs: 15_000 });
        expect(callback.status).toBeLessThan(300);
        await logged(holder, (e) => e.event === 'answer.recorded' && e.drop === drop.id, `answer.recorded for drop ${drop.id}`);
        expect(events(other).some((e) => e.event === 'answer.recorded' && e.drop === drop.id)).toBe(false);
      }
      const answers = await shared.sql('SELECT drop_id, user_id, choice FROM answers ORDER BY drop_id');
      expect(answers).toEqual(drops.map((d) => ({ drop_id: d.id, user_id: f.state.users.learner.id, choice: 'A' })));

      // --- Both run the scheduler and start together: a new schedule in each guild, each slot posted exactly once.
      const later = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * MINUTE;
      const s3 = await addSchedule(g1, dailyAt(later), a, b);
      const s4 = await addSchedule(g2, dailyAt(later), b, a);
      await stop(a, b);
      await shared.sql('UPDATE schedules SET created_at = created_at - ? WHERE id IN (?, ?)', [3_600_000, s3, s4]);
      a = start(0);
      b = start(1);
      await Promise.all([ready(a), ready(b)]);
      drops = await scheduledDrops();
      const raced = [s3, s4].map((s) => drops.find((d) => d.schedule_id === s)!);
      expect(raced.map((d) => [d?.state, d?.workspace])).toEqual([
        ['open', g1.id],
        ['open', g2.id],
      ]);
      // One drop per schedule and slot in the database, and one post of each on Discord (a second post would be a
      // second call with the same nonce, which the fake, like Discord, would answer with the first message).
      expect(drops).toHaveLength(4);
      for (const drop of raced) {
        expect(dropPosts().filter((c) => (c.body as { nonce: string }).nonce === `sw-drop-${drop.id}`).map((c) => c.status)).toEqual([200]);
      }
      const byWhom = [a, b].flatMap((bot, i) => events(bot).filter((e) => e.event === 'schedule.caught_up').map((e) => [e.schedule, i === 0 ? 'A' : 'B']));
      expect(byWhom.map(([s]) => s).sort()).toEqual([s3, s4].sort());
      await stop(a, b);

      for (const bot of [a, b]) expect(events(bot).filter((e) => e.level === 'error')).toEqual([]);
      expect(f.unknownRoutes()).toEqual([]);
    },
  );
});
