import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate, type QuestionRef } from '../../bench/generate.ts';
import { createFolderSource } from '../../src/content/folder.ts';
import { periodsOf } from '../../src/core/boards.ts';
import { PackRegistry } from '../../src/core/packs.ts';
import { createSqliteStore, openDatabase } from '../../src/store/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-gen-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'gen.db'));
}

function questions(): QuestionRef[] {
  const packs = new PackRegistry(createFolderSource(join(import.meta.dirname, '..', '..', 'content')));
  packs.reload();
  return packs.list().flatMap((p) => p.questions.map((question) => ({ packId: p.id, question })));
}

describe('bench data generator', () => {
  it('writes exactly the asked numbers of answers and players, per workspace', () => {
    const db = fresh();
    const built = generate(db, { answers: 12_345, players: 1_001, small: 3, smallAnswers: 250, smallPlayers: 40 }, questions());
    const count = db.prepare<[string], { answers: number; players: number }>(
      'SELECT COUNT(*) AS answers, COUNT(DISTINCT user_id) AS players FROM answers WHERE workspace = ?',
    );
    expect(count.get('BIG')).toEqual({ answers: 12_345, players: 1_001 });
    for (const ws of ['S0', 'S1', 'S2']) expect(count.get(ws)).toEqual({ answers: 250, players: 40 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM answers').get()).toEqual({ n: 12_345 + 750 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM members WHERE workspace = 'BIG'").get()).toEqual({ n: 1_001 });
    expect(built.workspaces.map((w) => [w.id, w.answers, w.players])).toEqual([
      ['BIG', 12_345, 1_001],
      ['S0', 250, 40],
      ['S1', 250, 40],
      ['S2', 250, 40],
    ]);
  });

  it('writes the totals the answer path would have kept (a rebuild from the answers changes nothing)', () => {
    const db = fresh();
    generate(db, { answers: 6_000, players: 500, small: 1, smallAnswers: 300, smallPlayers: 30 }, questions());
    const read = () => db.prepare('SELECT * FROM score_totals ORDER BY workspace, period, user_id').all();
    const written = read();
    expect(written.length).toBeGreaterThan(500);
    const store = createSqliteStore(db);
    db.transaction(() => {
      for (const workspace of ['BIG', 'S0']) store.boards.rebuild({ platform: 'bench', workspace }, (t) => periodsOf(t, 'UTC'));
    })();
    expect(read()).toEqual(written);
  });

  it('refuses a shape where some player could not have answered', () => {
    expect(() => generate(fresh(), { answers: 10, players: 11, small: 0 }, questions())).toThrow(/cannot come from 11 players/);
  });
});
