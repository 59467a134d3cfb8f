import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';
import { checkConsistency } from '../helpers/consistency.ts';
import { CONTENT } from '../helpers/world.ts';

const TSX = createRequire(import.meta.url).resolve('tsx');
const HAMMER = join(import.meta.dirname, '..', 'helpers', 'hammer.ts');
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function hammer(dbPath: string, who: string, rounds: number) {
  const child = spawn(process.execPath, ['--import', TSX, HAMMER, dbPath, join(CONTENT, '01-ml-lifecycle.md'), who, String(rounds)]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('three processes on one SQLite file', () => {
  it('never score an answer after its drop closed, and never leave two live drops in a channel', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-procs-'));
    const dbPath = join(dir, 'stepwise.db');
    openDatabase(dbPath).close(); // migrate once, so the three race on the data, not the schema
    const runs = await Promise.all(['p1', 'p2', 'p3'].map((who) => hammer(dbPath, who, 1500)));
    for (const r of runs) expect(r.err).toBe('');
    for (const r of runs) expect(r.code).toBe(0);
    const counts = runs.map((r) => JSON.parse(r.out) as Record<string, number>);
    // The race really happened: drops were posted, closed and answered by all three.
    expect(counts.every((c) => c.posted! > 0 && c.answers! > 0)).toBe(true);
    expect(checkConsistency(dbPath)).toEqual([]);
  }, 120_000);
});
