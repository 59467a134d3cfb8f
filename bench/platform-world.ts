/** A tutor for the platform scenarios: real SQLite in a temp folder, real content, adapters plugged in by the scenario. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFolderSource } from '../src/content/folder.ts';
import { PackRegistry } from '../src/core/packs.ts';
import type { ChatPort, Clock, Logger } from '../src/core/ports.ts';
import { createTutor } from '../src/core/tutor.ts';
import { nodeCronCalendar } from '../src/scheduler/calendar.ts';
import { openDatabase } from '../src/store/index.ts';
import { createAsyncSqliteStore } from '../src/store/sqlite-async.ts';
import { CONTENT } from './lib.ts';

/** The real clock: the fakes sign, time out and rate-limit on real time, so the tutor must too. */
export const realClock: Clock = { now: () => Date.now() };

/** A logger that writes nothing but keeps warnings and errors (with `at`, Date.now()), so a scenario can count and report them. */
export function countingLog() {
  const warnings: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const keep = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void warnings.push({ level, event, fields: { ...fields, at: Date.now() } });
  const log: Logger = { debug() {}, info() {}, warn: keep('warn'), error: keep('error') };
  return { log, warnings };
}

/**
 * The tutor wired as src/main.ts wires it (group commit on setImmediate), with the ChatPorts the
 * scenario's adapters register in `ports`.
 */
export function platformWorld() {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const ports = new Map<string, ChatPort>();
  const logs = countingLog();
  const tutor = createTutor({
    store: createAsyncSqliteStore(db),
    packs: new PackRegistry(createFolderSource(CONTENT)),
    calendar: nodeCronCalendar,
    log: logs.log,
    settings: { tz: 'UTC', windowMs: 24 * 3_600_000, catchupMs: 3_600_000, easyMs: 15_000 },
    chat: (platform) => ports.get(platform),
    defer: setImmediate,
  });
  tutor.reload();
  const countAnswers = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM answers WHERE drop_id = ?');
  return {
    dir,
    db,
    tutor,
    ports,
    logs,
    /** Answers stored in the database for `dropId` (what survives, not what was replied). */
    answersFor: (dropId: number): number => countAnswers.get(dropId)?.n ?? 0,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The letters a drop's question offers, so a burst only sends valid answers. */
export function lettersOf(world: ReturnType<typeof platformWorld>, questionId: string): string[] {
  const letters = world.tutor.packs.question(questionId)?.options.map((o) => o.letter) ?? [];
  if (!letters.length) throw new Error(`question ${questionId} is not loaded`);
  return letters;
}
