/** A tutor over a real SQLite file in a temp folder, real content, a fixed clock and a recording chat. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createFolderSource } from '../../src/content/folder.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import type { ChatPort, ContentSource, Logger, Pictures } from '../../src/core/ports.ts';
import { createTutor, type Tutor } from '../../src/core/tutor.ts';
import type { Actor, ChannelRef, Drop, Scope } from '../../src/core/types.ts';
import type { DropView, ReplyFile, RevealView, View } from '../../src/core/views.ts';
import { nodeCronCalendar } from '../../src/scheduler/calendar.ts';
import { createSqliteStore, openDatabase } from '../../src/store/index.ts';
import { createAsyncSqliteStore } from '../../src/store/sqlite-async.ts';

export const CONTENT = join(import.meta.dirname, '..', '..', 'content');
export const T0 = Date.UTC(2026, 10, 26, 9, 0); // Thu 26 Nov 2026, 09:00 UTC

/** A ChatPort for core tests: records what the core would send (adapter tests use real platforms). */
export function recordingChat(platform = 'test') {
  const posted: { channel: ChannelRef; view: DropView; ref: string }[] = [];
  const reveals: { drop: Drop; view: RevealView; files?: ReplyFile[] }[] = [];
  const privates: { scope: Scope; userId: string; view: View }[] = [];
  const views: { channel: ChannelRef; view: View; files?: ReplyFile[] }[] = [];
  let fail: string | undefined;
  const port: ChatPort = {
    platform,
    async postDrop(channel, view) {
      if (fail) throw new Error(fail);
      const ref = `msg-${posted.length + 1}`;
      posted.push({ channel, view, ref });
      return ref;
    },
    async postReveal(drop, view, files) {
      reveals.push({ drop, view, ...(files ? { files } : {}) });
    },
    async postView(channel, view, files) {
      if (fail) throw new Error(fail);
      views.push({ channel, view, ...(files ? { files } : {}) });
    },
    async sendPrivate(scope, userId, view) {
      privates.push({ scope, userId, view });
    },
  };
  return { port, posted, reveals, privates, views, failWith: (reason?: string) => void (fail = reason) };
}

/** Log lines kept in memory so tests can assert on events. */
export function memoryLog() {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push({ level, event, fields });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

/** Options for a test world. */
export interface WorldOptions {
  dir?: string;
  tz?: string;
  windowMs?: number;
  catchupMs?: number;
  content?: ContentSource;
  /** Draws pictures (the real renderer in picture tests); absent, replies are text only. */
  pictures?: Pictures;
}

/** Everything a core test needs; `reopen()` simulates a restart on the same database file. */
export function makeWorld(opts: WorldOptions = {}) {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'stepwise-'));
  const dbPath = join(dir, 'stepwise.db');
  const db: Database.Database = openDatabase(dbPath);
  // Tests read and arrange through the synchronous store; the tutor sees the async port, as in production.
  const store = createSqliteStore(db);
  const chat = recordingChat();
  const { log, lines } = memoryLog();
  // The seed pack only, so expectations do not move when other packs are added.
  const packs = new PackRegistry(opts.content ?? createFolderSource(join(CONTENT, '01-ml-lifecycle.md')));
  const tutor: Tutor = createTutor({
    store: createAsyncSqliteStore(db),
    packs,
    calendar: nodeCronCalendar,
    log,
    settings: { tz: opts.tz ?? 'UTC', windowMs: opts.windowMs ?? 24 * 3_600_000, catchupMs: opts.catchupMs ?? 3_600_000, easyMs: 15_000 },
    chat: (p) => (p === chat.port.platform ? chat.port : undefined),
    defer: setImmediate,
    ...(opts.pictures ? { pictures: opts.pictures } : {}),
  });
  tutor.reload();
  const channel: ChannelRef = { platform: 'test', workspace: 'W1', channel: 'C1' };
  return {
    dir,
    dbPath,
    db,
    store,
    chat,
    log: lines,
    tutor,
    channel,
    admin: { id: 'admin', name: 'Ada Admin', isAdmin: true } satisfies Actor,
    member: (id: string, name = id): Actor => ({ id, name, isAdmin: false }),
    close: () => db.close(),
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type World = ReturnType<typeof makeWorld>;
